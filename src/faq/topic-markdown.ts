import path from 'node:path';
import { Document, isMap, isScalar, isSeq, parse, visit, type Scalar } from 'yaml';
import { z } from 'zod';
import { frontMatterSchema } from './knowledge-base.ts';
import { sixMonthsAfter } from './kb.repository.ts';
import { contentFromFrontMatter, topicContentSchema, type TopicContent } from './topic-content.ts';

/** The exchange format is content/faq's: front matter then the Vietnamese answer (content/faq/FORMAT.md). */
export interface TopicFile {
  id: string;
  content: TopicContent;
  /** `reviewed:` — the last person's review; absent for a topic nobody has reviewed yet. */
  reviewed: string | null;
  /** `review_by:` (optional, new): absent means six months after `reviewed`. */
  reviewBy: string | null;
}

const isoDate = z
  .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'phải có dạng YYYY-MM-DD')])
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));

/**
 * The seed files' schema with what the console allows: staff may start a topic from one question, so one variant is
 * enough here (content/faq keeps its ≥ 8 at start-up), and a topic may not have been reviewed yet.
 */
const exchangeSchema = frontMatterSchema.extend({
  variants: z.array(z.string().min(2)).min(1, 'cần ít nhất một cách hỏi'),
  reviewed: isoDate.optional(),
  review_by: isoDate.optional(),
});

/** Parses one exchange file; problems are returned (never thrown) so an import can report every file at once. */
export function parseTopicMarkdown(
  file: string,
  text: string,
): { ok: true; topic: TopicFile } | { ok: false; problems: string[] } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.normalize('NFC'));
  if (!match) return { ok: false, problems: ['thiếu phần front matter giữa hai dòng ---'] };
  let data: unknown;
  try {
    data = parse(match[1]!);
  } catch (err) {
    return { ok: false, problems: [`YAML không đọc được: ${(err as Error).message.split('\n')[0]}`] };
  }
  const fm = exchangeSchema.safeParse(data);
  if (!fm.success)
    return {
      ok: false,
      problems: fm.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`),
    };
  const problems: string[] = [];
  if (path.basename(file) !== `${fm.data.id}.md`) problems.push(`id "${fm.data.id}" không khớp tên tệp`);
  for (const lang of ['km', 'en'] as const)
    if (Boolean(fm.data[`title_${lang}`]) !== Boolean(fm.data[`answer_${lang}`]))
      problems.push(`title_${lang}/answer_${lang}: cần có cả hai`);
  const content = topicContentSchema.safeParse(contentFromFrontMatter(fm.data, match[2]!));
  if (!content.success)
    problems.push(...content.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`));
  if (problems.length || !content.success) return { ok: false, problems };
  return {
    ok: true,
    topic: {
      id: fm.data.id,
      content: content.data,
      reviewed: fm.data.reviewed ?? null,
      reviewBy: fm.data.review_by ?? null,
    },
  };
}

/**
 * Writes a topic in the seed files' layout (FORMAT.md's key order; new keys at the end). Deterministic, so
 * export → import → export gives the same bytes.
 */
export function serialiseTopicMarkdown(topic: TopicFile): string {
  const c = topic.content;
  const fm: Record<string, unknown> = {
    id: topic.id,
    title: c.title,
    variants: c.variants,
    keywords: c.keywords,
    sources: c.sources.map((s) => ({ label: s.label, ...(s.url ? { url: s.url } : {}) })),
    ...(c.link ? { link: { label: c.link.label, url: c.link.url } } : {}),
    related: c.related,
    ...(topic.reviewed ? { reviewed: topic.reviewed } : {}),
    ...(c.translations.km
      ? { title_km: c.translations.km.title, answer_km: `${c.translations.km.answer}\n` }
      : {}),
    ...(c.translations.en
      ? { title_en: c.translations.en.title, answer_en: `${c.translations.en.answer}\n` }
      : {}),
    variants_en: c.variantsEn,
    variants_km: c.variantsKm,
    ...(c.kmReview ? { km_review: c.kmReview } : {}),
    // Written only when it is not the default (six months after the review), so seed files stay as they are.
    ...(topic.reviewBy && (!topic.reviewed || topic.reviewBy !== sixMonthsAfter(topic.reviewed))
      ? { review_by: topic.reviewBy }
      : {}),
  };
  // The seed files' look, so a file sent back diffs only where its words changed: texts in double quotes, answers
  // as literal blocks, ids, URLs and dates plain, related topics on one line.
  const doc = new Document(fm);
  const quoted = new Set([
    'title',
    'title_km',
    'title_en',
    'label',
    'variants',
    'keywords',
    'variants_en',
    'variants_km',
  ]);
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (isScalar(value)) {
        if (key === 'answer_km' || key === 'answer_en') value.type = 'BLOCK_LITERAL';
        else if (quoted.has(key)) value.type = 'QUOTE_DOUBLE';
      } else if (isSeq(value)) {
        if (key === 'related') value.flow = true;
        else if (quoted.has(key))
          for (const item of value.items) if (isScalar(item)) (item as Scalar).type = 'QUOTE_DOUBLE';
      } else if (isMap(value)) return undefined;
      return undefined;
    },
  });
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n${c.answer}\n`;
}
