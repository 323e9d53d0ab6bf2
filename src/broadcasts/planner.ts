import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Tx } from '../db/client.ts';
import { followers } from '../followers/followers.schema.ts';
import { broadcasts, contentItems } from './broadcasts.schema.ts';
import { consented, inWindow, quotaPeriod, quotaUsed, segmentWhere, underQuota } from './audience.ts';
import { recordTransition } from './content.service.ts';
import { isQuietTime } from './quiet-hours.ts';
import { nextStatus } from './workflow.ts';
import type { BroadcastDeps } from './broadcasts.deps.ts';

/**
 * Claims one due broadcast (FOR UPDATE SKIP LOCKED, so two instances never plan the same one) and writes its
 * delivery rows in one INSERT … SELECT inside the same transaction: either every row exists and the broadcast is
 * 'sending', or nothing happened. Returns the broadcast id, or undefined when nothing is due.
 */
export async function planDueBroadcast(
  deps: BroadcastDeps,
): Promise<{ id: number; planned: number } | undefined> {
  const now = deps.clock.now();
  if (isQuietTime(now, deps.config)) return undefined;
  return deps.db.transaction(async (tx) => {
    const due = rowsOf<{ id: number }>(
      await tx.execute(sql`select id from broadcasts where status = 'scheduled' and scheduled_at <= ${now.toISOString()}::timestamptz
        order by scheduled_at, id limit 1 for update skip locked`),
    );
    if (due.length === 0) return undefined;
    const id = Number(due[0]!.id);
    const [b] = await tx.select().from(broadcasts).where(eq(broadcasts.id, id));
    const counts = await insertDeliveries(tx, deps, b!, now);
    await tx
      .update(broadcasts)
      .set({
        status: 'sending',
        plannedAt: now,
        planned: counts.planned,
        excludedOptOut: counts.optOut,
        excludedQuota: counts.quota,
      })
      .where(eq(broadcasts.id, id));
    await moveItem(tx, deps, b!.itemId, 'start_sending');
    deps.logger.info({ broadcastId: id, ...counts }, 'broadcast planned');
    return { id, planned: counts.planned };
  });
}

async function insertDeliveries(tx: Tx, deps: BroadcastDeps, b: typeof broadcasts.$inferSelect, now: Date) {
  const { month, day } = quotaPeriod(now, deps.config.TZ_APP);
  const window = inWindow(deps.config, now, b.useConsultationInWindow === 1);
  const where = segmentWhere(b.segment);
  const inserted = await tx.execute(sql`
    insert into broadcast_deliveries (broadcast_id, zalo_user_id, area_code, language, message_kind, quota_day, quota_month, status)
    select ${b.id}, f.zalo_user_id, f.area_code, f.language,
      case when ${window} then 'cs' else 'promotion' end, ${day}, ${month}, 'pending'
    from ${followers} f left join ${quotaUsed(month, day)} u on u.zalo_user_id = f.zalo_user_id
    where ${where} and ${consented} and (${window} or ${underQuota(deps.config)})
    on conflict (broadcast_id, zalo_user_id) do nothing`);
  const planned =
    (inserted as { affectedRows?: number; rowCount?: number }).affectedRows ??
    (inserted as { rowCount?: number }).rowCount ??
    0;
  const [c] = rowsOf<{ matched: number; opt_out: number }>(
    await tx.execute(sql`select count(*)::int as matched, (count(*) filter (where not ${consented}))::int as opt_out
      from ${followers} f where ${where}`),
  );
  const optOut = Number(c?.opt_out ?? 0);
  return {
    planned: Number(planned),
    optOut,
    quota: Math.max(0, Number(c?.matched ?? 0) - optOut - Number(planned)),
  };
}

async function moveItem(
  tx: Tx,
  deps: BroadcastDeps,
  itemId: number,
  action: 'start_sending' | 'finish' | 'finish_partly',
) {
  const [item] = await tx.select().from(contentItems).where(eq(contentItems.id, itemId)).for('update');
  if (!item || item.status === 'cancelled') return;
  const to = nextStatus(item.status, action);
  const [updated] = await tx
    .update(contentItems)
    .set({ status: to, updatedAt: deps.clock.now() })
    .where(eq(contentItems.id, itemId))
    .returning();
  await recordTransition(tx, deps, { item: updated!, from: item.status, to, action, actor: 'system' });
}

/**
 * Closes broadcasts whose every delivery is settled: sent when none failed for a reason other than cancellation,
 * partly_failed otherwise. Each broadcast row is locked so two instances close it once.
 */
export async function finishSettledBroadcasts(deps: BroadcastDeps): Promise<number[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const settled = rowsOf<{ id: number; failed: number }>(
      await tx.execute(sql`select b.id,
          (select count(*)::int from broadcast_deliveries d where d.broadcast_id = b.id and d.status = 'failed') as failed
        from broadcasts b where b.status = 'sending'
          and not exists (select 1 from broadcast_deliveries d where d.broadcast_id = b.id and d.status in ('pending', 'sending'))
        for update of b skip locked`),
    );
    for (const s of settled) {
      const failed = Number(s.failed) > 0;
      await tx
        .update(broadcasts)
        .set({ status: failed ? 'partly_failed' : 'sent', finishedAt: now })
        .where(and(eq(broadcasts.id, Number(s.id)), eq(broadcasts.status, 'sending')));
      const [b] = await tx
        .select({ itemId: broadcasts.itemId })
        .from(broadcasts)
        .where(eq(broadcasts.id, Number(s.id)));
      await moveItem(tx, deps, b!.itemId, failed ? 'finish_partly' : 'finish');
      deps.logger.info({ broadcastId: s.id, failed }, 'broadcast finished');
    }
    return settled.map((s) => Number(s.id));
  });
}
