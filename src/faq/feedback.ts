import type { Db } from '../db/client.ts';
import type { Language } from '../chat/chat.types.ts';
import type { MessageButton } from '../zalo/zalo.port.ts';
import { faqFeedback, faqUnanswered } from './faq.schema.ts';
import { unansweredKey } from './unanswered.repository.ts';
import { sql } from 'drizzle-orm';

/** "#faq-feedback up <topicId>" / "#faq-feedback down <topicId>": what the two quick replies send back. */
const FEEDBACK = /^#faq-feedback (up|down) ([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export function parseFeedbackPayload(text: string): { helpful: boolean; topicId: string } | undefined {
  const m = FEEDBACK.exec(text.trim());
  return m ? { helpful: m[1] === 'up', topicId: m[2]! } : undefined;
}

/** The two quick replies under an answer (≤ 5 buttons with the link and the language offer). */
export function feedbackButtons(topicId: string, t: (key: string) => string): MessageButton[] {
  return [
    { title: t('faq:feedback.helpful'), type: 'oa.query.hide', payload: `#faq-feedback up ${topicId}` },
    { title: t('faq:feedback.wrong'), type: 'oa.query.hide', payload: `#faq-feedback down ${topicId}` },
  ];
}

/**
 * Counts one feedback; "Chưa đúng" also puts the question that got the answer on the unanswered list with the topic
 * it got, reopened if staff had handled it (they taught it wrongly, or the answer is out of date).
 */
export async function recordFeedback(
  db: Db,
  input: { topicId: string; helpful: boolean; lang: Language; question: string | undefined; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(faqFeedback)
      .values({ topicId: input.topicId, helpful: input.helpful, lang: input.lang, at: input.now });
    if (input.helpful || !input.question) return;
    const key = unansweredKey(input.question);
    if (!key) return;
    await tx
      .insert(faqUnanswered)
      .values({
        normalisedText: key,
        count: 1,
        firstSeenAt: input.now,
        lastSeenAt: input.now,
        suggestions: [input.topicId],
        confidence: 0,
        source: 'feedback',
        reportedTopicId: input.topicId,
      })
      .onConflictDoUpdate({
        target: faqUnanswered.normalisedText,
        set: {
          count: sql`${faqUnanswered.count} + 1`,
          lastSeenAt: sql`greatest(${faqUnanswered.lastSeenAt}, excluded.last_seen_at)`,
          source: 'feedback',
          reportedTopicId: input.topicId,
          status: 'open',
        },
      });
  });
}
