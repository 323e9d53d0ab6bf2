import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { ChatFeature } from '../chat/chat.types.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { surveyChatFeature } from './survey.chat.ts';
import { participationSecretFrom, type SurveyDeps } from './surveys.deps.ts';
import { surveyMiniappRoutes } from './surveys.miniapp.routes.ts';
import { surveyConsoleRoutes } from './surveys.routes.ts';
import { listSummaries } from './reports.service.ts';
import { purgeExpired } from './surveys.retention.ts';

export interface SurveyModuleDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  /** The /api router: the mini-app routes go to /api/miniapp/surveys. */
  api: Router;
  /** The mini-app session middleware (sets req.miniappUser). */
  requireMiniappUser: RequestHandler;
  /** The console's feature router (already authenticated, CSRF-checked): routes go to /surveys. */
  consoleRouter: Router;
  registerChatFeature(feature: ChatFeature): void;
}

/**
 * Wires surveys into the app: console reports and editing, the mini-app form API, the chat feature, and a job that
 * loads content/surveys/*.yaml at start (idempotent: an unchanged file adds no version).
 */
export function mountSurveys(deps: SurveyModuleDeps) {
  const surveyDeps: SurveyDeps = {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    participationSecret: participationSecretFrom(deps.config),
  };
  deps.consoleRouter.use('/surveys', surveyConsoleRoutes(surveyDeps));
  deps.api.use('/miniapp/surveys', deps.requireMiniappUser, surveyMiniappRoutes(surveyDeps));
  deps.registerChatFeature(surveyChatFeature(surveyDeps));
  /** The dashboard figure: the citizens' survey in the current report year (province-wide aggregate). */
  const surveyProgress = async () => {
    const citizens = (await listSummaries(surveyDeps)).filter((x) => x.population === 'citizen');
    // Several years' surveys coexist (2025 kept as history): the one open now, else the one answered this year.
    const citizen =
      citizens.find((x) => x.state === 'open') ?? [...citizens].sort((x, y) => y.overall.n - x.overall.n)[0];
    if (!citizen || citizen.overall.n === 0 || citizen.overall.p === null) return null;
    return { rate: citizen.overall.p, sampleSize: citizen.overall.n, target: citizen.target };
  };
  // Deletes survey data whose retention (promised in the consent text) has ended: at start, then once a day.
  let timer: NodeJS.Timeout | undefined;
  let purging: Promise<unknown> | undefined;
  const purge = () => {
    purging = purgeExpired(surveyDeps).catch((err: unknown) =>
      deps.logger.error({ err }, 'survey retention purge failed'),
    );
  };
  const retentionJob = {
    name: 'survey-retention',
    start() {
      purge();
      timer = setInterval(purge, 24 * 60 * 60 * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await purging;
    },
  };
  return { surveyDeps, retentionJob, surveyProgress };
}
