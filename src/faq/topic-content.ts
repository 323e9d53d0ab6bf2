import { z } from 'zod';
import type { FieldProblem } from '../http/errors.ts';
import { MAX_ANSWER_CHARS, renderLocal, topicId, type FaqTopic } from './knowledge-base.ts';

/** NFC, trimmed: the form every stored text has, so comparisons and round trips are stable. */
const clean = (s: string) => s.normalize('NFC').trim();
const str = (min: number, max: number, label: string) =>
  z
    .string({ error: `${label}: cần là chuỗi ký tự` })
    .transform(clean)
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? `${label}: không được để trống` : `${label}: cần ít nhất ${min} ký tự`)
        .max(max, `${label}: tối đa ${max} ký tự`),
    );
const url = z.url({ error: 'Đường dẫn không hợp lệ (cần dạng https://…)' }).max(2000, 'Đường dẫn quá dài');
const translation = z.object({
  title: str(1, 200, 'Tiêu đề bản dịch'),
  answer: str(1, 4000, 'Câu trả lời bản dịch'),
});
const variant = str(2, 300, 'Cách hỏi');

/**
 * What an editor edits, as stored in a version: texts raw, with {{local.KEY}} placeholders kept (filled when the
 * index is built, so a changed address in local.yaml reaches every answer). Lengths after filling are checked apart.
 */
export const topicContentSchema = z.object({
  title: str(3, 200, 'Tiêu đề'),
  answer: str(1, 4000, 'Câu trả lời tiếng Việt'),
  translations: z.object({ km: translation.optional(), en: translation.optional() }).default({}),
  variants: z.array(variant).min(1, 'Cần ít nhất một cách hỏi tiếng Việt').max(300),
  variantsEn: z.array(variant).max(300).default([]),
  variantsKm: z.array(variant).max(300).default([]),
  keywords: z
    .array(str(1, 100, 'Từ khoá'))
    .max(60)
    .default([]),
  sources: z
    .array(z.object({ label: str(3, 300, 'Tên nguồn'), url: url.optional() }))
    .min(1, 'Cần ít nhất một nguồn (văn bản có số hiệu hoặc cổng thông tin chính thức).'),
  link: z
    .object({ label: str(1, 100, 'Tên nút'), url })
    .nullable()
    .default(null),
  related: z.array(topicId).max(20).default([]),
  kmReview: z.enum(['needed', 'done']).nullable().default(null),
});
export type TopicContent = z.output<typeof topicContentSchema>;

/** The raw content of a topic file's front matter and body (as the file loader's schema parsed them). */
export function contentFromFrontMatter(
  fm: {
    title: string;
    variants: string[];
    keywords: string[];
    sources: { label: string; url?: string | undefined }[];
    link?: { label: string; url: string } | undefined;
    related: string[];
    title_km?: string | undefined;
    answer_km?: string | undefined;
    title_en?: string | undefined;
    answer_en?: string | undefined;
    variants_en: string[];
    variants_km: string[];
    km_review?: 'needed' | 'done' | undefined;
  },
  body: string,
): TopicContent {
  const translations: TopicContent['translations'] = {};
  for (const lang of ['km', 'en'] as const) {
    const title = fm[`title_${lang}`];
    const answer = fm[`answer_${lang}`];
    if (title && answer) translations[lang] = { title: clean(title), answer: clean(answer) };
  }
  return {
    title: clean(fm.title),
    answer: clean(body),
    translations,
    variants: fm.variants.map(clean),
    variantsEn: fm.variants_en.map(clean),
    variantsKm: fm.variants_km.map(clean),
    keywords: fm.keywords.map(clean),
    sources: fm.sources.map((s) => ({ label: clean(s.label), ...(s.url ? { url: s.url } : {}) })),
    link: fm.link ? { label: clean(fm.link.label), url: fm.link.url } : null,
    related: [...fm.related],
    kmReview: fm.km_review ?? null,
  };
}

/**
 * The topic the matcher and the chat use, built exactly as the file loader builds it (same fields, same filling),
 * so an index built from the database behaves like one built from content/faq. Problems name the field.
 */
export function renderTopic(
  id: string,
  content: TopicContent,
  reviewed: string,
  local: Record<string, string>,
): { topic: FaqTopic; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const fill = (path: string, s: string) =>
    renderLocal(s.trim(), local, (key) =>
      problems.push({
        path,
        message: `{{${key.startsWith('province.') ? key : `local.${key}`}}} chưa được khai báo`,
      }),
    );
  const answer = fill('answer', content.answer);
  const translations: FaqTopic['translations'] = {};
  for (const lang of ['km', 'en'] as const) {
    const t = content.translations[lang];
    if (t) translations[lang] = { title: t.title, answer: fill(`translations.${lang}.answer`, t.answer) };
  }
  for (const [path, s] of [
    ['answer', answer],
    ...Object.entries(translations).map(([l, t]) => [`translations.${l}.answer`, t.answer]),
  ] as const) {
    if (s.length > MAX_ANSWER_CHARS)
      problems.push({
        path,
        message: `Câu trả lời dài ${s.length} ký tự (sau khi điền thông tin địa phương), tối đa ${MAX_ANSWER_CHARS} ký tự để vừa màn hình chat`,
      });
  }
  const topic: FaqTopic = {
    id,
    title: content.title,
    variants: content.variants,
    keywords: content.keywords,
    sources: content.sources,
    ...(content.link ? { link: content.link } : {}),
    related: content.related,
    reviewed,
    answer,
    translations,
    variantsEn: content.variantsEn,
    variantsKm: content.variantsKm,
    ...(content.kmReview ? { kmReview: content.kmReview } : {}),
  };
  return { topic, problems };
}

/** The {{local.KEY}} / {{province.KEY}} keys a topic's texts use, sorted. */
export function localKeysOf(content: TopicContent): string[] {
  const keys = new Set<string>();
  const texts = [content.answer, content.translations.km?.answer, content.translations.en?.answer];
  for (const t of texts)
    for (const m of (t ?? '').matchAll(/\{\{\s*(local|province)\.([A-Za-z0-9_]+)\s*\}\}/g))
      keys.add(m[1] === 'local' ? m[2]! : `province.${m[2]!}`);
  return [...keys].sort();
}

/** Languages with an answer: Vietnamese always, Khmer and English when translated. */
export function languagesOf(content: TopicContent): ('vi' | 'km' | 'en')[] {
  return ['vi', ...(['km', 'en'] as const).filter((l) => content.translations[l])];
}

/** JSON with object keys sorted: jsonb does not keep key order, so plain JSON.stringify cannot compare contents. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Field-by-field changes from one version's content to the next, for the versions page. */
export function contentChanges(
  before: TopicContent | undefined,
  after: TopicContent,
): { field: string; before: unknown; after: unknown }[] {
  if (!before) return [];
  const flat = (c: TopicContent): Record<string, unknown> => ({
    title: c.title,
    answer: c.answer,
    'translations.km.title': c.translations.km?.title ?? null,
    'translations.km.answer': c.translations.km?.answer ?? null,
    'translations.en.title': c.translations.en?.title ?? null,
    'translations.en.answer': c.translations.en?.answer ?? null,
    variants: c.variants,
    variantsEn: c.variantsEn,
    variantsKm: c.variantsKm,
    keywords: c.keywords,
    sources: c.sources,
    link: c.link,
    related: c.related,
    kmReview: c.kmReview,
  });
  const a = flat(before);
  const b = flat(after);
  return Object.keys(b)
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    .map((field) => ({ field, before: a[field], after: b[field] }));
}
