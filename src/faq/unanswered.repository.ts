import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { faqUnanswered, type UnansweredStatus } from './faq.schema.ts';
import { normalise, scrubPersonalData } from './normalise.ts';

/** Stored questions are cut to this many characters: enough to read, too short to hold a letter. */
const MAX_STORED_CHARS = 300;

/** One row of the unanswered log as the console shows it. */
export interface UnansweredQuestion {
  id: number;
  normalisedText: string;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  suggestions: string[];
  confidence: number;
  status: UnansweredStatus;
  source: 'low_confidence' | 'feedback';
  reportedTopicId: string | null;
  resolvedTopicId: string | null;
}

/**
 * The text kept for a question: personal data removed first (e-mails, phone and ID numbers), then normalised, which
 * also drops every character that is not a letter or digit (so no HTML or script survives).
 */
export function unansweredKey(question: string): string {
  return normalise(scrubPersonalData(question)).text.slice(0, MAX_STORED_CHARS).trim();
}

/** Counts one more low/middle-confidence question; returns false when nothing worth keeping was left. */
export async function recordUnanswered(
  db: Db | Tx,
  input: { question: string; suggestions: string[]; confidence: number; now: Date },
): Promise<boolean> {
  const key = unansweredKey(input.question);
  if (!key) return false;
  await db
    .insert(faqUnanswered)
    .values({
      normalisedText: key,
      count: 1,
      firstSeenAt: input.now,
      lastSeenAt: input.now,
      suggestions: input.suggestions.slice(0, 3),
      confidence: input.confidence,
    })
    .onConflictDoUpdate({
      target: faqUnanswered.normalisedText,
      set: {
        count: sql`${faqUnanswered.count} + 1`,
        lastSeenAt: sql`greatest(${faqUnanswered.lastSeenAt}, excluded.last_seen_at)`,
        suggestions: sql`excluded.suggestions`,
        confidence: sql`excluded.confidence`,
      },
    });
  return true;
}

/** Most asked first, then most recent: what staff should add to the knowledge base next. */
export async function listUnanswered(
  db: Db | Tx,
  page: { limit: number; offset: number; status?: UnansweredStatus | 'all' },
): Promise<{ items: UnansweredQuestion[]; total: number }> {
  const limit = Math.max(1, Math.min(200, Math.trunc(page.limit)));
  const offset = Math.max(0, Math.trunc(page.offset));
  // Handled questions leave the to-do list (status "open" by default) but stay readable.
  const status = page.status ?? 'open';
  const where = status === 'all' ? undefined : eq(faqUnanswered.status, status);
  const items = await db
    .select()
    .from(faqUnanswered)
    .where(where)
    .orderBy(desc(faqUnanswered.count), desc(faqUnanswered.lastSeenAt), desc(faqUnanswered.id))
    .limit(limit)
    .offset(offset);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(faqUnanswered)
    .where(where);
  return { items, total: Number(row?.n ?? 0) };
}
