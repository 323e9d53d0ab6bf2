import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { areaUnderSql } from '../areas/areas.service.ts';
import { localMidnight, parseLocalDay } from '../lib/report-periods.ts';
import { followers } from './followers.schema.ts';

// What other modules ask about followers inside their own SQL statements (an audience, a conversation list, an
// outbox row). The table stays this module's own: callers get fragments and subqueries from here, never
// `from(followers)` of their own, so an audience is still one statement and a list still one query.

/** `followers f`: the table under the alias the fragments below speak of, for a caller's FROM. */
export const followersAsF: SQL = sql`${followers} f`;

/** Columns of `f` (see `followersAsF`) a caller selects or joins on. */
export const followerF = {
  zaloUserId: sql<string>`f.zalo_user_id`,
  areaCode: sql<string | null>`f.area_code`,
  language: sql<string>`f.language`,
};

/** Who a broadcast is meant for, as the console states it; every list is "any of". */
export interface AudienceFilter {
  areas?: string[];
  tags?: string[];
  languages?: string[];
  followedFrom?: string;
  followedTo?: string;
  /** Opt-in tags named `topic:<theme>`. */
  topics?: string[];
}

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** The followers (of the OA today) a filter holds, as SQL over `f`, before consent and any sender's caps. */
export function followerAudienceWhere(s: AudienceFilter): SQL {
  const parts: SQL[] = [sql`f.following = true`];
  // A commune segment also reaches followers stored under the communes it was formed from (the 2025 mergers).
  if (s.areas?.length) parts.push(areaUnderSql(sql`f.area_code`, s.areas));
  if (s.tags?.length) parts.push(sql`f.tags && ${textArray(s.tags)}`);
  if (s.topics?.length) parts.push(sql`f.tags && ${textArray(s.topics.map((t) => `topic:${t}`))}`);
  if (s.languages?.length) parts.push(sql`f.language = any(${textArray(s.languages)})`);
  if (s.followedFrom)
    parts.push(sql`f.followed_at >= ${parseLocalDay(s.followedFrom).toISOString()}::timestamptz`);
  if (s.followedTo) {
    const [y, m, d] = s.followedTo.split('-').map(Number) as [number, number, number];
    parts.push(sql`f.followed_at < ${localMidnight(y, m, d + 1).toISOString()}::timestamptz`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * News on a plan theme reaches the followers who chose that theme and those who chose none (they get every theme);
 * it skips those who chose only other themes. Items without a theme go to everyone. The choice is the follower's
 * own ("tin 2" in chat: `news.chat.ts`). SQL over `f`.
 */
export function newsThemeWhere(themeCode: string | null | undefined): SQL {
  if (!themeCode) return sql`true`;
  return sql`(${`topic:${themeCode}`} = any(f.tags) or not exists (select 1 from unnest(f.tags) ft where ft like 'topic:%'))`;
}

/** The follower has not opted out and consents to broadcasts (SQL over `f`). */
export const newsConsentSql: SQL = sql`(f.opted_out = false and f.consent_broadcasts = true)`;

/** The follower wrote after `since` and has free consultation replies left under `limit` (SQL over `f`). */
export function inFreeReplyWindowSql(since: Date, limit: number): SQL {
  return sql`(f.last_interaction_at is not null and f.last_interaction_at > ${since.toISOString()}::timestamptz and f.free_replies_used < ${limit})`;
}

/** SQL for the display name of the follower whose id is in `column` (null when none), for a caller's own select. */
export function followerNameSql(column: SQL | SQL.Aliased | { getSQL(): SQL }): SQL<string | null> {
  return sql<string | null>`(select fn.display_name from ${followers} fn where fn.id = ${column})`;
}

/**
 * The follower facts a conversation list and a staff reply need (who, which language, the reply window): `f`, a
 * subquery to join on `f.id` in the caller's own select (a `for update` there locks the follower row too), and
 * `columns`, its fields to select.
 */
export function followerContacts(db: Db | Tx) {
  const f = db
    .select({
      id: followers.id,
      zaloUserId: followers.zaloUserId,
      displayName: followers.displayName,
      language: followers.language,
      lastInteractionAt: followers.lastInteractionAt,
      freeRepliesUsed: followers.freeRepliesUsed,
    })
    .from(followers)
    .as('f');
  const { id, zaloUserId, displayName, language, lastInteractionAt, freeRepliesUsed } = f;
  return { f, columns: { id, zaloUserId, displayName, language, lastInteractionAt, freeRepliesUsed } };
}
