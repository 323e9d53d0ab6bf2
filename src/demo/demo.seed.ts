import type { Db, Tx } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { localDay, reportPeriod, reportYearOf } from '../lib/report-periods.ts';
import { demoCommuneCodes, demoPublishingUnits } from '../areas/areas.demo.ts';
import { seedBroadcastsDemo } from '../broadcasts/broadcasts.demo.ts';
import { seedChatDemo } from '../chat/chat.demo.ts';
import { seedFollowersDemo } from '../followers/followers.demo.ts';
import { demoPlanThemes, seedPlanDemo } from '../plan/plan.demo.ts';
import { seedQuizDemo } from '../quiz/quiz.demo.ts';
import { seedSurveyDemo } from '../surveys/surveys.demo.ts';
import { clearDemo, register } from './demo.clear.ts';
import { DEMO_LABEL } from './demo.label.ts';
import type { DemoSeed } from './demo.port.ts';

export { DEMO_LABEL };

/** A small deterministic generator: the same day gives the same demo. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface DemoSummary {
  followers: number;
  broadcasts: number;
  deliveries: number;
  surveyResponses: number;
  surveyId: string | null;
  quizAttempts: number;
  campaignId: string;
  planYear: number | null;
}

/**
 * Fills the database with synthetic, clearly labelled data relative to today: followers in a few communes,
 * conversations, one published broadcast a month since the report year began (deliveries, reads, clicks), survey
 * answers (to an open survey, or to a demo survey copied from the newest one when none is open), a demo contest
 * with a closed and an open round, and a draft plan for the current year when there is none. Each module writes its
 * own rows (src/<module>/<module>.demo.ts); this registers them in demo_registry, all in one transaction, so a
 * failure leaves nothing behind. Running it again first clears the previous demo, so it is idempotent.
 */
export async function seedDemo(deps: { db: Db; clock: Clock }): Promise<DemoSummary> {
  await clearDemo(deps.db);
  const now = deps.clock.now();
  const seed: DemoSeed = {
    now,
    start: reportPeriod(reportYearOf(now), 'year').from,
    rnd: random(Number(localDay(now).replaceAll('-', ''))),
    label: DEMO_LABEL,
  };
  const communes = await demoCommuneCodes(deps.db);
  const publishers = await demoPublishingUnits(deps.db);
  const themes = await demoPlanThemes(deps.db);
  return deps.db.transaction(async (tx) => {
    const people = await seedFollowersDemo(tx, seed, communes);
    await register(
      tx,
      'followers',
      people.map((f) => f.zaloUserId),
    );
    await seedChatDemo(
      tx,
      seed,
      people.map((f) => f.id),
    );
    const sent = await seedBroadcastsDemo(tx, seed, { publishers, themes, people });
    await register(tx, 'content_items', sent.itemIds);
    await register(tx, 'broadcasts', sent.broadcastIds);
    const quiz = await seedQuizDemo(tx, seed, { communes, organiser: publishers[0] ?? 'demo' });
    await register(tx, 'quiz_campaigns', [quiz.campaignId]);
    const survey = await seedSurveyDemo(tx, seed, communes);
    if (survey.surveyId) await register(tx, 'surveys', [survey.surveyId]);
    await register(tx, 'survey_responses', survey.responseIds);
    const planYear = await seedPlan(tx, deps.clock, Number(localDay(now).slice(0, 4)));
    return {
      followers: people.length,
      broadcasts: sent.broadcasts,
      deliveries: sent.deliveries,
      ...quiz,
      surveyResponses: survey.surveyResponses,
      surveyId: survey.surveyId,
      planYear,
    };
  });
}

/** A draft plan for the calendar year when none exists and last year's is there to copy. */
async function seedPlan(tx: Tx, clock: Clock, year: number): Promise<number | null> {
  const planYear = await seedPlanDemo({ db: tx, clock }, year, DEMO_LABEL);
  if (planYear !== null) await register(tx, 'plan_documents', [planYear]);
  return planYear;
}
