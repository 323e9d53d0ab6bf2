// The report's SQL: GROUP BYs over the aggregates kept at submit (daily counts, answer tallies).
import { and, eq, gte, inArray, lte, sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { ReportPeriod } from '../lib/report-periods.ts';
import { surveyAnswerTallies, surveyDailyCounts } from './surveys.schema.ts';

/** One GROUP BY cell of the responses: everything the report needs except per-question counts. */
export interface Cell {
  reportYear: number;
  slot: number;
  areaCode: string | null;
  segment: string | null;
  n: number;
  understands: number;
}

/** The report's one GROUP BY over the daily counts (kept at submit), by year × quarter × commune × segment. */
export async function responseCells(db: Db, surveyId: string): Promise<Cell[]> {
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
export async function rangeCellsOf(db: Db, surveyId: string, p: ReportPeriod): Promise<Cell[]> {
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

export async function tallyRows(db: Db, surveyId: string, p: ReportPeriod) {
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

/** Responses and "understands" per survey over the period's days, optionally within a unit's areas. */
export async function surveyTotals(db: Db, p: ReportPeriod, areaScope?: ReadonlySet<string>) {
  return db
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
    .groupBy(surveyDailyCounts.surveyId);
}

/** `column IN (areas)`, or false for an empty scope (a staff member whose units cover no area sees nothing). */
export function inAreas(column: Column, areaScope: ReadonlySet<string>): SQL {
  return areaScope.size > 0 ? inArray(column, [...areaScope]) : sql`false`;
}
