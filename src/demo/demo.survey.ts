import type { Db } from '../db/client.ts';
import { localDay, reportPeriod, reportQuarterOf, reportYearOf } from '../lib/report-periods.ts';
import { surveyResponses, surveys, surveyVersions } from '../surveys/surveys.schema.ts';
import { definitionHash, listDefinitions, surveyState } from '../surveys/surveys.definitions.ts';
import { rebuildAggregates } from '../surveys/surveys.service.ts';
import { evaluateUnderstanding, type Answers } from '../surveys/survey.answers.ts';
import type { SurveyDefinition } from '../surveys/survey.definition.ts';
import { register } from './demo.clear.ts';
import { DEMO_LABEL } from './demo.label.ts';

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

/**
 * Demo answers go to a demo survey of their own, never to a real one (a real survey's report and export must not
 * count them): a copy of the open survey asking the commune, or of the newest citizen survey, titled
 * "[Bản trình diễn]". With no real survey open the copy is open for the report year (the chat and the mini-app then
 * have a survey to show); beside an open real survey it closed yesterday, so citizens are only offered the real one.
 */
export async function seedSurvey(db: Db, now: Date, start: Date, areaCodes: string[], rnd: () => number) {
  const defs = await listDefinitions(db);
  const open = defs.find((d) => surveyState(d.definition, now) === 'open' && d.definition.askCommune);
  const base =
    open ??
    [...defs]
      .filter((d) => d.definition.population === 'citizen')
      .sort((a, b) => b.definition.period.to.localeCompare(a.definition.period.to))[0];
  if (!base) return { surveyResponses: 0, surveyId: null };
  const year = reportYearOf(now);
  const p = reportPeriod(year, 'year');
  const yesterday = localDay(new Date(now.getTime() - 86_400_000));
  const to = open ? yesterday : p.lastDay;
  const def: SurveyDefinition = {
    ...base.definition,
    id: `demo-khao-sat-${year}`,
    title: { ...base.definition.title, vi: `${DEMO_LABEL} ${base.definition.title.vi}` },
    period: { from: p.firstDay < to ? p.firstDay : to, to },
  };
  await db.transaction(async (tx) => {
    await tx.insert(surveys).values({ id: def.id, currentVersion: 1 });
    await tx.insert(surveyVersions).values({
      surveyId: def.id,
      version: 1,
      definition: def,
      contentHash: definitionHash(def),
      source: 'console',
      createdBy: 'demo',
    });
    await register(tx, 'surveys', [def.id]);
  });
  const target = { id: def.id, version: 1 };
  const rows = Array.from({ length: 80 }, (_, i) => {
    const when = new Date(start.getTime() + rnd() * (now.getTime() - 86_400_000 - start.getTime()));
    const answers = answersFor(def, rnd);
    const outcome = evaluateUnderstanding(def, answers);
    return {
      surveyId: def.id,
      version: target.version,
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
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(surveyResponses).values(rows).returning({ id: surveyResponses.id });
    await register(
      tx,
      'survey_responses',
      inserted.map((r) => r.id),
    );
  });
  await rebuildAggregates(db, def.id);
  return { surveyResponses: rows.length, surveyId: def.id };
}
