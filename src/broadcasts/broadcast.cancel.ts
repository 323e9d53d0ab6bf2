import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { broadcastDeliveries, broadcasts } from './broadcasts.schema.ts';

/**
 * Stops an item's scheduled or running broadcast: rows not yet claimed become failed('cancelled'); rows already
 * being sent finish as they are (their request may be at Zalo). Runs inside the caller's transaction.
 */
export async function cancelBroadcastsOfItem(tx: Tx, now: Date, itemId: number): Promise<void> {
  const stopped = await tx
    .update(broadcasts)
    .set({ status: 'cancelled', finishedAt: now })
    .where(and(eq(broadcasts.itemId, itemId), inArray(broadcasts.status, ['scheduled', 'sending'])))
    .returning({ id: broadcasts.id });
  if (stopped.length === 0) return;
  await tx
    .update(broadcastDeliveries)
    .set({ status: 'failed', errorReason: 'cancelled', errorCode: sql`null` })
    .where(
      and(
        inArray(
          broadcastDeliveries.broadcastId,
          stopped.map((b) => b.id),
        ),
        eq(broadcastDeliveries.status, 'pending'),
      ),
    );
}
