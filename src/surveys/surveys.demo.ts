import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client.ts';
import { localDay, reportPeriod, reportQuarterOf, reportYearOf } from '../lib/report-periods.ts';
import type { DemoKeys, DemoSeed } from '../demo/demo.port.ts';
import { surveyResponses, surveys, surveyVersions } from './surveys.schema.ts';
import { definitionHash, listDefinitions, surveyState } from './surveys.definitions.ts';
import { rebuildAggregates } from './surveys.service.ts';
import { evaluateUnderstanding, type Answers } from './survey.answers.ts';
import type { SurveyDefinition } from './survey.definition.ts';

/** Generic valid answers for any definition: the first options, the top of scales, the right knowledge answer half the time. */
function answersFor(def: SurveyDefinition, rnd: () => number): Answers {
  const a: Answers = {};
  for (const q of def.questions) {
    const opts = q.options ?? [];
    if (q.type === 'yesno') a[q.id] = rnd() > 0.3 ? 'yes' : 'no';
    else if (q.type === 'likert' && q.scale) a[q.id] = q.scale.max - Math.floor(rnd() * 3);
    else if (q.type === 'knowledge' && opts.length > 0)
      a[q.id] = rnd() > 0.25 && q.correct?.[0] ? q.correct[0] : opts[Math.floor(rnd() * opts.length)]!.id;
    else if (q.type === 'single' && opts.length > 0) a[q.id] = opts[Math.floor(rnd() * opts.length)]!.id;
    else if (q.type === 'multiple' && opts.length > 0) a[q.id] = [opts[0]!.id];
  }
  return a;
}

/** What the demo wrote: the summary's figures and the registry's keys (the survey id, the response ids). */
export interface SurveyDemo {
  surveyResponses: number;
  surveyId: string | null;
  responseIds: string[];
}

/**
 * Demo answers go to a demo survey of their own, never to a real one (a real survey's report and export must not
 * count them): a copy of the open survey asking the commune, or of the newest citizen survey, titled
 * "[Bản trình diễn]". With no real survey open the copy is open for the report year (the chat and the mini-app then
 * have a survey to show); beside an open real survey it closed yesterday, so citizens are only offered the real one.
 */
export async function seedSurveyDemo(tx: Tx, seed: DemoSeed, areaCodes: string[]): Promise<SurveyDemo> {
  const { now, start, rnd } = seed;
  const defs = await listDefinitions(tx);
  const open = defs.find((d) => surveyState(d.definition, now) === 'open' && d.definition.askCommune);
  const base =
    open ??
    [...defs]
      .filter((d) => d.definition.population === 'citizen')
      .sort((a, b) => b.definition.period.to.localeCompare(a.definition.period.to))[0];
  if (!base) return { surveyResponses: 0, surveyId: null, responseIds: [] };
  const year = reportYearOf(now);
  const p = reportPeriod(year, 'year');
  const yesterday = localDay(new Date(now.getTime() - 86_400_000));
  const to = open ? yesterday : p.lastDay;
  const def: SurveyDefinition = {
    ...base.definition,
    id: `demo-khao-sat-${year}`,
    title: { ...base.definition.title, vi: `${seed.label} ${base.definition.title.vi}` },
    period: { from: p.firstDay < to ? p.firstDay : to, to },
  };
  await tx.insert(surveys).values({ id: def.id, currentVersion: 1 });
  await tx.insert(surveyVersions).values({
    surveyId: def.id,
    version: 1,
    definition: def,
    contentHash: definitionHash(def),
    source: 'console',
    createdBy: 'demo',
  });
  const rows = Array.from({ length: 80 }, (_, i) => {
    const when = new Date(start.getTime() + rnd() * (now.getTime() - 86_400_000 - start.getTime()));
    const answers = answersFor(def, rnd);
    const outcome = evaluateUnderstanding(def, answers);
    return {
      surveyId: def.id,
      version: 1,
      day: localDay(when),
      reportYear: reportYearOf(when),
      slot: reportQuarterOf(when),
      areaCode:
        def.askCommune && areaCodes.length > 0 && i % 6 !== 5 ? areaCodes[i % areaCodes.length]! : null,
      segment: null,
      understands: outcome.understands,
      knowledgeCorrect: outcome.knowledgeCorrect,
      answers,
      channel: 'chat' as const,
      consentGiven: true,
    };
  });
  const inserted = await tx.insert(surveyResponses).values(rows).returning({ id: surveyResponses.id });
  await rebuildAggregates(tx, def.id);
  return { surveyResponses: rows.length, surveyId: def.id, responseIds: inserted.map((r) => r.id) };
}

/** The surveys that hold demo answers `keys` (real ones included): their counts are rebuilt after the clear. */
export async function surveysWithDemoAnswers(db: Db | Tx, keys: DemoKeys): Promise<string[]> {
  const rows = rowsOf<{ survey_id: string }>(
    await db.execute(sql`select distinct survey_id from survey_responses where id::text in (${keys})`),
  );
  return rows.map((r) => r.survey_id);
}

/** Deletes demo answers (wherever they were given). */
export async function clearSurveyResponsesDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from survey_responses where id::text in (${keys})`);
}

/** Deletes the demo surveys with their versions, answers, participations and aggregates. */
export async function clearSurveysDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from survey_answer_tallies where survey_id in (${keys})`);
  await tx.execute(sql`delete from survey_daily_counts where survey_id in (${keys})`);
  await tx.execute(sql`delete from survey_participations where survey_id in (${keys})`);
  await tx.execute(sql`delete from survey_responses where survey_id in (${keys})`);
  await tx.execute(sql`delete from survey_versions where survey_id in (${keys})`);
  await tx.execute(sql`delete from surveys where id in (${keys})`);
}
