import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { ChatFollower, Language } from './followers.types.ts';
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
  /** Followers as Zalo lists them, each once; sets `listing.complete` when the whole list could be read. */
  listFollowers(listing: { complete: boolean }): AsyncIterable<{ userId: string }>;
  /** Zalo's user detail: whether the user follows the OA now (throws when Zalo cannot say). */
  isFollower?(userId: string): Promise<boolean>;
}

export interface FollowerSyncResult {
  seen: number;
  created: number;
  /** Rows that got their follow date from this sync: not following before (a missed follow event) or undated. */
  refollowed: number;
  /** Rows Zalo's user detail says no longer follow (only checked after a complete listing). */
  unfollowed: number;
  complete: boolean;
}

/** User-detail checks per sync at most: each is one API call, and the webhook events keep the state anyway. */
const MAX_DETAIL_CHECKS = 200;

/**
 * Reconciles the followers table with what Zalo can list. Follow/unfollow webhooks are the source of truth; the
 * sync adds what they missed: everyone listed (asked with `is_follower`) is marked following, unless an unfollow
 * we received is newer than the sync. Nobody is marked not following for being absent from a listing (it may be
 * partial: getlist stops near offset 10,000); only when the listing was complete are the absent ones checked one by
 * one with the user detail, and marked not following when Zalo says so.
 */
export async function syncFollowers(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  source: FollowerSource;
}): Promise<FollowerSyncResult> {
  const started = deps.clock.now();
  const at = started.toISOString();
  const listing = { complete: false };
  const listed = new Set<string>();
  const result: FollowerSyncResult = { seen: 0, created: 0, refollowed: 0, unfollowed: 0, complete: false };
  // an unfollow we received after the sync began is newer than the listing: it wins
  const mayFollow = sql`(${followers.unfollowedAt} is null or ${followers.unfollowedAt} < ${at}::timestamptz)`;
  for await (const { userId } of deps.source.listFollowers(listing)) {
    if (listed.has(userId)) continue;
    listed.add(userId);
    result.seen++;
    const [row] = await deps.db
      .insert(followers)
      .values({ zaloUserId: userId, following: true, followedAt: started })
      .onConflictDoUpdate({
        target: followers.zaloUserId,
        set: {
          following: sql`case when ${mayFollow} then true else ${followers.following} end`,
          followedAt: sql`case when ${followers.following} then coalesce(${followers.followedAt}, excluded.followed_at)
            when ${mayFollow} then excluded.followed_at else ${followers.followedAt} end`,
        },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)`, followedAt: followers.followedAt });
    if (row?.inserted) result.created++;
    else if (row?.followedAt?.getTime() === started.getTime()) result.refollowed++;
  }
  result.complete = listing.complete;
  if (listing.complete && deps.source.isFollower)
    result.unfollowed = await confirmAbsent(deps, listed, started);
  deps.logger.info({ ...result }, 'follower sync done');
  if (!listing.complete)
    deps.logger.info('follower listing was partial (offset ceiling or short pages); webhooks keep the rest');
  return result;
}

/** Followers we have that a complete listing did not show: asks Zalo about each; only its "no" unfollows. */
async function confirmAbsent(
  deps: { db: Db; logger: Logger; source: FollowerSource },
  listed: Set<string>,
  started: Date,
): Promise<number> {
  const rows = await deps.db
    .select({ zaloUserId: followers.zaloUserId })
    .from(followers)
    .where(
      sql`${followers.following} and (${followers.followedAt} is null or ${followers.followedAt} < ${started.toISOString()}::timestamptz)`,
    );
  const absent = rows.map((r) => r.zaloUserId).filter((id) => !listed.has(id));
  let unfollowed = 0;
  for (const zaloUserId of absent.slice(0, MAX_DETAIL_CHECKS)) {
    let follows: boolean;
    try {
      follows = await deps.source.isFollower!(zaloUserId);
    } catch {
      continue; // Zalo could not say: keep what the webhooks told us
    }
    if (follows) continue;
    await recordFollowChange(deps.db, { zaloUserId, at: started, following: false });
    unfollowed++;
  }
  if (absent.length > MAX_DETAIL_CHECKS)
    deps.logger.info(
      { unchecked: absent.length - MAX_DETAIL_CHECKS },
      'follower sync: more absent than checked',
    );
  return unfollowed;
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
