import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { DAY_MS, type DemoKeys, type DemoSeed } from '../demo/demo.port.ts';
import { followers } from './followers.schema.ts';

/** A demo follower as other demo writers need it (conversations, deliveries). */
export interface DemoFollower {
  id: string;
  zaloUserId: string;
  areaCode: string | null;
}

/**
 * Sixty labelled followers (`demo-follower-001`…), four in five in one of `areaCodes`, followed since some day of the
 * report year. Their Zalo ids are the demo registry's keys.
 */
export async function seedFollowersDemo(
  tx: Tx,
  seed: DemoSeed,
  areaCodes: string[],
): Promise<DemoFollower[]> {
  const { now, start, rnd } = seed;
  const rows = Array.from({ length: 60 }, (_, i) => ({
    zaloUserId: `demo-follower-${String(i + 1).padStart(3, '0')}`,
    displayName: `${seed.label} Người theo dõi ${i + 1}`,
    areaCode: areaCodes.length > 0 && i % 5 !== 4 ? areaCodes[i % areaCodes.length]! : null,
    following: true,
    followedAt: new Date(start.getTime() + rnd() * (now.getTime() - start.getTime())),
    lastInteractionAt: new Date(now.getTime() - rnd() * 20 * DAY_MS),
  }));
  return tx
    .insert(followers)
    .values(rows)
    .returning({ id: followers.id, zaloUserId: followers.zaloUserId, areaCode: followers.areaCode });
}

/** SQL: the follower ids (uuid) of the demo followers whose Zalo ids are `keys`, for the chat module's clear. */
export function demoFollowerIds(keys: DemoKeys): SQL {
  return sql`select id from followers where zalo_user_id in (${keys})`;
}

/** Deletes the demo followers and their news consents (their conversations go first, through the chat module). */
export async function clearFollowersDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from news_consents where follower_id in (${demoFollowerIds(keys)})`);
  await tx.execute(sql`delete from followers where zalo_user_id in (${keys})`);
}
