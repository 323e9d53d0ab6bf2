import type { ReportPeriodOfPlan } from '@cchc/contract/console/plan';
import { reportPeriodsOfYear, reportYearOf } from '@cchc/contract/report-periods';

/** 2025-03-14 → 14/03/2025; without the year when `withYear` is false. */
function viDay(day: string, withYear: boolean): string {
  const [y, m, d] = day.split('-');
  return withYear ? `${d}/${m}/${y}` : `${d}/${m}`;
}

/**
 * Period choices: the official periods of the report year with their days — the plan's own when the server has
 * answered, else the shared KH 196 rule (the same one the server falls back to) — then a custom range. A period
 * within one calendar year shows the year once.
 */
export function periodOptions(year: number, planPeriods?: ReportPeriodOfPlan[]) {
  const periods = planPeriods?.length ? planPeriods : reportPeriodsOfYear(year);
  return [
    ...periods.map((p) => ({
      value: p.key,
      label: `${p.label} (${viDay(p.firstDay, p.firstDay.slice(0, 4) !== p.lastDay.slice(0, 4))} – ${viDay(p.lastDay, true)})`,
    })),
    { value: 'custom', label: 'Khoảng ngày tùy chọn…' },
  ];
}

/** The current report year, by the shared rule: from 15/12 (Vietnam time) the next year's reports open. */
export function currentReportYear(now = new Date()): number {
  return reportYearOf(now);
}
