import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { localDay, localMidnight, viDay, type ReportPeriodId } from '../lib/report-periods.ts';
import { getPlan } from './plan.service.ts';
import { planReportPeriod } from './plan.periods.ts';
import { notDemo } from '../demo/demo.registry.ts';

export interface CalendarBroadcast {
  broadcastId: number;
  itemId: number;
  title: string;
  themeCode: string | null;
  planItemNo: number | null;
  unitCode: string;
  status: string;
  scheduledAt: string;
  day: string;
}

/** Scheduled, running and finished broadcasts of a local month (cancelled ones left out). */
async function broadcastsOfMonth(db: Db, year: number, month: number): Promise<CalendarBroadcast[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select b.id, b.item_id, v.title, i.theme_code, i.plan_item_no, i.unit_code, b.status, b.scheduled_at
      from broadcasts b join content_items i on i.id = b.item_id
      join content_versions v on v.item_id = b.item_id and v.version = b.version
      where b.status <> 'cancelled' and b.scheduled_at >= ${localMidnight(year, month, 1).toISOString()}::timestamptz
        and b.scheduled_at < ${localMidnight(year, month + 1, 1).toISOString()}::timestamptz
      order by b.scheduled_at, b.id`),
  );
  return rows.map((r) => {
    const at = new Date(r.scheduled_at as string);
    return {
      broadcastId: Number(r.id),
      itemId: Number(r.item_id),
      title: String(r.title),
      themeCode: (r.theme_code as string | null) ?? null,
      planItemNo: r.plan_item_no === null ? null : Number(r.plan_item_no),
      unitCode: String(r.unit_code),
      status: String(r.status),
      scheduledAt: at.toISOString(),
      day: localDay(at),
    };
  });
}

/**
 * The month view: the plan's items for the month, what is scheduled and sent, the gaps (a planned theme with no
 * broadcast), and warnings where the month asks more of each follower than Zalo's broadcast quota allows.
 */
export async function monthView(deps: { db: Db; config: Config }, year: number, month: number) {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new AppError('validation', 'bad month', 'Tháng phải từ 1 đến 12.');
  const plan = await getPlan(deps.db, year);
  const labels = new Map(plan.themes.map((t) => [t.code, t.label]));
  const planned = plan.items.filter((i) => i.months.includes(month));
  const sends = await broadcastsOfMonth(deps.db, year, month);
  const gaps = planned
    .filter((i) => i.kind === 'media')
    .filter(
      (i) => !sends.some((b) => b.planItemNo === i.no || (b.planItemNo === null && b.themeCode === i.theme)),
    )
    .map((i) => ({
      planItemNo: i.no,
      themeCode: i.theme,
      message: `Chưa có tin về chủ đề “${labels.get(i.theme) ?? i.theme}” trong tháng ${month} (mục ${i.no} của kế hoạch).`,
    }));
  return {
    year,
    month,
    themes: plan.themes,
    planned,
    broadcasts: sends,
    gaps,
    warnings: quotaWarnings(deps.config, month, planned, sends),
  };
}

function quotaWarnings(
  config: Config,
  month: number,
  planned: { kind: string }[],
  sends: CalendarBroadcast[],
): string[] {
  const warnings: string[] = [];
  // Only an own cap is checked: Zalo's promotion quota is per OA, read before each broadcast (README).
  const perMonth = config.BROADCAST_PER_MONTH ?? Number.POSITIVE_INFINITY;
  const perDayCap = config.BROADCAST_PER_DAY ?? Number.POSITIVE_INFINITY;
  const media = planned.filter((i) => i.kind === 'media').length;
  if (sends.length > perMonth)
    warnings.push(
      `Tháng ${month} có ${sends.length} đợt gửi, vượt giới hạn ${perMonth} tin/tháng cho mỗi người theo dõi mà tỉnh tự đặt: người đã nhận đủ ${perMonth} tin sẽ bị bỏ qua ở các đợt sau.`,
    );
  else if (media > perMonth)
    warnings.push(
      `Kế hoạch tháng ${month} có ${media} chủ đề cần đăng, nhiều hơn giới hạn ${perMonth} tin/tháng tỉnh tự đặt cho mỗi người: cần gộp chủ đề hoặc chia nhóm người nhận.`,
    );
  const perDay = new Map<string, number>();
  for (const b of sends) perDay.set(b.day, (perDay.get(b.day) ?? 0) + 1);
  for (const [day, n] of perDay)
    if (n > perDayCap)
      warnings.push(
        `Ngày ${viDay(day)} có ${n} đợt gửi, vượt giới hạn ${perDayCap} tin/ngày cho mỗi người theo dõi.`,
      );
  return warnings;
}

/** How many quota units (months or quarters) an official period asks for; a yearly quota is due only in the year report. */
const unitsInPeriod: Record<'month' | 'quarter' | 'year', Record<ReportPeriodId, number | null>> = {
  month: { q1: 3, h1: 6, q3: 3, year: 12 },
  quarter: { q1: 1, h1: 2, q3: 1, year: 4 },
  year: { q1: null, h1: null, q3: null, year: 1 },
};

/**
 * Quota compliance for one official report period: per unit, items submitted for approval (a submit action in the
 * period) and items published (a broadcast started in the period). Quotas on the Zalo channel are measured; quotas
 * on other channels (portal, performances) are listed as not measured here. Divisions count toward their unit.
 */
export async function quotaReport(db: Db, year: number, periodId: ReportPeriodId) {
  // The period's days as the year's plan states them (KH 196's when the plan gives none).
  const { period } = await planReportPeriod(db, year, periodId);
  const plan = await getPlan(db, year);
  const from = period.from.toISOString();
  const to = period.toExclusive.toISOString();
  const counts = rowsOf<{ unit_code: string; submitted: number; published: number }>(
    await db.execute(sql`select i.unit_code,
        count(distinct h.item_id) filter (where h.action = 'submit')::int as submitted,
        count(distinct b.item_id)::int as published
      from content_items i
      left join content_history h on h.item_id = i.id and h.action = 'submit' and h.at >= ${from}::timestamptz and h.at < ${to}::timestamptz
      left join broadcasts b on b.item_id = i.id and b.status in ('sending', 'sent', 'partly_failed')
        and b.planned_at >= ${from}::timestamptz and b.planned_at < ${to}::timestamptz
      -- Quota compliance is an official figure (it goes into the period report): demo items never count.
      where ${notDemo('content_items', sql`i.id`)}
      group by i.unit_code`),
  );
  const byUnit = new Map(
    counts.map((c) => [c.unit_code, { submitted: Number(c.submitted), published: Number(c.published) }]),
  );
  // A quota of a unit that no longer exists (Sở TT&TT, merged on 01/3/2025) is history: shown and marked as such.
  const retired = new Map(
    rowsOf<{ code: string; successor_code: string | null }>(
      await db.execute(sql`select code, successor_code from units where active = 0`),
    ).map((u) => [u.code, u.successor_code]),
  );
  const quotas = plan.quotas.map((q) => {
    const members = new Set([q.unit, ...(q.rotation ?? []).map((r) => r.unit)]);
    let submitted = 0;
    let published = 0;
    for (const m of members) {
      submitted += byUnit.get(m)?.submitted ?? 0;
      published += byUnit.get(m)?.published ?? 0;
    }
    const n = unitsInPeriod[q.per][periodId];
    const required = n === null ? null : n * q.min;
    const measured = q.channel === 'zalo-oa' || q.channel === 'any';
    return {
      quotaId: q.id,
      unitCode: q.unit,
      per: q.per,
      min: q.min,
      channel: q.channel,
      measured,
      required,
      submitted,
      published,
      met: measured && required !== null ? published >= required : null,
      sourceYear: q.sourceYear,
      historical: retired.has(q.unit),
      successorUnit: retired.get(q.unit) ?? null,
    };
  });
  const units = [...byUnit.entries()]
    .map(([unitCode, c]) => ({ unitCode, ...c }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  return {
    period: { key: period.key, label: period.label, firstDay: period.firstDay, lastDay: period.lastDay },
    quotas,
    units,
  };
}
