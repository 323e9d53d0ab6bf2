import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  REPORT_PERIOD_IDS,
  customRange,
  reportPeriod,
  type ReportPeriod,
  type ReportPeriodId,
} from '../lib/report-periods.ts';
import { planDocuments } from './plan.schema.ts';

/** One official period as the year's plan states it, with the day the report is due (KH 196: the 18th). */
export interface PlanReportPeriod {
  period: ReportPeriod;
  /** The due day (YYYY-MM-DD), or null when the plan gives none. */
  due: string | null;
  /** The period's name in a report title: "quý I năm 2026", "6 tháng đầu năm 2026", "năm 2026". */
  titleLabel: string;
  /** Whether the boundaries came from the year's approved plan (false: no approved plan, KH 196 rules used). */
  fromPlan: boolean;
}

interface PlanPeriodEntry {
  id: string;
  label: string;
  from: string;
  to: string;
  fromPreviousYear: boolean;
  due?: string;
}

const TITLE: Record<ReportPeriodId, string> = {
  q1: 'quý I năm {y}',
  h1: '6 tháng đầu năm {y}',
  q3: 'quý III năm {y}',
  year: 'năm {y}',
};

/**
 * The official period `id` of `year` per the plan's `reportPeriods` (content/plan/<year>.yaml or the console's
 * plan). When the plan's days are KH 196's, the official period is returned as is (the survey figures are kept by
 * KH 196 quarter); a plan with other days gets a range of exactly its days. Only an approved plan counts (a draft's
 * periods are a proposal, not what units report on); no approved plan: KH 196's rules, and `fromPlan` says so.
 */
export async function planReportPeriod(db: Db, year: number, id: ReportPeriodId): Promise<PlanReportPeriod> {
  const official = reportPeriod(year, id);
  const titleLabel = TITLE[id].replace('{y}', String(year));
  const [doc] = await db
    .select({ document: planDocuments.document })
    .from(planDocuments)
    .where(and(eq(planDocuments.year, year), eq(planDocuments.status, 'approved')))
    .limit(1);
  const entries = (doc?.document.reportPeriods ?? []) as PlanPeriodEntry[];
  const entry = entries.find((e) => e.id === id);
  if (!entry) return { period: official, due: null, titleLabel, fromPlan: false };
  const firstDay = `${entry.fromPreviousYear ? year - 1 : year}-${entry.from}`;
  const lastDay = `${year}-${entry.to}`;
  const due = entry.due ? `${year}-${entry.due}` : null;
  if (firstDay === official.firstDay && lastDay === official.lastDay)
    return { period: official, due, titleLabel, fromPlan: true };
  const range = customRange(firstDay, lastDay);
  return { period: { ...range, label: official.label }, due, titleLabel, fromPlan: true };
}

/** The periods of a year in report order, each per the plan. */
export async function planReportPeriods(db: Db, year: number): Promise<PlanReportPeriod[]> {
  return Promise.all(REPORT_PERIOD_IDS.map((id) => planReportPeriod(db, year, id)));
}

/**
 * An HTTP period for reports: an official key ('2026-q1') becomes that period as the year's plan states it; a
 * custom range (or nothing) is kept as given. Lets survey and contest reports use the plan's periods too.
 */
export async function resolvePlanPeriod(
  db: Db,
  period: ReportPeriod | undefined,
): Promise<ReportPeriod | undefined> {
  if (!period || period.id === 'custom') return period;
  return (await planReportPeriod(db, period.year, period.id)).period;
}

/** The unit code the year's plan sends reports to (its `reportTo`, any status), or undefined when it names none. */
export async function planReportTo(db: Db, year: number): Promise<string | undefined> {
  const [doc] = await db
    .select({ document: planDocuments.document })
    .from(planDocuments)
    .where(eq(planDocuments.year, year));
  return typeof doc?.document.reportTo === 'string' ? doc.document.reportTo : undefined;
}
