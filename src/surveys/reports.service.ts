// A survey's report (buildReport) and the survey list (listSummaries); 95% intervals are in statistics.ts.
import type { Db } from '../db/client.ts';
import { areaResolver } from '../areas/areas.service.ts';
import { REPORT_PERIOD_IDS, reportPeriod, reportYearOf, type ReportPeriod } from '../lib/report-periods.ts';
import {
  communeRows,
  cellsOf,
  groupBy,
  periodRow,
  segmentRows,
  sum,
  trendRows,
  type CommuneRow,
  type PeriodRow,
  type SegmentRow,
} from './report.breakdowns.ts';
import { distributions, type QuestionDistribution } from './report.distributions.ts';
import { rangeCellsOf, responseCells, surveyTotals, tallyRows, type Cell } from './report.queries.ts';
import { selfAssessmentQuestions, type SurveyDefinition } from './survey.definition.ts';
import { getCurrentDefinition, listDefinitions, surveyState } from './surveys.definitions.ts';
import { estimate, weightedEstimate, type ShareEstimate, type WeightedEstimate } from './statistics.ts';

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
  const [defs, rows] = await Promise.all([listDefinitions(deps.db), surveyTotals(deps.db, p, areaScope)]);
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
