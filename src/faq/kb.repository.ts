import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
export { staffNames } from '../console/staff.api.ts';
import { faqFeedback, faqIndexState, faqTopics, faqTopicVersions } from './faq.schema.ts';
import type { TopicContent } from './topic-content.ts';

export type TopicRow = typeof faqTopics.$inferSelect;
export type VersionRow = typeof faqTopicVersions.$inferSelect;

/** Six months after a day (YYYY-MM-DD): the default "review by". 31 August + 6 months is the end of February. */
export function sixMonthsAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const month = m - 1 + 6;
  const last = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The calendar day of an instant in the app's time zone. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
}

/** Bumps the index version every instance polls; called in the transaction that changed what the bot knows. */
export async function bumpIndexVersion(db: Db | Tx, now: Date): Promise<number> {
  const [row] = await db
    .insert(faqIndexState)
    .values({ id: 1, version: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: faqIndexState.id,
      set: { version: sql`${faqIndexState.version} + 1`, updatedAt: now },
    })
    .returning({ version: faqIndexState.version });
  return row!.version;
}

export async function readIndexVersion(db: Db | Tx): Promise<number | null> {
  const [row] = await db
    .select({ v: faqIndexState.version })
    .from(faqIndexState)
    .where(eq(faqIndexState.id, 1));
  return row?.v ?? null;
}

/** The published content of every topic, for the index. */
export async function publishedContents(
  db: Db | Tx,
): Promise<{ id: string; content: TopicContent; reviewed: string | null }[]> {
  return db
    .select({ id: faqTopics.id, content: faqTopicVersions.content, reviewed: faqTopics.lastReviewedAt })
    .from(faqTopics)
    .innerJoin(
      faqTopicVersions,
      and(
        eq(faqTopicVersions.topicId, faqTopics.id),
        eq(faqTopicVersions.number, faqTopics.publishedVersion),
      ),
    );
}

/** The latest and the published version of every topic (other topics' variants are checked against both). */
export async function liveAndLatestVersions(
  db: Db | Tx,
): Promise<{ topicId: string; title: string; content: TopicContent }[]> {
  const rows = await db
    .select({ topicId: faqTopicVersions.topicId, content: faqTopicVersions.content })
    .from(faqTopicVersions)
    .innerJoin(faqTopics, eq(faqTopics.id, faqTopicVersions.topicId))
    .where(
      or(
        eq(faqTopicVersions.number, faqTopics.latestVersion),
        eq(faqTopicVersions.number, faqTopics.publishedVersion),
      ),
    );
  return rows.map((r) => ({ ...r, title: r.content.title }));
}

export async function topicRow(db: Db | Tx, id: string, lock = false): Promise<TopicRow | undefined> {
  const q = db.select().from(faqTopics).where(eq(faqTopics.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function versionRow(
  db: Db | Tx,
  topicId: string,
  number: number,
): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(faqTopicVersions)
    .where(and(eq(faqTopicVersions.topicId, topicId), eq(faqTopicVersions.number, number)));
  return row;
}

export async function versionRows(db: Db | Tx, topicId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(faqTopicVersions)
    .where(eq(faqTopicVersions.topicId, topicId))
    .orderBy(asc(faqTopicVersions.number));
}

/** Helpful / not-helpful counts per topic. */
export async function feedbackCounts(
  db: Db | Tx,
): Promise<Map<string, { helpful: number; notHelpful: number }>> {
  const rows = await db
    .select({
      topicId: faqFeedback.topicId,
      helpful: sql<number>`count(*) filter (where ${faqFeedback.helpful})::int`,
      notHelpful: sql<number>`count(*) filter (where not ${faqFeedback.helpful})::int`,
    })
    .from(faqFeedback)
    .groupBy(faqFeedback.topicId);
  return new Map(
    rows.map((r) => [r.topicId, { helpful: Number(r.helpful), notHelpful: Number(r.notHelpful) }]),
  );
}

/** Topics whose review date has passed. */
export async function overdueCount(db: Db | Tx, today: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(faqTopics)
    .where(sql`${faqTopics.reviewBy} < ${today}::date`);
  return Number(row?.n ?? 0);
}
