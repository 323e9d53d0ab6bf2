import { and, eq, gte, inArray, lte, sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { areaResolver, type AreaResolver } from '../areas/areas.service.ts';
import {
  REPORT_PERIOD_IDS,
  quartersOf,
  reportPeriod,
  reportYearOf,
  type ReportPeriod,
} from '../lib/report-periods.ts';
import {
  localized,
  segmentQuestionOf,
  type SurveyDefinition,
  type SurveyQuestion,
  selfAssessmentQuestions,
} from './survey.definition.ts';
import { getCurrentDefinition, listDefinitions, surveyState } from './surveys.definitions.ts';
import { surveyAnswerTallies, surveyDailyCounts } from './surveys.schema.ts';
import { estimate, weightedEstimate, type ShareEstimate, type WeightedEstimate } from './statistics.ts';

/** One GROUP BY cell of the responses: everything the report needs except per-question counts. */
interface Cell {
  reportYear: number;
  slot: number;
  areaCode: string | null;
  segment: string | null;
  n: number;
  understands: number;
}

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

export interface QuestionDistribution {
  id: string;
  type: SurveyQuestion['type'];
  text: string;
  /** People who answered this question in the period. */
  answered: number;
  options: { id: string; label: string; count: number; share: number | null; correct?: boolean }[];
  /** Likert only. */
  mean?: number | null;
  /** Knowledge only: share of answers that were right. */
  correctShare?: number | null;
}

/** Everything Sở Nội vụ needs for one survey and one period; the console, XLSX and PDF all render this. */
export interface SurveyReport {
  survey: {
    id: string;
    version: number;
    title: string;
    population: SurveyDefinition['population'];
    target: number;
    anonymous: boolean;
    source?: string;
  };
  period: Pick<ReportPeriod, 'id' | 'key' | 'label' | 'firstDay' | 'lastDay' | 'year'>;
  generatedAt: string;
  overall: ShareEstimate;
  weighted: WeightedEstimate;
  byCommune: CommuneRow[];
  bySegment: SegmentRow[];
  /** The official periods of the report year (Q1, 6 tháng, Q3, năm), for the period selector and comparisons. */
  byPeriod: PeriodRow[];
  /** Non-overlapping quarters of every report year with responses, oldest first: the trend. */
  trend: PeriodRow[];
  questions: QuestionDistribution[];
  notes: string[];
}

const QUARTER_DAYS: Record<number, [string, string]> = {
  1: ['12-15', '03-14'],
  2: ['03-15', '06-14'],
  3: ['06-15', '09-14'],
  4: ['09-15', '12-14'],
};

/**
 * Builds the report with all breakdowns from two GROUP BY queries over aggregates kept at submit (daily counts by
 * year × quarter × commune × segment, and answer tallies by question × answer) plus the areas table. `period` defaults to the year period of the
 * current report year.
 */
export async function buildReport(
  deps: { db: Db; clock: { now(): Date } },
  surveyId: string,
  period?: ReportPeriod,
  areaScope?: ReadonlySet<string>,
): Promise<SurveyReport> {
  const stored = await getCurrentDefinition(deps.db, surveyId);
  const def = stored.definition;
  const now = deps.clock.now();
  const selected = period ?? reportPeriod(reportYearOf(now), 'year');
  const [allCells, allRangeCells, tallies, areaRows] = await Promise.all([
    responseCells(deps.db, surveyId),
    selected.id === 'custom' ? rangeCellsOf(deps.db, surveyId, selected) : Promise.resolve(undefined),
    // Answer tallies are kept province-wide only, so a unit's report leaves them out.
    areaScope ? Promise.resolve([]) : tallyRows(deps.db, surveyId, selected),
    areaResolver(deps.db),
  ]);
  // Responses stored under a retired commune count under the commune that succeeded it (2025 mergers); then a
  // unit's staff see their own areas only (issue 19).
  const mine = (rows: Cell[]) =>
    rows
      .map((c) => (c.areaCode === null ? c : { ...c, areaCode: areaRows.current(c.areaCode) }))
      .filter((c) => !areaScope || (c.areaCode !== null && areaScope.has(c.areaCode)));
  const cells = mine(allCells);
  const rangeCells = allRangeCells && mine(allRangeCells);
  const target = def.target.share;
  const inPeriod = rangeCells ?? cellsOf(cells, selected);
  const overallN = sum(inPeriod, 'n');
  const populations = new Map(
    [...new Set(inPeriod.map((c) => c.areaCode).filter((a) => a !== null))].map((a) => [
      a,
      areaRows.population(a),
    ]),
  );
  return {
    survey: {
      id: def.id,
      version: stored.version,
      title: def.title.vi,
      population: def.population,
      target,
      anonymous: def.anonymous,
      source: def.source,
    },
    period: {
      id: selected.id,
      key: selected.key,
      label: selected.label,
      firstDay: selected.firstDay,
      lastDay: selected.lastDay,
      year: selected.year,
    },
    generatedAt: now.toISOString(),
    overall: estimate(sum(inPeriod, 'understands'), overallN, target),
    weighted: weightedEstimate(
      groupBy(inPeriod, (c) => c.areaCode).map(([areaCode, g]) => ({
        areaCode,
        n: sum(g, 'n'),
        understands: sum(g, 'understands'),
      })),
      populations,
      target,
    ),
    byCommune: communeRows(inPeriod, areaRows, target),
    bySegment: segmentRows(inPeriod, def, target),
    byPeriod: REPORT_PERIOD_IDS.map((id) =>
      periodRow(reportPeriod(selected.year, id), cellsOf(cells, reportPeriod(selected.year, id)), target),
    ),
    trend: trendRows(cells, target),
    questions: areaScope ? [] : distributions(def, tallies),
    notes: areaScope
      ? [
          ...notesFor(def, overallN),
          'Báo cáo trong phạm vi xã, phường của đơn vị; phân bố câu trả lời từng câu hỏi chỉ có ở báo cáo toàn tỉnh.',
        ]
      : notesFor(def, overallN),
  };
}

/** The report's one GROUP BY over the daily counts (kept at submit), by year × quarter × commune × segment. */
async function responseCells(db: Db, surveyId: string): Promise<Cell[]> {
  const c = surveyDailyCounts;
  const rows = await db
    .select({
      reportYear: c.reportYear,
      slot: c.slot,
      areaCode: c.areaCode,
      segment: c.segment,
      n: sql<number>`sum(${c.responses})::int`,
      understands: sql<number>`sum(${c.understands})::int`,
    })
    .from(c)
    .where(eq(c.surveyId, surveyId))
    .groupBy(c.reportYear, c.slot, c.areaCode, c.segment);
  return rows.map(fromStored);
}

/** Cells for a custom day range (quarters do not align with arbitrary days, so it is its own GROUP BY). */
async function rangeCellsOf(db: Db, surveyId: string, p: ReportPeriod): Promise<Cell[]> {
  const c = surveyDailyCounts;
  const rows = await db
    .select({
      areaCode: c.areaCode,
      segment: c.segment,
      n: sql<number>`sum(${c.responses})::int`,
      understands: sql<number>`sum(${c.understands})::int`,
    })
    .from(c)
    .where(and(eq(c.surveyId, surveyId), gte(c.day, p.firstDay), lte(c.day, p.lastDay)))
    .groupBy(c.areaCode, c.segment);
  return rows.map((r) => fromStored({ ...r, reportYear: p.year, slot: 0 }));
}

/** '' in the counts table means "none" (primary-key columns cannot be null). */
function fromStored(r: Cell & { areaCode: string | null; segment: string | null }): Cell {
  return { ...r, areaCode: r.areaCode || null, segment: r.segment || null };
}

async function tallyRows(db: Db, surveyId: string, p: ReportPeriod) {
  return db
    .select({
      questionId: surveyAnswerTallies.questionId,
      answer: surveyAnswerTallies.answer,
      count: sql<number>`sum(${surveyAnswerTallies.count})::int`,
    })
    .from(surveyAnswerTallies)
    .where(
      and(
        eq(surveyAnswerTallies.surveyId, surveyId),
        gte(surveyAnswerTallies.day, p.firstDay),
        lte(surveyAnswerTallies.day, p.lastDay),
      ),
    )
    .groupBy(surveyAnswerTallies.questionId, surveyAnswerTallies.answer);
}

/** The cells of an official period: its report year and quarters. */
function cellsOf(cells: Cell[], p: ReportPeriod): Cell[] {
  if (p.id === 'custom') return [];
  const quarters: readonly number[] = quartersOf(p.id);
  return cells.filter((c) => c.reportYear === p.year && quarters.includes(c.slot));
}

function periodRow(
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

function trendRows(cells: Cell[], target: number): PeriodRow[] {
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

function communeRows(cells: Cell[], areaRows: AreaResolver, target: number): CommuneRow[] {
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

function segmentRows(cells: Cell[], def: SurveyDefinition, target: number): SegmentRow[] {
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

function distributions(
  def: SurveyDefinition,
  tallies: { questionId: string; answer: string; count: number }[],
): QuestionDistribution[] {
  const count = new Map(tallies.map((t) => [`${t.questionId}\0${t.answer}`, t.count]));
  const get = (q: string, a: string) => count.get(`${q}\0${a}`) ?? 0;
  return def.questions.map((q) => {
    const answered = get(q.id, '(answered)');
    const share = (c: number) => (answered > 0 ? c / answered : null);
    const options = optionList(q).map((o) => ({
      id: o.id,
      label: o.label,
      count: get(q.id, o.id),
      share: share(get(q.id, o.id)),
      ...(q.type === 'knowledge' ? { correct: (q.correct ?? []).includes(o.id) } : {}),
    }));
    const d: QuestionDistribution = {
      id: q.id,
      type: q.type,
      text: localized(q.text, 'vi'),
      answered,
      options,
    };
    if (q.type === 'likert')
      d.mean = answered > 0 ? options.reduce((s, o) => s + Number(o.id) * o.count, 0) / answered : null;
    if (q.type === 'knowledge')
      d.correctShare = share(options.filter((o) => o.correct).reduce((s, o) => s + o.count, 0));
    if (q.type === 'text')
      d.options = [
        { id: '(text)', label: 'Có ý kiến', count: get(q.id, '(text)'), share: share(get(q.id, '(text)')) },
      ];
    return d;
  });
}

function optionList(q: SurveyQuestion): { id: string; label: string }[] {
  if (q.type === 'yesno')
    return [
      { id: 'yes', label: 'Có' },
      { id: 'no', label: 'Không' },
    ];
  if (q.type === 'likert' && q.scale) {
    const { min, max } = q.scale;
    return Array.from({ length: max - min + 1 }, (_, i) => ({ id: String(min + i), label: String(min + i) }));
  }
  return (q.options ?? []).map((o) => ({ id: o.id, label: o.text.vi }));
}

function notesFor(def: SurveyDefinition, n: number): string[] {
  const notes: string[] = [];
  const rule = def.understanding;
  const parts: string[] = [];
  if (rule.knowledge)
    parts.push(
      `trả lời đúng ít nhất ${rule.knowledge.minCorrect}/${rule.knowledge.items.length} câu kiến thức`,
    );
  if (rule.selfAssessment)
    parts.push(
      `tự đánh giá từ ${rule.selfAssessment.minValue} điểm trở lên (câu ${selfAssessmentQuestions(rule).join(', ')})`,
    );
  notes.push(`"Hiểu/nắm vững" khi ${parts.join(rule.combine === 'all' ? ' và ' : ' hoặc ')}.`);
  notes.push(
    'Khoảng tin cậy 95% theo phương pháp Wilson. "Chưa xác định" khi khoảng tin cậy chứa mức chỉ tiêu.',
  );
  if (n > 0 && n < 30) notes.push(`Cỡ mẫu nhỏ (n = ${n}): kết quả chỉ mang tính tham khảo.`);
  if (def.anonymous) notes.push('Khảo sát ẩn danh: câu trả lời không gắn với tài khoản Zalo.');
  return notes;
}

function groupBy<T, K>(items: T[], key: (t: T) => K): [K, T[]][] {
  const map = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = map.get(k);
    if (list) list.push(it);
    else map.set(k, [it]);
  }
  return [...map.entries()];
}

function sum<T extends Record<K, number>, K extends keyof T>(items: T[], k: K): number {
  return items.reduce((s, it) => s + it[k], 0);
}

function viShort(day: string): string {
  const [, m, d] = day.split('-');
  return `${d}/${m}`;
}

/** One line per survey for the console's list and the segment comparison (citizens vs civil servants). */
export interface SurveySummary {
  id: string;
  version: number;
  title: string;
  population: SurveyDefinition['population'];
  target: number;
  state: ReturnType<typeof surveyState>;
  period: Pick<ReportPeriod, 'key' | 'label' | 'firstDay' | 'lastDay'>;
  overall: ShareEstimate;
}

/** Every survey with its headline figure for the period (default: the current report year). One GROUP BY. */
export async function listSummaries(
  deps: { db: Db; clock: { now(): Date } },
  period?: ReportPeriod,
  areaScope?: ReadonlySet<string>,
): Promise<SurveySummary[]> {
  const now = deps.clock.now();
  const p = period ?? reportPeriod(reportYearOf(now), 'year');
  const [defs, rows] = await Promise.all([
    listDefinitions(deps.db),
    deps.db
      .select({
        surveyId: surveyDailyCounts.surveyId,
        n: sql<number>`sum(${surveyDailyCounts.responses})::int`,
        understands: sql<number>`sum(${surveyDailyCounts.understands})::int`,
      })
      .from(surveyDailyCounts)
      .where(
        and(
          gte(surveyDailyCounts.day, p.firstDay),
          lte(surveyDailyCounts.day, p.lastDay),
          areaScope ? inAreas(surveyDailyCounts.areaCode, areaScope) : undefined,
        ),
      )
      .groupBy(surveyDailyCounts.surveyId),
  ]);
  const bySurvey = new Map(rows.map((r) => [r.surveyId, r]));
  return defs.map(({ id, version, definition: d }) => {
    const r = bySurvey.get(id);
    return {
      id,
      version,
      title: d.title.vi,
      population: d.population,
      target: d.target.share,
      state: surveyState(d, now),
      period: { key: p.key, label: p.label, firstDay: p.firstDay, lastDay: p.lastDay },
      overall: estimate(r?.understands ?? 0, r?.n ?? 0, d.target.share),
    };
  });
}

/** `column IN (areas)`, or false for an empty scope (a staff member whose units cover no area sees nothing). */
export function inAreas(column: Column, areaScope: ReadonlySet<string>): SQL {
  return areaScope.size > 0 ? inArray(column, [...areaScope]) : sql`false`;
}
