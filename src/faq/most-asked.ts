import { desc, gte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, Tx } from '../db/client.ts';
import type { Language } from '../chat/chat.types.ts';
import type { Clock } from '../lib/clock.ts';
import { faqAnswered } from './faq.schema.ts';

const DAY_MS = 86_400_000;

/** The UTC day an answer counts toward (a 30-day window does not need the local day). */
export function answerDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Counts one answer of `topicId` (a confident match or a suggestion the citizen chose). */
export async function recordAnswered(db: Db | Tx, topicId: string, at: Date): Promise<void> {
  await db
    .insert(faqAnswered)
    .values({ topicId, day: answerDay(at), count: 1 })
    .onConflictDoUpdate({
      target: [faqAnswered.topicId, faqAnswered.day],
      set: { count: sql`${faqAnswered.count} + 1` },
    });
}

/** Topics by answers since `since` (inclusive day), most answered first, ties by id; with the window's total. */
export async function answeredSince(
  db: Db | Tx,
  since: Date,
): Promise<{ ranked: { topicId: string; count: number }[]; total: number }> {
  const rows = await db
    .select({ topicId: faqAnswered.topicId, count: sql<number>`sum(${faqAnswered.count})::int` })
    .from(faqAnswered)
    .where(gte(faqAnswered.day, answerDay(since)))
    .groupBy(faqAnswered.topicId)
    .orderBy(desc(sql`sum(${faqAnswered.count})`), faqAnswered.topicId);
  const ranked = rows.map((r) => ({ topicId: r.topicId, count: Number(r.count) }));
  return { ranked, total: ranked.reduce((s, r) => s + r.count, 0) };
}

export interface MostAskedOptions {
  /** Days looked back. */
  windowDays?: number;
  /** Fewer answers than this in the window say nothing yet: the configured list is used instead. */
  minAnswers?: number;
  /** How long one reading of the counts is reused. */
  ttlMs?: number;
}

/** A menu topic: the id the button selects and its title in the follower's language. */
export interface MenuTopic {
  id: string;
  title: string;
}

/**
 * The menu's "most asked" topics over the last 30 days, read at most once per `ttlMs` (not a query per message).
 * Returns [] when there are too few answers to tell, or on a database error; the menu then shows its configured list.
 */
export function createMostAskedTopics(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** A topic's title in a language; undefined for an id no longer in the knowledge base. */
  titleOf(id: string, lang: Language): string | undefined;
  options?: MostAskedOptions;
}): (lang: Language, limit: number) => Promise<MenuTopic[]> {
  const windowDays = deps.options?.windowDays ?? 30;
  const minAnswers = deps.options?.minAnswers ?? 30;
  const ttlMs = deps.options?.ttlMs ?? 10 * 60_000;
  let cached: { at: number; ids: string[] } | undefined;
  let reading: Promise<string[]> | undefined;
  const read = async (now: Date): Promise<string[]> => {
    try {
      const { ranked, total } = await answeredSince(deps.db, new Date(now.getTime() - windowDays * DAY_MS));
      return total < minAnswers ? [] : ranked.map((r) => r.topicId);
    } catch (err) {
      deps.logger.warn({ err }, 'most asked topics not read; the menu shows its configured topics');
      return [];
    }
  };
  const ids = async (): Promise<string[]> => {
    const now = deps.clock.now();
    if (cached && now.getTime() - cached.at < ttlMs) return cached.ids;
    // Concurrent menus share one reading.
    reading ??= read(now).then((found) => {
      cached = { at: now.getTime(), ids: found };
      reading = undefined;
      return found;
    });
    return reading;
  };
  return async (lang, limit) => {
    const out: MenuTopic[] = [];
    for (const id of await ids()) {
      const title = deps.titleOf(id, lang);
      if (title) out.push({ id, title });
      if (out.length >= limit) break;
    }
    return out;
  };
}
