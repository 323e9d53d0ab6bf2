import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db } from '../db/client.ts';
import { activeUnits, unitByCode, type UnitRow } from '../areas/areas.api.ts';
import { AppError } from '../http/errors.ts';
import type { ReportPeriodId } from '../lib/report-periods.ts';
import { planReportPeriod, planReportTo } from '../plan/plan.periods.ts';
import { notDemo } from '../demo/demo.registry.ts';
import { periodFigures, type PeriodFigures } from './period-figures.ts';
import { getNarrative, narrativeStates, type Narrative } from './narrative.service.ts';
import { buildReportDocument, type ReportDocument } from './period-report.content.ts';
import type { CoreDeps } from '../app/module.ts';

export type ReportDeps = Pick<CoreDeps, 'db' | 'clock'>;

/** `period=2026-q1` as the issue's interface names it: a plan year and one of KH 196's four periods. */
export const periodParam = z
  .string({ error: 'Cần chọn kỳ báo cáo' })
  .regex(/^\d{4}-(q1|h1|q3|year)$/, 'Kỳ báo cáo phải có dạng <năm>-q1, -h1, -q3 hoặc -year, ví dụ 2026-q1')
  .transform((s) => {
    const [y, id] = s.split('-') as [string, ReportPeriodId];
    return { year: Number(y), id, key: s };
  })
  .refine((p) => p.year >= 2000 && p.year <= 2100, 'Năm báo cáo không hợp lệ');
export type PeriodParam = z.infer<typeof periodParam>;

export const unitParam = z
  .string({ error: 'Cần chọn đơn vị' })
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'Mã đơn vị không hợp lệ');

export type { UnitRow };

export async function findUnit(db: Db, code: string): Promise<UnitRow> {
  const row = await unitByCode(db, code);
  if (!row) throw new AppError('not_found', `unit ${code} not found`, 'Không tìm thấy đơn vị này.');
  return row;
}

/**
 * Reads everything inside one REPEATABLE READ, read-only transaction: a report exported while broadcasts are
 * being sent or answers are arriving counts one consistent state of the data (PGlite has one connection, so its
 * transaction is a snapshot too).
 */
export async function inSnapshot<T>(db: Db, fn: (snapshot: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

/** Who reports go to: the plan's `reportTo` (KH 196: Sở Nội vụ), by name. */
async function recipientName(db: Db, year: number): Promise<string> {
  const code = (await planReportTo(db, year)) ?? 'so-noi-vu';
  return (await unitByCode(db, code))?.name ?? 'Sở Nội vụ';
}

export interface PeriodReport {
  figures: PeriodFigures;
  narrative: Narrative | null;
  document: ReportDocument;
}

/** The figures, the unit's narrative and the document built from them, all from one snapshot. */
export async function buildPeriodReport(
  deps: ReportDeps,
  unitCode: string,
  period: PeriodParam,
): Promise<PeriodReport> {
  return inSnapshot(deps.db, async (db) => {
    const unit = await findUnit(db, unitCode);
    const planPeriod = await planReportPeriod(db, period.year, period.id);
    const figures = await periodFigures({ db, clock: deps.clock }, unit.code, period.id, planPeriod);
    const narrative = await getNarrative(db, unit.code, period.key);
    const parent = unit.parentCode ? await findUnit(db, unit.parentCode).catch(() => null) : null;
    const document = buildReportDocument(
      figures,
      narrative,
      parent?.name ?? null,
      await recipientName(db, period.year),
    );
    if (unit.kind === 'province') document.blocks.push(...(await submissionBlocks(db, period)));
    return { figures, narrative, document };
  });
}

/** Kinds of unit that send Sở Nội vụ a period report (divisions and former district agencies report through theirs). */
const REPORTING_KINDS = [
  'department',
  'central',
  'public-service',
  'press',
  'mass-org',
  'district',
  'commune',
];

export interface RollupRow {
  code: string;
  name: string;
  kind: string;
  status: 'submitted' | 'draft' | 'missing';
  submittedAt: string | null;
  broadcasts: number;
  sent: number;
  seen: number;
}

/**
 * The province roll-up for Sở Nội vụ: every reporting unit with its narrative's state and its published broadcasts
 * in the period (a unit's divisions count toward it), and the units that have not submitted yet.
 */
export async function provinceRollup(deps: ReportDeps, period: PeriodParam) {
  return inSnapshot(deps.db, (db) => rollupIn(db, period));
}

async function rollupIn(db: Db, period: PeriodParam) {
  const planPeriod = await planReportPeriod(db, period.year, period.id);
  const p = planPeriod.period;
  const all = await activeUnits(db);
  const reporting = all.filter((u) => REPORTING_KINDS.includes(u.kind));
  const states = new Map((await narrativeStates(db, period.key)).map((s) => [s.unitCode, s]));
  const counts = rowsOf<{ unit_code: string; broadcasts: number; sent: number; seen: number }>(
    await db.execute(sql`select i.unit_code, count(distinct b.id)::int as broadcasts,
          (count(d.id) filter (where d.status = 'sent'))::int as sent,
          (count(d.id) filter (where d.seen_at is not null))::int as seen
        from broadcasts b join content_items i on i.id = b.item_id
        left join broadcast_deliveries d on d.broadcast_id = b.id
        where b.status in ('sending', 'sent', 'partly_failed') and ${notDemo('broadcasts', sql`b.id`)}
          and b.planned_at >= ${p.from.toISOString()}::timestamptz and b.planned_at < ${p.toExclusive.toISOString()}::timestamptz
        group by i.unit_code`),
  );
  const reportingOf = (code: string): string | undefined => {
    for (
      let u = all.find((x) => x.code === code), i = 0;
      u && i < 10;
      u = all.find((x) => x.code === u!.parentCode), i++
    )
      if (REPORTING_KINDS.includes(u.kind)) return u.code;
    return undefined;
  };
  const totals = new Map<string, { broadcasts: number; sent: number; seen: number }>();
  for (const c of counts) {
    const owner = reportingOf(c.unit_code);
    if (!owner) continue;
    const t = totals.get(owner) ?? { broadcasts: 0, sent: 0, seen: 0 };
    t.broadcasts += Number(c.broadcasts);
    t.sent += Number(c.sent);
    t.seen += Number(c.seen);
    totals.set(owner, t);
  }
  const rows: RollupRow[] = reporting
    .map((u) => {
      const s = states.get(u.code);
      return {
        code: u.code,
        name: u.name,
        kind: u.kind,
        status: s?.status ?? ('missing' as const),
        submittedAt: s?.submittedAt?.toISOString() ?? null,
        ...(totals.get(u.code) ?? { broadcasts: 0, sent: 0, seen: 0 }),
      };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'vi'));
  return {
    period: {
      key: period.key,
      label: p.label,
      firstDay: p.firstDay,
      lastDay: p.lastDay,
      due: planPeriod.due,
    },
    units: rows,
    submitted: rows.filter((r) => r.status === 'submitted').length,
    notSubmitted: rows.filter((r) => r.status !== 'submitted').map((r) => ({ code: r.code, name: r.name })),
  };
}

/** For the province's own report: which units have submitted, as a closing section. */
async function submissionBlocks(db: Db, period: PeriodParam): Promise<ReportDocument['blocks']> {
  const rollup = await rollupIn(db, period);
  return [
    { kind: 'heading', text: 'V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ' },
    {
      kind: 'para',
      runs: [
        {
          text: `Đã gửi: ${rollup.submitted}/${rollup.units.length} đơn vị. Chưa gửi: ${rollup.notSubmitted.length} đơn vị.`,
        },
      ],
    },
    {
      kind: 'table',
      header: ['Đơn vị', 'Trạng thái', 'Đợt gửi Zalo OA', 'Đã gửi tới', 'Đã xem'],
      rows: rollup.units.map((u) => [
        u.name,
        u.status === 'submitted' ? 'Đã gửi' : u.status === 'draft' ? 'Đang soạn' : 'Chưa gửi',
        String(u.broadcasts),
        u.sent.toLocaleString('vi-VN'),
        u.seen.toLocaleString('vi-VN'),
      ]),
    },
  ];
}
