import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { DemoSeed } from '../demo/demo.port.ts';
import { conversations } from './chat.schema.ts';

/** Conversations for the first eight demo followers, two of them waiting for a person (the handoff queue). */
export async function seedChatDemo(tx: Tx, seed: DemoSeed, followerIds: string[]): Promise<void> {
  await tx.insert(conversations).values(
    followerIds.slice(0, 8).map((followerId, i) => ({
      followerId,
      handoffStatus: i < 2 ? ('waiting' as const) : ('bot' as const),
      handoffReason: i < 2 ? `${seed.label} Hỏi về thủ tục cấp giấy khai sinh` : null,
      handoffAt: i < 2 ? new Date(seed.now.getTime() - (i + 1) * 3_600_000) : null,
    })),
  );
}

/** Deletes the conversations of the demo followers (`followerIds`: SQL selecting their ids, from the followers module). */
export async function clearChatDemo(tx: Tx, followerIds: SQL): Promise<void> {
  await tx.execute(sql`delete from conversations where follower_id in (${followerIds})`);
}
