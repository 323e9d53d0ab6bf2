import { and, eq, lte } from 'drizzle-orm';
import { localDay, parseLocalDay, reportYearOf } from '../lib/report-periods.ts';
import { listDefinitions } from './surveys.definitions.ts';
import type { SurveyDeps } from './surveys.deps.ts';
import {
  surveyAnswerTallies,
  surveyDailyCounts,
  surveyParticipations,
  surveyResponses,
} from './surveys.schema.ts';

/** The last local day a survey's data may be kept: `retention.months` after the end of its period. */
export function retentionEnd(def: { period: { to: string }; retention?: { months: number } }): string | null {
  if (!def.retention) return null;
  const [y, m, d] = def.period.to.split('-').map(Number) as [number, number, number];
  // Calendar arithmetic on the day itself (no time zone involved); 31/8 + 1 month rolls to 1/10 like Date does.
  return new Date(Date.UTC(y, m - 1 + def.retention.months, d)).toISOString().slice(0, 10);
}

/**
 * Deletes, once the retention promised in the consent text has passed, every trace of a survey period: responses,
 * daily counts and tallies up to the period's last day, and the "has answered" keys of its report years. Small
 * aggregate cells could single a person out, so they go too. Returns the number of responses deleted per survey.
 */
export async function purgeExpired(deps: SurveyDeps): Promise<Record<string, number>> {
  const today = localDay(deps.clock.now());
  const purged: Record<string, number> = {};
  for (const { id, definition } of await listDefinitions(deps.db)) {
    const end = retentionEnd(definition);
    if (!end || today <= end) continue;
    const lastDay = definition.period.to;
    const lastYear = reportYearOf(parseLocalDay(lastDay));
    purged[id] = await deps.db.transaction(async (tx) => {
      const gone = await tx
        .delete(surveyResponses)
        .where(and(eq(surveyResponses.surveyId, id), lte(surveyResponses.day, lastDay)))
        .returning({ id: surveyResponses.id });
      await tx
        .delete(surveyDailyCounts)
        .where(and(eq(surveyDailyCounts.surveyId, id), lte(surveyDailyCounts.day, lastDay)));
      await tx
        .delete(surveyAnswerTallies)
        .where(and(eq(surveyAnswerTallies.surveyId, id), lte(surveyAnswerTallies.day, lastDay)));
      await tx
        .delete(surveyParticipations)
        .where(and(eq(surveyParticipations.surveyId, id), lte(surveyParticipations.reportYear, lastYear)));
      return gone.length;
    });
    if (purged[id]! > 0)
      deps.logger.info(
        { surveyId: id, responses: purged[id] },
        'survey data deleted at the end of its retention',
      );
  }
  return purged;
}
