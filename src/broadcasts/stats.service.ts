import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { currentAreaSql } from '../areas/areas.service.ts';
import { areaExists, areaNameSql } from '../areas/areas.api.ts';
import { broadcastClicks, broadcasts, contentVersions } from './broadcasts.schema.ts';

/**
 * Called by the chat pipeline for Zalo's user_received_message / user_seen_message events: matches the delivery by
 * the Zalo message id we stored when the send succeeded. Seen implies received. Returns whether a delivery matched.
 */
export async function recordDeliveryEvent(
  db: Db,
  e: { zaloUserId: string; msgId: string; kind: 'received' | 'seen'; at: Date },
): Promise<boolean> {
  const at = e.at.toISOString();
  const seen = e.kind === 'seen' ? sql`, seen_at = coalesce(seen_at, ${at}::timestamptz)` : sql``;
  const result =
    await db.execute(sql`update broadcast_deliveries set received_at = coalesce(received_at, ${at}::timestamptz) ${seen}
    where zalo_msg_id = ${e.msgId} and zalo_user_id = ${e.zaloUserId} returning id`);
  return rowsOf(result).length > 0;
}

export interface AreaStats {
  areaCode: string | null;
  areaName: string | null;
  planned: number;
  sent: number;
  failed: number;
  pending: number;
  received: number;
  seen: number;
  clicks: number;
}

/** Progress and outcome of one broadcast: totals, failures by reason, by area (with clicks). */
export async function broadcastStats(db: Db, broadcastId: number) {
  const byArea = rowsOf<Record<string, unknown>>(
    // A follower still stored under a retired commune counts under the commune that succeeded it.
    await db.execute(sql`select x.area_code, ${areaNameSql(sql`x.area_code`)} as area_name, count(*)::int as planned,
        (count(*) filter (where x.status = 'sent'))::int as sent,
        (count(*) filter (where x.status = 'failed'))::int as failed,
        (count(*) filter (where x.status in ('pending', 'sending')))::int as pending,
        (count(*) filter (where x.received_at is not null))::int as received,
        (count(*) filter (where x.seen_at is not null))::int as seen
      from (select ${currentAreaSql(sql`d.area_code`)} as area_code, d.status, d.received_at, d.seen_at
        from broadcast_deliveries d where d.broadcast_id = ${broadcastId}) x
      group by x.area_code order by x.area_code nulls last`),
  );
  const clicks = rowsOf<{ area_code: string | null; n: number }>(
    await db.execute(
      sql`select ${currentAreaSql(sql`c.area_code`)} as area_code, count(*)::int as n from ${broadcastClicks} c where c.broadcast_id = ${broadcastId} group by 1`,
    ),
  );
  const clickBy = new Map(clicks.map((c) => [c.area_code ?? '', Number(c.n)]));
  const areasOut: AreaStats[] = byArea.map((r) => ({
    areaCode: (r.area_code as string | null) ?? null,
    areaName: (r.area_name as string | null) ?? null,
    planned: Number(r.planned),
    sent: Number(r.sent),
    failed: Number(r.failed),
    pending: Number(r.pending),
    received: Number(r.received),
    seen: Number(r.seen),
    clicks: clickBy.get((r.area_code as string | null) ?? '') ?? 0,
  }));
  const failures = rowsOf<{ reason: string; n: number }>(
    await db.execute(sql`select coalesce(error_reason, 'unknown') as reason, count(*)::int as n from broadcast_deliveries
      where broadcast_id = ${broadcastId} and status = 'failed' group by 1 order by 2 desc`),
  ).map((f) => ({ reason: f.reason, count: Number(f.n) }));
  const sum = (k: keyof Omit<AreaStats, 'areaCode' | 'areaName'>) => areasOut.reduce((s, a) => s + a[k], 0);
  return {
    totals: {
      planned: sum('planned'),
      sent: sum('sent'),
      failed: sum('failed'),
      pending: sum('pending'),
      received: sum('received'),
      seen: sum('seen'),
      clicks: [...clickBy.values()].reduce((s, n) => s + n, 0),
    },
    failures,
    byArea: areasOut,
  };
}

const header = [
  'Mã địa bàn',
  'Địa bàn',
  'Dự kiến',
  'Đã gửi',
  'Lỗi',
  'Đang chờ',
  'Đã nhận',
  'Đã xem',
  'Lượt bấm',
];
const rowOf = (a: AreaStats) => [
  a.areaCode ?? '',
  a.areaName ?? '(chưa rõ)',
  a.planned,
  a.sent,
  a.failed,
  a.pending,
  a.received,
  a.seen,
  a.clicks,
];

export async function exportStats(db: Db, broadcastId: number, format: 'csv' | 'xlsx'): Promise<Buffer> {
  const stats = await broadcastStats(db, broadcastId);
  if (format === 'csv')
    return Buffer.from('\uFEFF' + stringify([header, ...stats.byArea.map(rowOf)]), 'utf8');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Theo địa bàn');
  sheet.addRow(header).font = { bold: true };
  for (const a of stats.byArea) sheet.addRow(rowOf(a));
  const reasons = book.addWorksheet('Lỗi theo lý do');
  reasons.addRow(['Lý do', 'Số lượng']).font = { bold: true };
  for (const f of stats.failures) reasons.addRow([f.reason, f.count]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The tracked redirect: counts a click for the broadcast (and the area, if a known one) and returns the target. */
export async function followLink(
  deps: { db: Db; clock: Clock },
  token: string,
  areaCode?: string,
): Promise<string> {
  const [row] = await deps.db
    .select({ id: broadcasts.id, url: contentVersions.buttonUrl })
    .from(broadcasts)
    .innerJoin(
      contentVersions,
      sql`${contentVersions.itemId} = ${broadcasts.itemId} and ${contentVersions.version} = ${broadcasts.version}`,
    )
    .where(eq(broadcasts.linkToken, token));
  if (!row?.url)
    throw new AppError('not_found', 'unknown link token', 'Liên kết không tồn tại hoặc đã hết hiệu lực.');
  let area: string | null = null;
  if (areaCode) {
    area = (await areaExists(deps.db, areaCode)) ? areaCode : null;
  }
  await deps.db.insert(broadcastClicks).values({ broadcastId: row.id, areaCode: area, at: deps.clock.now() });
  return row.url;
}
