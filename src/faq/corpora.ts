import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Language } from '../chat/chat.types.ts';
import { ContentFileError } from '../lib/yaml-files.ts';
import { parseLexicon, type Lexicon } from './lexicon.ts';

/** One everyday question outside public services ("giá vàng hôm nay"): the matcher learns to leave these alone. */
export interface NegativeExample {
  text: string;
  lang: Language;
  category: string;
}

export const smallTalkIntents = [
  'greeting',
  'thanks',
  'ack',
  'goodbye',
  'who_are_you',
  'human_or_bot',
  'complaint',
  'insult',
] as const;
export type SmallTalkIntent = (typeof smallTalkIntents)[number];

const byLanguage = <T extends z.ZodType>(item: T) => z.object({ vi: item, en: item, km: item });
const intentSchema = z.object({
  offerMenu: z.boolean().default(false),
  examples: byLanguage(z.array(z.string().trim().min(1)).min(1, 'cần ít nhất một ví dụ')),
  reply: byLanguage(z.string().trim().min(1, 'câu trả lời trống')),
});
const smallTalkSchema = z.object({
  intents: z.record(z.enum(smallTalkIntents), intentSchema),
});

export type SmallTalkCorpus = Partial<Record<SmallTalkIntent, z.infer<typeof intentSchema>>>;

/** What the matcher trains on besides the topics; every file is optional (a missing one is an empty corpus). */
export interface TrainingCorpora {
  negatives: NegativeExample[];
  smallTalk: SmallTalkCorpus;
  /** Concepts the classifier sees as features at training and query time alike (absent: none). */
  lexicon?: Lexicon;
}

const languageSchema = z.enum(['vi', 'en', 'km']);

/** Parses content/faq-negatives.tsv (header text, lang, category); a bad row names its line. */
export function parseNegatives(file: string, text: string): NegativeExample[] {
  const lines = text.normalize('NFC').split(/\r?\n/);
  const header = lines[0]?.replace(/^\uFEFF/, '').trim();
  if (header !== 'text\tlang\tcategory')
    throw new ContentFileError(file, ['dòng đầu phải là text⇥lang⇥category']);
  const out: NegativeExample[] = [];
  const problems: string[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [t = '', lang = '', category = ''] = line.split('\t').map((c) => c.trim());
    const parsedLang = languageSchema.safeParse(lang);
    if (!t || !parsedLang.success) problems.push(`dòng ${i + 2}: cần text và lang (vi|en|km)`);
    else out.push({ text: t, lang: parsedLang.data, category: category || 'other' });
  });
  if (problems.length) throw new ContentFileError(file, problems);
  return out;
}

export function parseSmallTalk(file: string, text: string): SmallTalkCorpus {
  let data: unknown;
  try {
    data = parse(text.normalize('NFC'));
  } catch (err) {
    throw new ContentFileError(file, [`YAML không đọc được: ${(err as Error).message}`]);
  }
  const parsed = smallTalkSchema.safeParse(data);
  if (!parsed.success)
    throw new ContentFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return parsed.data.intents;
}

/**
 * Reads `faq-negatives.tsv`, `smalltalk.yaml` and `faq-lexicon.yaml` from a content folder (or explicit paths, for
 * evaluation against other corpora). Synchronous like the knowledge-base load: the model is trained before the first
 * message; a bad file throws a ContentFileError naming it, which stops start-up.
 */
export function loadTrainingCorpora(opts: {
  contentDir: string;
  negativesFile?: string;
  smallTalkFile?: string;
  lexiconFile?: string;
}): TrainingCorpora {
  const negFile = opts.negativesFile ?? path.join(opts.contentDir, 'faq-negatives.tsv');
  const stFile = opts.smallTalkFile ?? path.join(opts.contentDir, 'smalltalk.yaml');
  const lexFile = opts.lexiconFile ?? path.join(opts.contentDir, 'faq-lexicon.yaml');
  return {
    negatives: existsSync(negFile) ? parseNegatives(negFile, readFileSync(negFile, 'utf8')) : [],
    smallTalk: existsSync(stFile) ? parseSmallTalk(stFile, readFileSync(stFile, 'utf8')) : {},
    ...(existsSync(lexFile) ? { lexicon: parseLexicon(lexFile, readFileSync(lexFile, 'utf8')) } : {}),
  };
}
