import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { followers, newsConsents } from './followers.schema.ts';

/**
 * CCHC news by topic. A follower's chosen themes are tags `topic:<theme>` (what broadcast segments and the planner
 * read): none chosen → every theme; some chosen → only those (and news with no theme). Each choice is recorded in
 * `news_consents` with its time.
 */
export const TOPIC_TAG = 'topic:';

const topicTag = (code: string) => `${TOPIC_TAG}${code}`;

/** The themes a follower chose, in tag order. */
export async function newsTopicsOf(db: Db, followerId: string): Promise<string[]> {
  const [row] = await db.select({ tags: followers.tags }).from(followers).where(eq(followers.id, followerId));
  return (row?.tags ?? []).filter((t) => t.startsWith(TOPIC_TAG)).map((t) => t.slice(TOPIC_TAG.length));
}

/**
 * Adds a theme; asking for news also ends an earlier opt-out (the citizen's latest word counts). Returns false
 * when the theme was already chosen and the follower was receiving news (nothing changed, nothing recorded).
 */
export async function subscribeNews(db: Db, followerId: string, code: string, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ tags: followers.tags, optedOut: followers.optedOut })
      .from(followers)
      .where(eq(followers.id, followerId))
      .for('update');
    if (!row) return false;
    if (row.tags.includes(topicTag(code)) && !row.optedOut) return false;
    await tx
      .update(followers)
      .set({
        tags: row.tags.includes(topicTag(code)) ? row.tags : [...row.tags, topicTag(code)],
        optedOut: false,
        optedOutAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(followers.id, followerId));
    await tx.insert(newsConsents).values({ followerId, action: 'subscribe', themeCode: code, at });
    return true;
  });
}

/** Removes a theme; returns the themes left, or undefined when it was not chosen (nothing recorded). */
export async function unsubscribeNews(
  db: Db,
  followerId: string,
  code: string,
  at: Date,
): Promise<string[] | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ tags: followers.tags })
      .from(followers)
      .where(eq(followers.id, followerId))
      .for('update');
    if (!row?.tags.includes(topicTag(code))) return undefined;
    const tags = row.tags.filter((t) => t !== topicTag(code));
    await tx
      .update(followers)
      .set({ tags, updatedAt: sql`now()` })
      .where(eq(followers.id, followerId));
    await tx.insert(newsConsents).values({ followerId, action: 'unsubscribe', themeCode: code, at });
    return tags.filter((t) => t.startsWith(TOPIC_TAG)).map((t) => t.slice(TOPIC_TAG.length));
  });
}

/** Stops all CCHC news: the opt-out, and the chosen themes forgotten (a later "nhận tin" brings every theme). */
export async function stopNews(db: Db, followerId: string, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(followers)
      .set({
        tags: sql`array(select t from unnest(${followers.tags}) t where t not like ${`${TOPIC_TAG}%`})`,
        optedOut: true,
        optedOutAt: at,
        updatedAt: sql`now()`,
      })
      .where(eq(followers.id, followerId));
    await tx.insert(newsConsents).values({ followerId, action: 'stop', themeCode: null, at });
  });
}
