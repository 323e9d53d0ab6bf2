import type { CoreDeps, Module } from '../app/module.ts';
import type { JobDefinition } from '../jobs/job.ts';
import { surveyChatFeature } from './survey.chat.ts';
import { participationSecretFrom, type SurveyDeps } from './surveys.deps.ts';
import { loadSurveyFiles } from './surveys.definitions.ts';
import { surveyMiniappRoutes } from './surveys.miniapp.routes.ts';
import { surveyConsoleRoutes } from './surveys.routes.ts';
import { listSummaries } from './reports.service.ts';
import { purgeExpired } from './surveys.retention.ts';

/**
 * Surveys (issue 9): console reports and editing under /api/console/surveys (intervals in statistics.ts), the
 * mini-app form under /api/miniapp/surveys, the chat survey (before the FAQ), content/surveys/*.yaml loaded before
 * listening (idempotent: an unchanged file adds no version), and the daily retention purge.
 */
export function createSurveysModule(core: CoreDeps): Module & { surveyDeps: SurveyDeps } {
  const surveyDeps: SurveyDeps = {
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    participationSecret: participationSecretFrom(core.config),
  };
  return {
    name: 'surveys',
    surveyDeps,
    consoleRoutes: surveyConsoleRoutes(surveyDeps),
    miniappRoutes: surveyMiniappRoutes(surveyDeps),
    chatFeatures: [{ feature: surveyChatFeature(surveyDeps) }],
    dashboard: { surveyProgress: () => surveyProgress(surveyDeps) },
    jobs: [
      {
        // Deletes survey data whose retention (promised in the consent text) has ended: at start, then daily.
        id: 'survey-retention',
        schedule: { everyMs: 24 * 60 * 60 * 1000 },
        handler: async () => {
          await purgeExpired(surveyDeps);
        },
      } satisfies JobDefinition,
    ],
    contentLoaders: [
      {
        name: 'surveys',
        async load() {
          const { warnings, ...counts } = await loadSurveyFiles(core.db, core.config.CONTENT_DIR);
          for (const warning of warnings) core.logger.warn({ warning }, 'survey definition check');
          return counts;
        },
      },
    ],
  };
}

/** The dashboard figure: the citizens' survey in the current report year (province-wide aggregate). */
async function surveyProgress(deps: SurveyDeps) {
  const citizens = (await listSummaries(deps)).filter((x) => x.population === 'citizen');
  // Several years' surveys coexist (2025 kept as history): the one open now, else the one answered this year.
  const citizen =
    citizens.find((x) => x.state === 'open') ?? [...citizens].sort((x, y) => y.overall.n - x.overall.n)[0];
  if (!citizen || citizen.overall.n === 0 || citizen.overall.p === null) return null;
  return { rate: citizen.overall.p, sampleSize: citizen.overall.n, target: citizen.target };
}
