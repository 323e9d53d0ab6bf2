import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { areaName as areaNameOf, unitTree } from '../areas/areas.api.ts';
import { computeUnitScope, type UnitScope } from '../console/unit-scope.ts';
import { broadcastStats } from '../broadcasts/stats.service.ts';
import { participationStats } from '../quiz/quiz.results.ts';
import { findCampaign } from '../quiz/quiz.repository.ts';
import { buildReport } from '../surveys/reports.service.ts';
import { listDefinitions } from '../surveys/surveys.definitions.ts';
import { estimate, type ShareEstimate } from '../surveys/statistics.ts';
import { getPlan } from '../plan/plan.service.ts';
import { quotaReport } from '../plan/calendar.service.ts';
import { localMidnight, type ReportPeriod, type ReportPeriodId } from '../lib/report-periods.ts';
import type { PlanReportPeriod } from '../plan/plan.periods.ts';
import { demoKeys, hasDemo, notDemo } from '../demo/demo.registry.ts';

/** The unit a report is about, with the area it stands for (communes) and its members (itself + divisions). */
export interface ReportUnit {
  code: string;
  name: string;
  kind: string;
  areaCode: string | null;
  areaName: string | null;
}

export interface PlanItemFigure {
  no: number;
  theme: string;
  themeLabel: string;
  title: string;
  kind: 'media' | 'event';
  months: number[];
  /** Broadcasts published for the item in the period; null for events (held outside this system). */
  published: number | null;
  done: boolean | null;
}

export interface ThemeFigure {
  themeCode: string | null;
  themeLabel: string;
  channel: string;
  items: number;
  broadcasts: number;
  sent: number;
  received: number;
  seen: number;
  clicks: number;
}

export interface QuizCommuneFigure {
  key: string;
  label: string;
  registered: number;
  submitted: number;
  submissions: number;
  meanScore: number | null;
}

export interface SurveyFigure {
  surveyId: string;
  title: string;
  target: number;
  /** What the figure covers: the commune of the unit, or the whole territory. */
  scopeLabel: string;
  estimate: ShareEstimate;
}

/** Every figure of one unit's period report, read in one consistent snapshot. */
export interface PeriodFigures {
  unit: ReportUnit;
  period: {
    key: string;
    label: string;
    titleLabel: string;
    firstDay: string;
    lastDay: string;
    due: string | null;
  };
  plan: {
    available: boolean;
    items: PlanItemFigure[];
    due: number;
    measured: number;
    done: number;
    quotas: Awaited<ReturnType<typeof quotaReport>>['quotas'];
  };
  broadcasts: { byTheme: ThemeFigure[]; totals: Omit<ThemeFigure, 'themeCode' | 'themeLabel' | 'channel'> };
  quiz: { campaigns: { id: string; title: string; organiser: string; rows: QuizCommuneFigure[] }[] };
  surveys: SurveyFigure[];
  /** False when the period has no broadcast, attempt or survey answer for the unit ("Chưa có dữ liệu"). */
  hasData: boolean;
  /** Demo rows exist and were left out of every figure (the page says so; dashboards do show them). */
  demoExcluded: boolean;
}

const PUBLISHED = `('sending', 'sent', 'partly_failed')`;

/** The months of the plan year whose first day falls inside the period (q1 → 1–3, h1 → 1–6, q3 → 7–9, year → all). */
export function monthsOfPeriod(period: Pick<ReportPeriod, 'from' | 'toExclusive'>, year: number): number[] {
  const months: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const t = localMidnight(year, m, 1).getTime();
    if (t >= period.from.getTime() && t < period.toExclusive.getTime()) months.push(m);
  }
  return months;
}

/**
 * Gathers a unit's figures for one official period. `db` should be a snapshot (the caller's REPEATABLE READ
 * transaction) so that every figure is counted over the same data. The survey, contest and broadcast figures come
 * from the very functions the console pages call, so a page and the report show the same numbers.
 */
export async function periodFigures(
  deps: { db: Db; clock: { now(): Date } },
  unitCode: string,
  periodId: ReportPeriodId,
  planPeriod: PlanReportPeriod,
): Promise<PeriodFigures> {
  const { db } = deps;
  const p = planPeriod.period;
  const unitRows = await unitTree(db);
  const row = unitRows.find((u) => u.code === unitCode)!;
  const areaName = row.areaCode ? await areaNameOf(db, row.areaCode) : null;
  const unit: ReportUnit = {
    code: row.code,
    name: row.name,
    kind: row.kind,
    areaCode: row.areaCode,
    areaName,
  };
  // The unit's own scope as an editor of it would have: itself and its divisions (a province unit: everything).
  const scope = computeUnitScope('editor', unitCode, unitRows);
  const members = scope.all ? null : [...scope.units];
  const { plan, themeLabels } = await planFigures(db, unit, members, p, periodId);
  const broadcasts = await broadcastFigures(db, members, p, themeLabels);
  const quiz = await quizFigures(db, unit, scope, p);
  const surveys = await surveyFigures(deps, unit, scope, p);
  const hasData =
    broadcasts.totals.broadcasts > 0 ||
    quiz.campaigns.some((c) => c.rows.some((r) => r.submissions > 0)) ||
    surveys.some((s) => s.estimate.n > 0);
  return {
    unit,
    period: {
      key: `${p.year}-${periodId}`,
      label: p.label,
      titleLabel: planPeriod.titleLabel,
      firstDay: p.firstDay,
      lastDay: p.lastDay,
      due: planPeriod.due,
    },
    plan,
    broadcasts,
    quiz,
    surveys,
    hasData,
    demoExcluded: await hasDemo(db),
  };
}

function memberFilter(members: string[] | null) {
  return members === null
    ? sql`true`
    : sql`i.unit_code in (${sql.join(
        members.map((m) => sql`${m}`),
        sql`, `,
      )})`;
}

function periodFilter(column: string, p: Pick<ReportPeriod, 'from' | 'toExclusive'>) {
  return sql`${sql.raw(column)} >= ${p.from.toISOString()}::timestamptz and ${sql.raw(column)} < ${p.toExclusive.toISOString()}::timestamptz`;
}

async function planFigures(
  db: Db,
  unit: ReportUnit,
  members: string[] | null,
  p: ReportPeriod,
  periodId: ReportPeriodId,
): Promise<{ plan: PeriodFigures['plan']; themeLabels: Map<string, string> }> {
  const year = p.year;
  const plan = await getPlan(db, year).catch(() => null);
  if (!plan)
    return {
      plan: { available: false, items: [], due: 0, measured: 0, done: 0, quotas: [] },
      themeLabels: new Map(),
    };
  const themeLabels = new Map(plan.themes.map((t) => [t.code, t.label]));
  const months = new Set(monthsOfPeriod(p, year));
  const isLead = (i: (typeof plan.items)[number]) =>
    members === null || i.lead.includes(unit.code) || i.leadAppliesTo.includes(unit.kind);
  const due = plan.items.filter((i) => i.months.some((m) => months.has(m)) && isLead(i));
  const counts = rowsOf<{ plan_item_no: number | null; theme_code: string | null; n: number }>(
    await db.execute(sql`select i.plan_item_no, i.theme_code, count(distinct b.id)::int as n
      from broadcasts b join content_items i on i.id = b.item_id
      where b.status in ${sql.raw(PUBLISHED)} and ${periodFilter('b.planned_at', p)} and ${memberFilter(members)}
        and (i.plan_year = ${year} or i.plan_year is null) and ${notDemo('broadcasts', sql`b.id`)}
      group by i.plan_item_no, i.theme_code`),
  );
  const items: PlanItemFigure[] = due.map((i) => {
    const published =
      i.kind === 'event'
        ? null
        : counts
            .filter((c) => c.plan_item_no === i.no || (c.plan_item_no === null && c.theme_code === i.theme))
            .reduce((s, c) => s + Number(c.n), 0);
    return {
      no: i.no,
      theme: i.theme,
      themeLabel: themeLabels.get(i.theme) ?? i.theme,
      title: i.title,
      kind: i.kind,
      months: i.months,
      published,
      done: published === null ? null : published > 0,
    };
  });
  const quotas = (await quotaReport(db, year, periodId)).quotas.filter(
    (q) => members === null || members.includes(q.unitCode),
  );
  return {
    plan: {
      available: true,
      items,
      due: items.length,
      measured: items.filter((i) => i.done !== null).length,
      done: items.filter((i) => i.done === true).length,
      quotas,
    },
    themeLabels,
  };
}

/** Published broadcasts of the unit in the period, by theme; reach, reads and clicks from broadcastStats. */
async function broadcastFigures(
  db: Db,
  members: string[] | null,
  p: ReportPeriod,
  themeLabels: Map<string, string>,
): Promise<PeriodFigures['broadcasts']> {
  const rows = rowsOf<{ id: number; item_id: number; theme_code: string | null }>(
    await db.execute(sql`select b.id, b.item_id, i.theme_code from broadcasts b join content_items i on i.id = b.item_id
      where b.status in ${sql.raw(PUBLISHED)} and ${periodFilter('b.planned_at', p)} and ${memberFilter(members)}
        and ${notDemo('broadcasts', sql`b.id`)}
      order by b.id`),
  );
  const byTheme = new Map<string, ThemeFigure & { itemIds: Set<number> }>();
  for (const r of rows) {
    const key = r.theme_code ?? '';
    const t =
      byTheme.get(key) ??
      ({
        themeCode: r.theme_code,
        themeLabel: r.theme_code ? (themeLabels.get(r.theme_code) ?? r.theme_code) : 'Chưa gắn chủ đề',
        channel: 'Zalo OA',
        items: 0,
        broadcasts: 0,
        sent: 0,
        received: 0,
        seen: 0,
        clicks: 0,
        itemIds: new Set<number>(),
      } satisfies ThemeFigure & { itemIds: Set<number> });
    const stats = await broadcastStats(db, Number(r.id));
    t.itemIds.add(Number(r.item_id));
    t.items = t.itemIds.size;
    t.broadcasts += 1;
    t.sent += stats.totals.sent;
    t.received += stats.totals.received;
    t.seen += stats.totals.seen;
    t.clicks += stats.totals.clicks;
    byTheme.set(key, t);
  }
  const list = [...byTheme.values()].map(({ itemIds: _, ...t }) => t);
  const total = (k: 'items' | 'broadcasts' | 'sent' | 'received' | 'seen' | 'clicks') =>
    list.reduce((s, t) => s + t[k], 0);
  return {
    byTheme: list,
    totals: {
      items: total('items'),
      broadcasts: total('broadcasts'),
      sent: total('sent'),
      received: total('received'),
      seen: total('seen'),
      clicks: total('clicks'),
    },
  };
}

/**
 * Contests with answers in the period: every commune for a contest the unit organised (or any, for a
 * province-wide unit); for a commune's own report, its commune's row in the other contests.
 */
async function quizFigures(db: Db, unit: ReportUnit, scope: UnitScope, p: ReportPeriod) {
  const ids = rowsOf<{ campaign_id: string }>(
    await db.execute(sql`select distinct campaign_id from quiz_attempts
      where status = 'submitted' and ${periodFilter('submitted_at', p)}
        and ${notDemo('quiz_campaigns', sql`campaign_id`)} order by campaign_id`),
  ).map((r) => r.campaign_id);
  const campaigns: PeriodFigures['quiz']['campaigns'] = [];
  for (const id of ids) {
    const campaign = await findCampaign(db, id);
    if (!campaign) continue;
    const organiser = scope.all || scope.units.has(campaign.organiserUnit);
    if (!organiser && !unit.areaCode) continue;
    const stats = await participationStats({ db }, id, p);
    const rows = organiser ? stats.byCommune : stats.byCommune.filter((r) => r.key === unit.areaCode);
    if (rows.length === 0) continue;
    campaigns.push({ id, title: campaign.title, organiser: campaign.organiserUnit, rows });
  }
  return { campaigns };
}

/** Surveys open during the period or answered in it: the unit's commune row, or the whole territory. */
async function surveyFigures(
  deps: { db: Db; clock: { now(): Date } },
  unit: ReportUnit,
  scope: UnitScope,
  p: ReportPeriod,
): Promise<SurveyFigure[]> {
  const out: SurveyFigure[] = [];
  const demo = await demoKeys(deps.db, 'surveys');
  for (const def of await listDefinitions(deps.db)) {
    if (demo.has(def.id)) continue; // a demo survey is never an official figure
    const report = await buildReport(deps, def.id, p);
    const overlaps = def.definition.period.from <= p.lastDay && def.definition.period.to >= p.firstDay;
    if (!overlaps && report.overall.n === 0) continue;
    const ownCommune = !scope.all && unit.areaCode !== null;
    const row = ownCommune ? report.byCommune.find((c) => c.areaCode === unit.areaCode) : undefined;
    out.push({
      surveyId: def.id,
      title: report.survey.title,
      target: report.survey.target,
      scopeLabel: ownCommune ? (unit.areaName ?? unit.areaCode!) : 'toàn địa bàn',
      estimate: ownCommune
        ? row
          ? { n: row.n, understands: row.understands, p: row.p, interval: row.interval, status: row.status }
          : estimate(0, 0, report.survey.target)
        : report.overall,
    });
  }
  return out;
}
