// The report's figures by period, quarter trend, commune and segment (intervals: statistics.ts).
import type { AreaResolver } from '../areas/areas.service.ts';
import { quartersOf, type ReportPeriod } from '../lib/report-periods.ts';
import type { Cell } from './report.queries.ts';
import { segmentQuestionOf, type SurveyDefinition } from './survey.definition.ts';
import { estimate, type ShareEstimate } from './statistics.ts';

export interface CommuneRow extends ShareEstimate {
  areaCode: string | null;
  name: string;
  population: number | null;
}

export interface SegmentRow extends ShareEstimate {
  segment: string | null;
  label: string;
}

export interface PeriodRow extends ShareEstimate {
  key: string;
  label: string;
  firstDay: string;
  lastDay: string;
}

const QUARTER_DAYS: Record<number, [string, string]> = {
  1: ['12-15', '03-14'],
  2: ['03-15', '06-14'],
  3: ['06-15', '09-14'],
  4: ['09-15', '12-14'],
};

/** The cells of an official period: its report year and quarters. */
export function cellsOf(cells: Cell[], p: ReportPeriod): Cell[] {
  if (p.id === 'custom') return [];
  const quarters: readonly number[] = quartersOf(p.id);
  return cells.filter((c) => c.reportYear === p.year && quarters.includes(c.slot));
}

export function periodRow(
  p: Pick<ReportPeriod, 'key' | 'label' | 'firstDay' | 'lastDay'>,
  cells: Cell[],
  target: number,
): PeriodRow {
  return {
    key: p.key,
    label: p.label,
    firstDay: p.firstDay,
    lastDay: p.lastDay,
    ...estimate(sum(cells, 'understands'), sum(cells, 'n'), target),
  };
}

export function trendRows(cells: Cell[], target: number): PeriodRow[] {
  const keys = [...new Set(cells.map((c) => c.reportYear * 10 + c.slot))].sort((a, b) => a - b);
  return keys.map((k) => {
    const year = Math.floor(k / 10);
    const slot = k % 10;
    const [from, to] = QUARTER_DAYS[slot]!;
    const firstDay = `${slot === 1 ? year - 1 : year}-${from}`;
    const lastDay = `${year}-${to}`;
    const label = `${viShort(firstDay)}–${viShort(lastDay)}/${year}`;
    return periodRow(
      { key: `${year}-s${slot}`, label, firstDay, lastDay },
      cells.filter((c) => c.reportYear === year && c.slot === slot),
      target,
    );
  });
}

export function communeRows(cells: Cell[], areaRows: AreaResolver, target: number): CommuneRow[] {
  return groupBy(cells, (c) => c.areaCode)
    .map(([areaCode, g]) => ({
      areaCode,
      name: areaCode === null ? 'Không ghi xã, phường' : areaRows.name(areaCode),
      population: areaCode === null ? null : areaRows.population(areaCode),
      ...estimate(sum(g, 'understands'), sum(g, 'n'), target),
    }))
    .sort((a, b) =>
      a.areaCode === null ? 1 : b.areaCode === null ? -1 : a.name.localeCompare(b.name, 'vi'),
    );
}

export function segmentRows(cells: Cell[], def: SurveyDefinition, target: number): SegmentRow[] {
  const q = segmentQuestionOf(def);
  const label = (s: string | null) =>
    s === null
      ? 'Không trả lời'
      : q?.type === 'yesno'
        ? s === 'yes'
          ? 'Có'
          : 'Không'
        : (q?.options?.find((o) => o.id === s)?.text.vi ?? s);
  const order = (s: string | null) => {
    const i =
      s === null
        ? -1
        : q?.type === 'yesno'
          ? ['yes', 'no'].indexOf(s)
          : (q?.options?.findIndex((o) => o.id === s) ?? -1);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return groupBy(cells, (c) => c.segment)
    .map(([segment, g]) => ({
      segment,
      label: label(segment),
      ...estimate(sum(g, 'understands'), sum(g, 'n'), target),
    }))
    .sort((a, b) => order(a.segment) - order(b.segment));
}

export function groupBy<T, K>(items: T[], key: (t: T) => K): [K, T[]][] {
  const map = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = map.get(k);
    if (list) list.push(it);
    else map.set(k, [it]);
  }
  return [...map.entries()];
}

export function sum<T extends Record<K, number>, K extends keyof T>(items: T[], k: K): number {
  return items.reduce((s, it) => s + it[k], 0);
}

function viShort(day: string): string {
  const [, m, d] = day.split('-');
  return `${d}/${m}`;
}
