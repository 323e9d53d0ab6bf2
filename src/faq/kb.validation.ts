import { z } from 'zod';
import type { Language } from '../chat/chat.types.ts';
import type { Db, Tx } from '../db/client.ts';
import type { FieldProblem } from '../http/errors.ts';
import { ZALO_TEXT_LIMIT } from '../zalo/zalo.message-schemas.ts';
import type { OutboundMessage } from '../zalo/zalo.port.ts';
import { faqTopics } from './faq.schema.ts';
import { liveAndLatestVersions } from './kb.repository.ts';
import { renderTopic, type TopicContent } from './topic-content.ts';
import type { FaqTopic } from './knowledge-base.ts';

/** What validation and preview need besides the database: local details and the chat's message builder. */
export interface ContentContext {
  local: () => Record<string, string>;
  /** The exact message the chat sends for an answer (feedback buttons included). */
  message: (topic: FaqTopic, lang: Language) => OutboundMessage;
}

/**
 * Two variants are the same when only case, spacing and punctuation differ. Not the matcher's normalise(): it is
 * made for Vietnamese and folds different Khmer questions into one key.
 */
export function variantKey(v: string): string {
  return v
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

/** Problems of one content that need no database: local keys, answer lengths, the Zalo message limit, duplicates. */
export function contentProblems(id: string, content: TopicContent, ctx: ContentContext): FieldProblem[] {
  const { topic, problems } = renderTopic(id, content, '1970-01-01', ctx.local());
  for (const lang of ['vi', 'km', 'en'] as const) {
    if (lang !== 'vi' && !content.translations[lang]) continue;
    const m = ctx.message(topic, lang);
    const length = m.type === 'text' ? Array.from(m.text).length : 0;
    if (length > ZALO_TEXT_LIMIT)
      problems.push({
        path: lang === 'vi' ? 'answer' : `translations.${lang}.answer`,
        message: `Tin nhắn gửi qua Zalo dài ${length} ký tự, vượt giới hạn ${ZALO_TEXT_LIMIT} ký tự của Zalo`,
      });
  }
  const seen = new Map<string, string>();
  for (const field of ['variants', 'variantsEn', 'variantsKm'] as const)
    content[field].forEach((v, i) => {
      const key = variantKey(v);
      if (seen.has(key))
        problems.push({ path: `${field}.${i}`, message: `Cách hỏi “${v}” bị lặp (trùng ${seen.get(key)})` });
      else seen.set(key, `${field}.${i}`);
    });
  if (content.related.includes(id))
    problems.push({ path: 'related', message: 'Chủ đề không thể liên quan đến chính nó' });
  return problems;
}

/** Problems that depend on the other topics: variants another topic owns, related topics that do not exist. */
export async function crossTopicProblems(
  db: Db | Tx,
  id: string,
  content: TopicContent,
  others?: { topicId: string; title: string; content: TopicContent }[],
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const versions = others ?? (await liveAndLatestVersions(db));
  const owner = new Map<string, { topicId: string; title: string }>();
  for (const v of versions) {
    if (v.topicId === id) continue;
    for (const text of [...v.content.variants, ...v.content.variantsEn, ...v.content.variantsKm])
      owner.set(variantKey(text), { topicId: v.topicId, title: v.title });
  }
  for (const field of ['variants', 'variantsEn', 'variantsKm'] as const)
    content[field].forEach((v, i) => {
      const o = owner.get(variantKey(v));
      if (o)
        problems.push({
          path: `${field}.${i}`,
          message: `Cách hỏi “${v}” đã thuộc chủ đề “${o.title}” (${o.topicId}).`,
        });
    });
  const known = new Set(
    others
      ? versions.map((v) => v.topicId)
      : (await db.select({ id: faqTopics.id }).from(faqTopics)).map((r) => r.id),
  );
  content.related.forEach((r, i) => {
    if (r !== id && !known.has(r))
      problems.push({ path: `related.${i}`, message: `Chủ đề liên quan “${r}” không tồn tại` });
  });
  return problems;
}

/** A 400 whose `fields` list every problem, paths under `prefix` (the request body's shape). */
export function validationFailure(problems: FieldProblem[], prefix = 'content'): z.ZodError {
  return new z.ZodError(
    problems.map((p) => ({
      code: 'custom' as const,
      path: [...(prefix ? [prefix] : []), ...p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))],
      message: p.message,
      input: undefined,
    })),
  );
}
