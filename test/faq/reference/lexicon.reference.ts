// Reference copy of the implementation before issue 16's feature-extraction speed-up (src/faq/lexicon.ts): the
// equivalence test (test/faq/features-equivalence.test.ts) checks the optimised code gives exactly its outputs. Do not edit.
import { parse } from 'yaml';
import { z } from 'zod';
import { ContentFileError } from '../../../src/lib/yaml-files.ts';
import { normalise } from './normalise.reference.ts';

/**
 * The concept lexicon (content/faq-lexicon.yaml): many ways of saying one thing ("sổ đỏ", "bìa đỏ", "land title",
 * "giấy chứng nhận quyền sử dụng đất") mapped to one concept id, so a question worded unlike every variant still
 * fires the classifier feature the variants taught it (`x:<concept>`, features.ts).
 *
 * Latin-script forms match on normalised bare syllables (the same normaliser as the questions, so "so do", "sổ đỏ"
 * and the abbreviation "qsdđ" expanded by it all meet), whole syllables only: "an" never matches inside "toan".
 * Khmer-script forms match as substrings of the question's Khmer text, which has no spaces between words.
 */
export interface Lexicon {
  /** Concept ids, in file order. */
  readonly ids: readonly string[];
  /** How many distinct surface forms (after normalising) the lexicon matches. */
  readonly forms: number;
  /** Concept ids found in a question, once per occurrence, given its bare syllables and its Khmer text. */
  conceptsIn(bare: readonly string[], khmer: string): string[];
}

/** A number ("06", "1022") is a way of saying it too: YAML reads an unquoted one as a number. */
const form = z
  .union([z.string(), z.number().transform(String)])
  .pipe(z.string().trim().min(1, 'cách nói trống'));
const formList = z.array(form).default([]);

/** One concept: the standard term first, then everyday words, chat abbreviations, English and Khmer. */
export const conceptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id chỉ gồm chữ thường, số và dấu gạch ngang'),
    vi: z.array(form).min(1, 'cần ít nhất một thuật ngữ chuẩn'),
    everyday: formList,
    abbr: formList,
    en: formList,
    /** Khmer script. */
    km: formList,
    /** Khmer as people type it in Latin letters. */
    km_latin: formList,
  })
  .strict();
export type LexiconConcept = z.infer<typeof conceptSchema>;

export const lexiconFileSchema = z.object({ concepts: z.array(conceptSchema) }).strict();

const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/u;
const KHMER_FORM = /^[\u1780-\u17ff\u19e0-\u19ff\u200b\s]+$/u;
/** A Khmer form shorter than this is a syllable that turns up inside unrelated words. */
const MIN_KHMER_CHARS = 3;

interface Phrase {
  rest: string[];
  concept: string;
}

/** An empty lexicon: no concept features (a content folder without the file). */
export const EMPTY_LEXICON: Lexicon = buildLexicon([]);

/** Builds the matcher; throws (with every problem) on ids or forms that cannot work. */
export function buildLexicon(concepts: LexiconConcept[]): Lexicon {
  const byFirst = new Map<string, Phrase[]>();
  const khmerForms: { text: string; concept: string }[] = [];
  const owner = new Map<string, string>();
  const problems: string[] = [];
  const ids: string[] = [];
  for (const [n, c] of concepts.entries()) {
    if (ids.includes(c.id)) problems.push(`concepts.${n}.id: "${c.id}" trùng`);
    ids.push(c.id);
    const latin = [...c.vi, ...c.everyday, ...c.abbr, ...c.en, ...c.km_latin];
    for (const form of latin) {
      if (KHMER.test(form)) problems.push(`concepts.${n} (${c.id}): "${form}" là chữ Khmer, đặt vào km`);
      const key = normalise(form).tokens.map((t) => t.bare);
      claim(key.join(' '), form, c.id, n);
      if (key.length === 0 || owner.get(key.join(' ')) !== c.id) continue;
      const list = byFirst.get(key[0]!) ?? [];
      if (!list.some((p) => p.concept === c.id && p.rest.join(' ') === key.slice(1).join(' ')))
        list.push({ rest: key.slice(1), concept: c.id });
      byFirst.set(key[0]!, list);
    }
    for (const form of c.km) {
      const text = form.replace(/[\u200b\s]+/gu, '');
      if (!KHMER_FORM.test(form)) problems.push(`concepts.${n} (${c.id}): km "${form}" phải là chữ Khmer`);
      else if (text.length < MIN_KHMER_CHARS)
        problems.push(`concepts.${n} (${c.id}): km "${form}" quá ngắn (ít nhất ${MIN_KHMER_CHARS} ký tự)`);
      else if (claim(text, form, c.id, n)) khmerForms.push({ text, concept: c.id });
    }
  }
  if (problems.length) throw new LexiconError(problems);
  return {
    ids,
    forms: owner.size,
    conceptsIn: (bare, khmer) => find(byFirst, khmerForms, bare, khmer),
  };

  /** A form belongs to one concept: the same words meaning two things would make both features noise. */
  function claim(key: string, form: string, id: string, n: number): boolean {
    if (!key) {
      problems.push(`concepts.${n} (${id}): "${form}" không còn chữ nào sau khi chuẩn hoá`);
      return false;
    }
    const prev = owner.get(key);
    if (prev !== undefined && prev !== id) {
      problems.push(`concepts.${n} (${id}): "${form}" đã thuộc khái niệm ${prev}`);
      return false;
    }
    if (prev === id) return false;
    owner.set(key, id);
    return true;
  }
}

function find(
  byFirst: Map<string, Phrase[]>,
  khmerForms: { text: string; concept: string }[],
  bare: readonly string[],
  khmer: string,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < bare.length; i++) {
    const candidates = byFirst.get(bare[i]!);
    if (!candidates) continue;
    for (const p of candidates) if (p.rest.every((w, j) => bare[i + 1 + j] === w)) out.push(p.concept);
  }
  // Khmer runs reach here joined by spaces (a zero-width space splits them too): a word may span two runs.
  const text = khmer ? khmer.replace(/[\s\u200b]+/gu, '') : '';
  if (text)
    for (const f of khmerForms) {
      for (let at = text.indexOf(f.text); at >= 0; at = text.indexOf(f.text, at + f.text.length))
        out.push(f.concept);
    }
  return out;
}

/** Problems found while building a lexicon; the loader names the file. */
export class LexiconError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LexiconError';
  }
}

/** Parses and builds a lexicon file's text; every problem names the file and the concept. */
export function parseLexicon(file: string, text: string): Lexicon {
  let data: unknown;
  try {
    data = parse(text.normalize('NFC'));
  } catch (err) {
    throw new ContentFileError(file, [`YAML không đọc được: ${(err as Error).message}`]);
  }
  const parsed = lexiconFileSchema.safeParse(data);
  if (!parsed.success)
    throw new ContentFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  try {
    return buildLexicon(parsed.data.concepts);
  } catch (err) {
    if (err instanceof LexiconError) throw new ContentFileError(file, err.problems);
    throw err;
  }
}
