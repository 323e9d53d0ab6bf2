import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ContentFileError, listFiles, readYamlFile } from '../lib/yaml-files.ts';
import type { Language } from '../chat/chat.types.ts';
import { loadProvince, provinceValues } from '../province/province.ts';

/** An answer may be at most this long after {{local.*}} are filled in: it must fit a chat screen. */
export const MAX_ANSWER_CHARS = 1000;

const isoDate = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'phải có dạng YYYY-MM-DD')]);
export const topicId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id chỉ gồm chữ thường, số và dấu gạch ngang');

export const frontMatterSchema = z.object({
  id: topicId,
  title: z.string().min(3),
  variants: z.array(z.string().min(2)).min(8, 'cần ít nhất 8 cách hỏi'),
  keywords: z.array(z.string().min(1)).min(1),
  sources: z
    .array(z.object({ label: z.string().min(3), url: z.url().optional() }))
    .min(1, 'cần ít nhất một nguồn'),
  link: z.object({ label: z.string().min(1), url: z.url() }).optional(),
  related: z.array(topicId).default([]),
  reviewed: isoDate,
  title_km: z.string().min(1).optional(),
  answer_km: z.string().min(1).optional(),
  title_en: z.string().min(1).optional(),
  answer_en: z.string().min(1).optional(),
  variants_en: z.array(z.string().min(2)).default([]),
  variants_km: z.array(z.string().min(1)).default([]),
  /** Khmer text is machine-assisted until a native speaker clears it. */
  km_review: z.enum(['needed', 'done']).optional(),
});

/**
 * How many English and Khmer ways of asking each topic must have. Zero until the translated variants are written;
 * then raised in one place so a topic without them fails start-up, naming the file.
 */
export const MIN_VARIANTS = { en: 5, km: 3 } as const;

/** One topic of the knowledge base, validated and with local details filled in. */
export interface FaqTopic {
  id: string;
  title: string;
  variants: string[];
  keywords: string[];
  sources: { label: string; url?: string }[];
  link?: { label: string; url: string };
  related: string[];
  reviewed: string;
  /** Vietnamese answer, always present. */
  answer: string;
  /** Translations present for the most-asked topics. */
  translations: Partial<Record<Exclude<Language, 'vi'>, { title: string; answer: string }>>;
  /** Ways of asking in English and Khmer (the matcher learns them); `variants` are Vietnamese. */
  variantsEn: string[];
  variantsKm: string[];
  /** 'needed' while the Khmer title, answer and variants wait for a native speaker's review. */
  kmReview?: 'needed' | 'done';
}

export interface KnowledgeBase {
  topics: FaqTopic[];
  byId: Map<string, FaqTopic>;
}

const localSchema = z.record(z.string(), z.union([z.string(), z.number()]).transform(String));

/** Files in content/faq named in capitals (FORMAT.md, SOURCES-CHECKED.md) document the topics; they are not topics. */
export function isDocFile(name: string): boolean {
  return /^[A-Z][A-Z0-9-]*\.md$/.test(name);
}

/** Loads content/faq/*.md, fills {{local.KEY}} from content/local.yaml and checks the set of ids. */
export async function loadKnowledgeBase(opts: {
  contentDir: string;
  expectedIds?: string[];
}): Promise<KnowledgeBase> {
  const local = withProvince(
    await readYamlFile(path.join(opts.contentDir, 'local.yaml'), localSchema),
    opts.contentDir,
  );
  const files = (await listFiles(path.join(opts.contentDir, 'faq'), ['.md'])).filter(
    (f) => !isDocFile(path.basename(f)),
  );
  const topics = await Promise.all(
    files.map(async (f) => parseTopicFile(f, await readFile(f, 'utf8'), local)),
  );
  const byId = new Map(topics.map((t) => [t.id, t]));
  checkIds(opts.contentDir, topics, byId, opts.expectedIds);
  return { topics, byId };
}

/** Parses one knowledge-base file; every problem names the file and the field. */
export function parseTopicFile(file: string, text: string, local: Record<string, string>): FaqTopic {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.normalize('NFC'));
  if (!match) throw new ContentFileError(file, ['thiếu phần front matter giữa hai dòng ---']);
  let data: unknown;
  try {
    data = parse(match[1]!);
  } catch (err) {
    throw new ContentFileError(file, [`YAML không đọc được: ${(err as Error).message}`]);
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    throw new ContentFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const { variants_en: variantsEn, variants_km: variantsKm, km_review: kmReview, ...fm } = parsed.data;
  const problems: string[] = [];
  if (variantsEn.length < MIN_VARIANTS.en)
    problems.push(`variants_en: có ${variantsEn.length} cách hỏi tiếng Anh, cần ít nhất ${MIN_VARIANTS.en}`);
  if (variantsKm.length < MIN_VARIANTS.km)
    problems.push(
      `variants_km: có ${variantsKm.length} cách hỏi tiếng Khmer, cần ít nhất ${MIN_VARIANTS.km}`,
    );
  if (path.basename(file) !== `${fm.id}.md`) problems.push(`id "${fm.id}" không khớp tên tệp`);
  const fill = (label: string, s: string) =>
    renderLocal(s.trim(), local, (key) =>
      problems.push(
        key.startsWith('province.')
          ? `${label}: {{${key}}} chưa có trong province.yaml`
          : `${label}: {{local.${key}}} chưa có trong local.yaml`,
      ),
    );
  const answer = fill('body', match[2]!);
  if (!answer) problems.push('body: câu trả lời trống');
  const translations: FaqTopic['translations'] = {};
  for (const lang of ['km', 'en'] as const) {
    const title = fm[`title_${lang}`];
    const body = fm[`answer_${lang}`];
    if (Boolean(title) !== Boolean(body)) problems.push(`title_${lang}/answer_${lang}: cần có cả hai`);
    if (title && body) translations[lang] = { title, answer: fill(`answer_${lang}`, body) };
  }
  for (const [label, s] of [
    ['body', answer],
    ...Object.entries(translations).map(([l, t]) => [`answer_${l}`, t.answer]),
  ]) {
    if (s!.length > MAX_ANSWER_CHARS)
      problems.push(`${label}: dài ${s!.length} ký tự, tối đa ${MAX_ANSWER_CHARS}`);
  }
  if (problems.length) throw new ContentFileError(file, problems);
  const reviewed = fm.reviewed instanceof Date ? fm.reviewed.toISOString().slice(0, 10) : fm.reviewed;
  return {
    ...fm,
    reviewed,
    answer,
    translations,
    variantsEn,
    variantsKm,
    ...(kmReview ? { kmReview } : {}),
  };
}

/**
 * Replaces {{local.KEY}} and {{province.KEY}} (content/province.yaml, stored in `local` as `province.KEY`);
 * an unknown key is reported, never left in the text a citizen reads.
 */
export function renderLocal(
  text: string,
  local: Record<string, string>,
  onUnknown: (key: string) => void,
): string {
  return text.replace(/\{\{\s*(local|province)\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, ns: string, key: string) => {
    const k = ns === 'local' ? key : `province.${key}`;
    if (Object.hasOwn(local, k)) return local[k]!;
    onUnknown(ns === 'local' ? key : k);
    return '';
  });
}

/**
 * local.yaml's details plus the province's identity: `province.KEY` for every value of content/province.yaml, and the
 * local keys that name the province (province_name, the portals, the one-stop centre) taken from it, so the name is
 * written in one file only.
 */
function withProvince(local: Record<string, string>, contentDir: string): Record<string, string> {
  // A content folder without province.yaml (a test's scratch folder) keeps local.yaml's values as they are.
  if (!existsSync(path.join(contentDir, 'province.yaml'))) return local;
  const values = provinceValues(loadProvince(contentDir));
  return {
    ...local,
    province_name: values.official_name!,
    national_portal_url: values.national_portal_url!,
    province_portal: values.city_portal!,
    province_info_portal: values.information_portal!,
    one_stop_centre: values.one_stop_centre!,
    ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`province.${k}`, v])),
  };
}

/**
 * The same load, synchronously: the app's composition root is synchronous and the index must exist before the first
 * message. A broken file stops start-up, naming the file and the field.
 */
export function loadKnowledgeBaseSync(opts: { contentDir: string; expectedIds?: string[] }): KnowledgeBase {
  const local = loadLocalDetailsSync(opts.contentDir);
  const dir = path.join(opts.contentDir, 'faq');
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.md') && !isDocFile(n))
    .sort()
    .map((n) => path.join(dir, n));
  const topics = files.map((f) => parseTopicFile(f, readFileSync(f, 'utf8'), local));
  const byId = new Map(topics.map((t) => [t.id, t]));
  checkIds(opts.contentDir, topics, byId, opts.expectedIds);
  return { topics, byId };
}

/** content/local.yaml plus the province's identity: what {{local.KEY}} and {{province.KEY}} are filled with. */
export function loadLocalDetailsSync(contentDir: string): Record<string, string> {
  const localFile = path.join(contentDir, 'local.yaml');
  const localParsed = localSchema.safeParse(parse(readFileSync(localFile, 'utf8')));
  if (!localParsed.success)
    throw new ContentFileError(
      localFile,
      localParsed.error.issues.map((i) => i.message),
    );
  return withProvince(localParsed.data, contentDir);
}

function checkIds(
  contentDir: string,
  topics: FaqTopic[],
  byId: Map<string, FaqTopic>,
  expectedIds: string[] | undefined,
): void {
  const problems: string[] = [];
  if (byId.size !== topics.length) problems.push('có id bị trùng');
  for (const t of topics) {
    for (const r of t.related) if (!byId.has(r)) problems.push(`${t.id}: related "${r}" không tồn tại`);
  }
  if (expectedIds) {
    for (const id of expectedIds) if (!byId.has(id)) problems.push(`thiếu chủ đề ${id}`);
    for (const id of byId.keys())
      if (!expectedIds.includes(id)) problems.push(`chủ đề ${id} không có trong danh mục`);
  }
  if (topics.length === 0) problems.push('không có chủ đề nào');
  if (problems.length) throw new ContentFileError(path.join(contentDir, 'faq'), problems);
}
