import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { audit } from '../console/audit.service.ts';
import { faqTaughtExamples, faqUnanswered } from './faq.schema.ts';
import { bumpIndexVersion, topicRow, versionRow } from './kb.repository.ts';
import { createTopic, saveDraft, type KbActor, type KbDeps } from './kb.service.ts';
import { detectLanguage } from './language.ts';
import { topicId } from './knowledge-base.ts';
import { topicContentSchema, type TopicContent } from './topic-content.ts';
import { variantKey } from './kb.validation.ts';

export const assignSchema = z.union(
  [
    z.strictObject({ topicId }),
    z.strictObject({ outOfScope: z.literal(true) }),
    z.strictObject({ newTopic: z.strictObject({ id: topicId, content: topicContentSchema }) }),
  ],
  { error: 'Cần đúng một trong: topicId, outOfScope: true, hoặc newTopic {id, content}' },
);
export type AssignInput = z.infer<typeof assignSchema>;

const variantField = { vi: 'variants', en: 'variantsEn', km: 'variantsKm' } as const;

/** The question added to the variants of its language, unless the topic already has it (same normalised words). */
function withQuestion(content: TopicContent, question: string): TopicContent {
  const field = variantField[detectLanguage(question).lang];
  const all = [...content.variants, ...content.variantsEn, ...content.variantsKm].map(variantKey);
  if (all.includes(variantKey(question))) return content;
  return { ...content, [field]: [...content[field], question] };
}

/**
 * Teaches the bot from one unanswered question: a variant of a topic (in that topic's next draft, live once an
 * approver publishes it), a new topic (draft 1) or a negative example (live at once: the bot only declines politely).
 */
export async function assignUnanswered(
  deps: KbDeps,
  actor: KbActor,
  unansweredId: number,
  input: AssignInput,
) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(faqUnanswered)
      .where(eq(faqUnanswered.id, unansweredId))
      .for('update');
    if (!row) throw new AppError('not_found', 'unanswered row', 'Không tìm thấy câu hỏi này.');
    if (row.status !== 'open') throw new AppError('conflict', 'handled', 'Câu hỏi này đã được xử lý.');
    const question = row.normalisedText;
    const now = deps.clock.now();
    const lang = detectLanguage(question).lang;
    const log = (action: string, details: Record<string, unknown>) =>
      audit(
        { db: tx, clock: deps.clock },
        {
          action,
          staff: { id: actor.id, username: actor.username },
          ip: actor.ip ?? null,
          targetType: 'faq_unanswered',
          targetId: String(unansweredId),
          details,
        },
      );
    if ('outOfScope' in input) {
      await tx.insert(faqTaughtExamples).values({
        kind: 'negative',
        text: question,
        lang,
        unansweredId,
        createdBy: actor.id,
        createdAt: now,
      });
      await tx
        .update(faqUnanswered)
        .set({ status: 'out_of_scope', resolvedBy: actor.id, resolvedAt: now, resolvedTopicId: null })
        .where(eq(faqUnanswered.id, unansweredId));
      const indexVersion = await bumpIndexVersion(tx, now);
      await log('faq.unanswered.out_of_scope', { indexVersion });
      return { status: 'out_of_scope' as const };
    }
    let topicIdOut: string;
    let version;
    if ('topicId' in input) {
      const topic = await topicRow(tx, input.topicId);
      if (!topic) throw new AppError('not_found', 'topic', 'Không tìm thấy chủ đề hỏi đáp này.');
      const latest = (await versionRow(tx, topic.id, topic.latestVersion))!;
      version = await saveDraft(
        deps,
        actor,
        topic.id,
        {
          baseVersion: topic.latestVersion,
          content: withQuestion(latest.content, question),
          note: 'Thêm cách hỏi từ câu hỏi chưa trả lời',
          action: 'faq.topic.teach',
        },
        tx,
      );
      topicIdOut = topic.id;
    } else {
      const created = await createTopic(
        deps,
        actor,
        {
          id: input.newTopic.id,
          content: withQuestion(input.newTopic.content, question),
          note: 'Chủ đề mới từ câu hỏi chưa trả lời',
        },
        tx,
      );
      version = created.version;
      topicIdOut = created.topicId;
    }
    await tx.insert(faqTaughtExamples).values({
      kind: 'variant',
      text: question,
      lang,
      topicId: topicIdOut,
      versionNumber: version.number,
      unansweredId,
      createdBy: actor.id,
      createdAt: now,
    });
    await tx
      .update(faqUnanswered)
      .set({ status: 'assigned', resolvedBy: actor.id, resolvedAt: now, resolvedTopicId: topicIdOut })
      .where(eq(faqUnanswered.id, unansweredId));
    await log('faq.unanswered.assign', { topicId: topicIdOut, version: version.number });
    return { status: 'assigned' as const, topicId: topicIdOut, version, created: 'newTopic' in input };
  });
}
