import { TZDate } from '@date-fns/tz';

/**
 * The official report periods of Kế hoạch số 196/KH-UBND ngày 23/12/2024 (mục IV.1, "thời điểm chốt số liệu"),
 * as recorded in content/plan/2025.yaml `reportPeriods`. Every boundary is local midnight in Asia/Ho_Chi_Minh,
 * whatever time zone the machine runs in.
 *
 * - q1:   15/12 (previous year) – 14/3
 * - h1:   15/12 (previous year) – 14/6   (6 tháng)
 * - q3:   15/6 – 14/9
 * - year: 15/12 (previous year) – 14/12  (so 15/12 opens the next report year)
 *
 * A period is a half-open interval of instants `[from, toExclusive)`: `toExclusive` is local midnight of the day
 * after the last day, so 14/3 23:59:59.999 is in Q1 and 15/3 00:00 is not.
 */
export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const REPORT_PERIOD_IDS = ['q1', 'h1', 'q3', 'year'] as const;
export type ReportPeriodId = (typeof REPORT_PERIOD_IDS)[number];

/** A span of instants to report on: one official period of a report year, or a custom range of local days. */
export interface ReportPeriod {
  /** 'q1' | 'h1' | 'q3' | 'year' for official periods, 'custom' for ranges. */
  id: ReportPeriodId | 'custom';
  /** The report year (official periods); for custom ranges, the report year of `from`. */
  year: number;
  /** Stable text key: '2025-q1', or 'custom:2025-01-01..2025-03-31' (inclusive local days). */
  key: string;
  /** Vietnamese label, e.g. "Quý I/2025", "Từ 01/01/2025 đến 31/03/2025". */
  label: string;
  /** First instant inside the period. */
  from: Date;
  /** First instant after the period. */
  toExclusive: Date;
  /** First and last local day (YYYY-MM-DD, inclusive), as people write them in reports. */
  firstDay: string;
  lastDay: string;
}

interface PeriodRule {
  /** Month (1-12) and day of the first day; `previousYear` when it falls in the calendar year before. */
  from: { month: number; day: number; previousYear: boolean };
  /** Month and day of the last day (inclusive), always in the report year. */
  to: { month: number; day: number };
  /** Vietnamese label; `{y}` is replaced by the report year. */
  label: string;
}

const RULES: Record<ReportPeriodId, PeriodRule> = {
  q1: { from: { month: 12, day: 15, previousYear: true }, to: { month: 3, day: 14 }, label: 'Quý I/{y}' },
  h1: {
    from: { month: 12, day: 15, previousYear: true },
    to: { month: 6, day: 14 },
    label: '6 tháng đầu năm {y}',
  },
  q3: { from: { month: 6, day: 15, previousYear: false }, to: { month: 9, day: 14 }, label: 'Quý III/{y}' },
  year: { from: { month: 12, day: 15, previousYear: true }, to: { month: 12, day: 14 }, label: 'Năm {y}' },
};

/** The instant of local midnight starting the given local day (month 1-12). Day overflow rolls over like Date. */
export function localMidnight(year: number, month: number, day: number): Date {
  return new Date(new TZDate(year, month - 1, day, REPORT_TIME_ZONE).getTime());
}

/** The local calendar day of an instant, as YYYY-MM-DD. */
export function localDay(instant: Date): string {
  const d = new TZDate(instant.getTime(), REPORT_TIME_ZONE);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** One official period of a report year, e.g. `reportPeriod(2025, 'q1')` = 15/12/2024 – 14/3/2025. */
export function reportPeriod(year: number, id: ReportPeriodId): ReportPeriod {
  const rule = RULES[id];
  const fromYear = rule.from.previousYear ? year - 1 : year;
  const from = localMidnight(fromYear, rule.from.month, rule.from.day);
  const toExclusive = localMidnight(year, rule.to.month, rule.to.day + 1);
  return {
    id,
    year,
    key: `${year}-${id}`,
    label: rule.label.replace('{y}', String(year)),
    from,
    toExclusive,
    firstDay: localDay(from),
    lastDay: localDay(new Date(toExclusive.getTime() - 1)),
  };
}

/** The four official periods of a report year, in report order (q1, h1, q3, year). */
export function reportPeriodsOfYear(year: number): ReportPeriod[] {
  return REPORT_PERIOD_IDS.map((id) => reportPeriod(year, id));
}

/** The report year an instant counts toward: from 15/12 local time on, it is the next calendar year's. */
export function reportYearOf(instant: Date): number {
  const d = new TZDate(instant.getTime(), REPORT_TIME_ZONE);
  const opensNext = d.getMonth() === 11 && d.getDate() >= 15;
  return d.getFullYear() + (opensNext ? 1 : 0);
}

/** Every official period containing the instant (the year period always; q1/h1/q3 when inside them). */
export function periodsContaining(instant: Date): ReportPeriod[] {
  return reportPeriodsOfYear(reportYearOf(instant)).filter((p) => contains(p, instant));
}

/**
 * The quarter of the report year an instant falls in: 1 = 15/12–14/3, 2 = 15/3–14/6, 3 = 15/6–14/9,
 * 4 = 15/9–14/12. Each official period is a union of these (see `quartersOf`), so data stored with its quarter
 * can be reported for any official period by summing.
 */
export function reportQuarterOf(instant: Date): 1 | 2 | 3 | 4 {
  const year = reportYearOf(instant);
  const t = instant.getTime();
  if (t < localMidnight(year, 3, 15).getTime()) return 1;
  if (t < localMidnight(year, 6, 15).getTime()) return 2;
  if (t < localMidnight(year, 9, 15).getTime()) return 3;
  return 4;
}

/** The quarters of the report year making up an official period: q1 → [1], h1 → [1, 2], q3 → [3], year → all. */
const QUARTERS: Record<ReportPeriodId, readonly (1 | 2 | 3 | 4)[]> = {
  q1: [1],
  h1: [1, 2],
  q3: [3],
  year: [1, 2, 3, 4],
};

export function quartersOf(id: ReportPeriodId): readonly (1 | 2 | 3 | 4)[] {
  return QUARTERS[id];
}

/** Whether the instant lies in `[from, toExclusive)`. */
export function contains(period: Pick<ReportPeriod, 'from' | 'toExclusive'>, instant: Date): boolean {
  const t = instant.getTime();
  return t >= period.from.getTime() && t < period.toExclusive.getTime();
}

/** A local day as written in queries and files: YYYY-MM-DD. */
export const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A custom range of whole local days, both inclusive (YYYY-MM-DD). Throws a RangeError on bad or reversed input. */
export function customRange(firstDay: string, lastDay: string): ReportPeriod {
  const from = parseLocalDay(firstDay);
  const last = parseLocalDay(lastDay);
  if (last.getTime() < from.getTime())
    throw new RangeError(`range ends before it starts: ${firstDay}..${lastDay}`);
  const [y, m, d] = splitDay(lastDay);
  return {
    id: 'custom',
    year: reportYearOf(from),
    key: `custom:${firstDay}..${lastDay}`,
    label: `Từ ${viDay(firstDay)} đến ${viDay(lastDay)}`,
    from,
    toExclusive: localMidnight(y, m, d + 1),
    firstDay,
    lastDay,
  };
}

/** Local midnight of a YYYY-MM-DD day; rejects impossible dates such as 2025-02-30. */
export function parseLocalDay(day: string): Date {
  const [y, m, d] = splitDay(day);
  if (y < MIN_REPORT_YEAR || y > MAX_REPORT_YEAR) throw new RangeError(`year out of range: ${day}`);
  const instant = localMidnight(y, m, d);
  if (localDay(instant) !== day) throw new RangeError(`not a calendar day: ${day}`);
  return instant;
}

/** Report years the product deals with; `0000-q1` or a day in year 0001 is a typo, never data (issue 19). */
export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

/** Parses a key produced by `ReportPeriod.key` ('2025-q1' or 'custom:2025-01-01..2025-03-31'). */
export function parsePeriodKey(key: string): ReportPeriod {
  const official = /^(\d{4})-(q1|h1|q3|year)$/.exec(key);
  const year = Number(official?.[1]);
  if (official && (year < MIN_REPORT_YEAR || year > MAX_REPORT_YEAR))
    throw new RangeError(`year out of range: ${key}`);
  if (official) return reportPeriod(Number(official[1]), official[2] as ReportPeriodId);
  const custom = /^custom:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (custom) return customRange(custom[1]!, custom[2]!);
  throw new RangeError(`unknown report period: ${key}`);
}

function splitDay(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`expected YYYY-MM-DD: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A YYYY-MM-DD day as people in Vietnam write it: 2026-03-01 → 01/03/2026 (RangeError on any other shape). */
export function viDay(day: string): string {
  const [y, m, d] = splitDay(day);
  return `${pad(d)}/${pad(m)}/${y}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
