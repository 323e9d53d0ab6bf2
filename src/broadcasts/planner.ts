import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Tx } from '../db/client.ts';
import { followerF, followersAsF, newsConsentSql } from '../followers/followers.api.ts';
import { broadcasts, contentItems } from './broadcasts.schema.ts';
import { audienceWhere, inWindow, quotaPeriod, quotaUsed, underQuota } from './audience.ts';
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
  // The quota is read outside the transaction (a network call must not hold row locks), only when work is due.
  const anyDue = rowsOf(
    await deps.db.execute(sql`select 1 from broadcasts where status = 'scheduled'
      and scheduled_at <= ${now.toISOString()}::timestamptz limit 1`),
  );
  if (anyDue.length === 0) return undefined;
  const quota = await readQuota(deps);
  return deps.db.transaction(async (tx) => {
    const due = rowsOf<{ id: number }>(
      await tx.execute(sql`select id from broadcasts where status = 'scheduled' and scheduled_at <= ${now.toISOString()}::timestamptz
        order by scheduled_at, id limit 1 for update skip locked`),
    );
    if (due.length === 0) return undefined;
    const id = Number(due[0]!.id);
    const [b] = await tx.select().from(broadcasts).where(eq(broadcasts.id, id));
    const counts = await insertDeliveries(tx, deps, b!, now);
    const skipped = quota === undefined ? 0 : await skipOverQuota(tx, id, quota);
    counts.planned -= skipped;
    counts.quota += skipped;
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
    deps.logger.info(
      { broadcastId: id, ...counts, skippedOverOaQuota: skipped, oaQuota: quota },
      'broadcast planned',
    );
    return { id, planned: counts.planned };
  });
}

/** The OA's remaining promotion quota, or undefined (no port, a failed call, an unreadable answer): plan uncapped. */
async function readQuota(deps: BroadcastDeps): Promise<number | undefined> {
  if (!deps.promotionQuota) return undefined;
  try {
    const q = await deps.promotionQuota();
    if (q === undefined) deps.logger.warn('promotion quota unreadable; planning without a cap');
    return q?.remaining;
  } catch (err) {
    deps.logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'promotion quota not read; planning without a cap',
    );
    return undefined;
  }
}

/**
 * Keeps at most what the OA's quota leaves after the promotion rows other broadcasts still have to send; the rest
 * of this broadcast's promotion rows are recorded failed('quota', 'skipped_oa_quota') and never sent.
 */
async function skipOverQuota(tx: Tx, broadcastId: number, remaining: number): Promise<number> {
  const [c] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from broadcast_deliveries
      where message_kind = 'promotion' and status in ('pending', 'sending') and broadcast_id <> ${broadcastId}`),
  );
  const room = Math.max(0, remaining - Number(c?.n ?? 0));
  const skipped =
    await tx.execute(sql`update broadcast_deliveries set status = 'failed', error_code = 'quota',
      error_reason = 'skipped_oa_quota'
    where id in (select id from broadcast_deliveries where broadcast_id = ${broadcastId} and message_kind = 'promotion'
      and status = 'pending' order by id offset ${room})
    returning id`);
  return rowsOf(skipped).length;
}

async function insertDeliveries(tx: Tx, deps: BroadcastDeps, b: typeof broadcasts.$inferSelect, now: Date) {
  const { month, day } = quotaPeriod(now, deps.config.TZ_APP);
  const window = inWindow(deps.config, now, b.useConsultationInWindow === 1);
  const [item] = await tx
    .select({ themeCode: contentItems.themeCode })
    .from(contentItems)
    .where(eq(contentItems.id, b.itemId));
  const where = audienceWhere(b.segment, item?.themeCode);
  const inserted = await tx.execute(sql`
    insert into broadcast_deliveries (broadcast_id, zalo_user_id, area_code, language, message_kind, quota_day, quota_month, status)
    select ${b.id}, ${followerF.zaloUserId}, ${followerF.areaCode}, ${followerF.language},
      case when ${window} then 'cs' else 'promotion' end, ${day}, ${month}, 'pending'
    from ${followersAsF} left join ${quotaUsed(month, day)} u on u.zalo_user_id = ${followerF.zaloUserId}
    where ${where} and ${newsConsentSql} and (${window} or ${underQuota(deps.config)})
    on conflict (broadcast_id, zalo_user_id) do nothing`);
  const planned =
    (inserted as { affectedRows?: number; rowCount?: number }).affectedRows ??
    (inserted as { rowCount?: number }).rowCount ??
    0;
  const [c] = rowsOf<{ matched: number; opt_out: number }>(
    await tx.execute(sql`select count(*)::int as matched, (count(*) filter (where not ${newsConsentSql}))::int as opt_out
      from ${followersAsF} where ${where}`),
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
