import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { ChatFollower, Language } from '../chat/chat.types.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from 'pino';
import { followers, type FollowerRow } from './followers.schema.ts';

type Q = Db | Tx;

export function toChatFollower(row: FollowerRow): ChatFollower {
  return {
    id: row.id,
    zaloUserId: row.zaloUserId,
    userIdByApp: row.userIdByApp,
    displayName: row.displayName,
    language: row.language,
    areaCode: row.areaCode,
    optedOut: row.optedOut,
  };
}

export async function findFollower(db: Q, zaloUserId: string): Promise<FollowerRow | undefined> {
  const [row] = await db.select().from(followers).where(eq(followers.zaloUserId, zaloUserId)).limit(1);
  return row;
}

/** The follower a mini-app user is: the mini-app knows the app-scoped id, which OA events carry as user_id_by_app. */
export async function findFollowerByAppUserId(db: Q, appUserId: string): Promise<FollowerRow | undefined> {
  const [row] = await db.select().from(followers).where(eq(followers.userIdByApp, appUserId)).limit(1);
  return row ?? findFollower(db, appUserId);
}

/**
 * The citizen wrote or acted at `at`: creates the follower if needed and, when `at` is newer than what we know,
 * moves the interaction time forward and opens a fresh free-reply window (redelivered old events change nothing).
 */
export async function recordInteraction(
  db: Q,
  input: { zaloUserId: string; at: Date; userIdByApp?: string },
): Promise<FollowerRow> {
  const newer = sql`(${followers.lastInteractionAt} is null or ${followers.lastInteractionAt} < excluded.last_interaction_at)`;
  const [row] = await db
    .insert(followers)
    .values({ zaloUserId: input.zaloUserId, userIdByApp: input.userIdByApp, lastInteractionAt: input.at })
    .onConflictDoUpdate({
      target: followers.zaloUserId,
      set: {
        lastInteractionAt: sql`case when ${newer} then excluded.last_interaction_at else ${followers.lastInteractionAt} end`,
        freeRepliesUsed: sql`case when ${newer} then 0 else ${followers.freeRepliesUsed} end`,
        userIdByApp: sql`coalesce(excluded.user_id_by_app, ${followers.userIdByApp})`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

/** follow/unfollow: applied only when newer than the last follow change we saw, so out-of-order redeliveries are harmless. */
export async function recordFollowChange(
  db: Q,
  input: { zaloUserId: string; at: Date; following: boolean; userIdByApp?: string },
): Promise<FollowerRow> {
  const lastChange = sql`greatest(${followers.followedAt}, ${followers.unfollowedAt})`;
  const apply = sql`(${lastChange} is null or ${lastChange} <= ${input.at.toISOString()}::timestamptz)`;
  const [row] = await db
    .insert(followers)
    .values({
      zaloUserId: input.zaloUserId,
      userIdByApp: input.userIdByApp,
      following: input.following,
      followedAt: input.following ? input.at : null,
      unfollowedAt: input.following ? null : input.at,
      lastInteractionAt: input.following ? input.at : null,
    })
    .onConflictDoUpdate({
      target: followers.zaloUserId,
      set: {
        following: sql`case when ${apply} then excluded.following else ${followers.following} end`,
        followedAt: input.following
          ? sql`case when ${apply} then excluded.followed_at else ${followers.followedAt} end`
          : sql`${followers.followedAt}`,
        unfollowedAt: input.following
          ? sql`${followers.unfollowedAt}`
          : sql`case when ${apply} then excluded.unfollowed_at else ${followers.unfollowedAt} end`,
        userIdByApp: sql`coalesce(excluded.user_id_by_app, ${followers.userIdByApp})`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  if (input.following) return recordInteraction(db, input);
  return row!;
}

export async function setLanguage(db: Q, followerId: string, language: Language): Promise<void> {
  await db
    .update(followers)
    .set({ language, updatedAt: sql`now()` })
    .where(eq(followers.id, followerId));
}

export async function setOptedOut(db: Q, followerId: string, optedOut: boolean, at: Date): Promise<void> {
  await db
    .update(followers)
    .set({ optedOut, optedOutAt: optedOut ? at : null, updatedAt: sql`now()` })
    .where(eq(followers.id, followerId));
}

/** Keeps what the citizen chose to share (Zalo's info form): name and phone, digits only. */
export async function setSharedInfo(
  db: Q,
  zaloUserId: string,
  info: { name?: string; phone?: string },
): Promise<void> {
  const phone = info.phone?.replace(/\D/g, '').slice(0, 15);
  const name = info.name?.trim().slice(0, 200);
  if (!phone && !name) return;
  await db
    .update(followers)
    .set({
      ...(name ? { displayName: name } : {}),
      ...(phone ? { phone } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(followers.zaloUserId, zaloUserId));
}

/** Counts consultation replies queued for a follower against the current free window. */
export async function useFreeReplies(db: Q, followerId: string, count: number): Promise<void> {
  if (count <= 0) return;
  await db
    .update(followers)
    .set({ freeRepliesUsed: sql`${followers.freeRepliesUsed} + ${count}` })
    .where(eq(followers.id, followerId));
}

/** Where the OA's follower list comes from; the Zalo client pages `/v3.0/oa/user/getlist` behind it. */
export interface FollowerSource {
  listFollowers(): AsyncIterable<{ userId: string }>;
}

/**
 * Marks everyone the OA lists as following (creating rows for people we never saw, e.g. followers from before
 * the bot). People missing from the list are not touched: a partial listing must never unfollow anyone.
 */
export async function syncFollowers(deps: { db: Db; clock: Clock; logger: Logger; source: FollowerSource }) {
  let seen = 0;
  let created = 0;
  const now = deps.clock.now();
  for await (const { userId } of deps.source.listFollowers()) {
    seen++;
    const [row] = await deps.db
      .insert(followers)
      .values({ zaloUserId: userId, following: true, followedAt: now })
      .onConflictDoUpdate({
        target: followers.zaloUserId,
        set: { following: true, followedAt: sql`coalesce(${followers.followedAt}, excluded.followed_at)` },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    if (row?.inserted) created++;
  }
  deps.logger.info({ seen, created }, 'follower sync done');
  return { seen, created };
}

/** The commune the citizen gave (chat, "đổi xã", or a form they agreed to save from); null clears it. */
export async function setCommune(db: Q, followerId: string, areaCode: string | null): Promise<void> {
  await db
    .update(followers)
    .set({ areaCode, updatedAt: sql`now()` })
    .where(eq(followers.id, followerId));
}

/**
 * Marks that the commune question was asked after a follow; true only the first time, so the question is asked
 * once per follower, whatever the number of follows and redelivered events.
 */
export async function markCommuneAsked(db: Q, followerId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(followers)
    .set({ communeAskedAt: at })
    .where(sql`${followers.id} = ${followerId} and ${followers.communeAskedAt} is null`)
    .returning({ id: followers.id });
  return rows.length > 0;
}

/**
 * A survey or contest form the citizen filled in the mini-app, with "remember my commune" ticked: their commune becomes
 * the follower's. Only a current commune is kept; nothing happens for someone who does not follow the OA.
 */
export async function rememberCommune(db: Q, appUserId: string, areaCode: string): Promise<boolean> {
  const follower = await findFollowerByAppUserId(db, appUserId);
  if (!follower) return false;
  const rows = await db
    .update(followers)
    .set({ areaCode, updatedAt: sql`now()` })
    .where(
      sql`${followers.id} = ${follower.id} and exists (select 1 from areas a where a.code = ${areaCode} and a.level = 'commune' and a.active = 1)`,
    )
    .returning({ id: followers.id });
  return rows.length > 0;
}
