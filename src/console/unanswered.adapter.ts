import type { Db } from '../db/client.ts';
import { listUnanswered } from '../faq/unanswered.repository.ts';
import type { UnansweredQuestions } from './console.integrations.ts';

/** The FAQ module's unanswered log as the console page and the dashboard figure read it. */
export function unansweredFrom(db: Db): { page: UnansweredQuestions; count: () => Promise<number> } {
  return {
    page: {
      async list({ page, pageSize, status }) {
        const r = await listUnanswered(db, {
          limit: pageSize,
          offset: (page - 1) * pageSize,
          ...(status ? { status } : {}),
        });
        return {
          total: r.total,
          items: r.items.map((i) => ({
            id: String(i.id),
            text: i.normalisedText,
            count: i.count,
            firstSeenAt: i.firstSeenAt,
            lastSeenAt: i.lastSeenAt,
            suggestions: i.suggestions,
            confidence: i.confidence,
            status: i.status,
            source: i.source,
            reportedTopicId: i.reportedTopicId,
            resolvedTopicId: i.resolvedTopicId,
          })),
        };
      },
    },
    count: async () => (await listUnanswered(db, { limit: 1, offset: 0 })).total,
  };
}
