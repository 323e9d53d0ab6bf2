import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { trustProxySetting, type Config } from './config.ts';
import type { Database } from './db/client.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { errorHandler, notFoundHandler, requireJson } from './http/errors.ts';
import { createMetrics, type Metrics } from './http/metrics.ts';
import { createStorageHealth } from './db/storage-health.ts';
import { apiRateLimit, requestId, securityHeaders } from './http/security.ts';
import { accessLog } from './http/access-log.ts';
import { jsonBodyGuard, pathAndQueryGuard } from './http/input.ts';
import { healthRoutes, type HealthCheck } from './http/health.routes.ts';
import { areasRoutes } from './areas/areas.routes.ts';
import { spaRoutes } from './http/static.ts';
import { createConsole, type ConsoleModule } from './console/console.module.ts';
import { handoffInboxFrom } from './console/handoff.adapter.ts';
import { unansweredFrom } from './console/unanswered.adapter.ts';
import { dashboardSources } from './console/dashboard.sources.ts';
import { followerAreaOf, followersCount, followersDirectory } from './console/followers.directory.ts';
import { mountQuiz } from './quiz/quiz.module.ts';
import { createZaloClient } from './zalo/zalo.client.ts';
import { domainVerificationRoutes } from './zalo/domain-verification.ts';
import { createSendRateLimiter } from './zalo/send-rate.ts';
import { oauthConsoleRoutes } from './zalo/oauth.routes.ts';
import type { ZaloMessenger } from './zalo/zalo.port.ts';
import { createChatModule, type ChatModule } from './chat/chat.module.ts';
import { outboxConsoleRoutes } from './chat/outbox.routes.ts';
import type { ChatFeature } from './chat/chat.types.ts';
import { createI18n } from './i18n/i18n.ts';
import { mountFaq, type FaqModule } from './faq/faq.module.ts';
import { mountBroadcasts } from './broadcasts/broadcasts.module.ts';
import { recordDeliveryEvent } from './broadcasts/stats.service.ts';
import { mountSurveys } from './surveys/surveys.module.ts';
import { requireMiniappUser } from './miniapp/miniapp.session.ts';
import { communeChat } from './followers/commune.chat.ts';
import { reportsConsoleRoutes } from './reports/reports.routes.ts';
import { demoConsoleRoutes } from './demo/demo.routes.ts';

const rootDir = new URL('..', import.meta.url).pathname;

/** What the app is built from; tests pass the same shape with a test database and fakes. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** Overrides the Zalo client as the chat outbox's transport (benchmarks pass an in-process recorder). */
  messenger?: ZaloMessenger;
  /** Chat features (FAQ, survey, quiz link) in priority order; `app.chat.registerFeature` adds more later. */
  chatFeatures?: ChatFeature[];
}

/** Background work the app owns; main.ts starts it after listen and stops it on shutdown. */
export interface Job {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

export interface App {
  express: Express;
  metrics: Metrics;
  jobs: Job[];
  /** The console module, so feature modules and tests can reach its router and integrations. */
  console: ConsoleModule;
  /** The OA chat channel: pipeline (registerFeature), handoff service for the console, inbox/outbox workers. */
  chat: ChatModule;
  /** The FAQ: its live index (tests refresh it) and chat feature. */
  faq: FaqModule;
}

/** The one composition root: repositories → services → routers. Nothing listens here. */
export function createApp(deps: AppDeps): App {
  const { config, database, logger } = deps;
  const clock = deps.clock ?? systemClock;
  void clock;
  const metrics = createMetrics();
  const healthChecks: HealthCheck[] = [];
  // The OA channel: API client (a ZaloMessenger) and token store; /health shows zalo: ok|needs_reauth|not_configured.
  // One send rate per OA for the outbox and broadcasts of every instance (a token bucket row in the database);
  // Zalo's -32 lowers it for everyone.
  const sendRate = createSendRateLimiter({ db: database.db, config, logger });
  const zalo = createZaloClient({
    config,
    db: database.db,
    logger,
    clock,
    onRateLimited: () =>
      void sendRate.slowDown().catch((err: unknown) => logger.error({ err }, 'send rate slow-down failed')),
  });
  healthChecks.push(zalo.healthCheck);
  const i18n = createI18n(config.CONTENT_DIR);
  // Inbound chat (issue 4): webhook → inbox → pipeline → outbox → Zalo client.
  const chat = createChatModule({
    db: database.db,
    clock,
    logger,
    config,
    i18n,
    messenger: deps.messenger ?? zalo.client,
    registry: metrics.registry,
    sendRate,
    followerSource: {
      async *listFollowers(listing) {
        for await (const page of zalo.client.followerPages(undefined, listing))
          for (const userId of page.userIds) yield { userId };
      },
      isFollower: async (userId) => (await zalo.client.getUserDetail(userId)).isFollower,
    },
    features: deps.chatFeatures,
    onReceipt: (receipt) => recordDeliveryEvent(database.db, receipt),
  });
  const jobs: Job[] = [];

  const app = express();
  app.disable('x-powered-by');
  // A hop count ("1") must reach Express as a number: as a string it would be read as an IP address list.
  if (config.TRUST_PROXY) app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(requestId());
  // A failed write that looks like a full/read-only disk: 503 at once everywhere but /health until a probe writes.
  const storage = createStorageHealth({ database, logger });
  app.use(storage.guard());
  // Before any route, the webhook and the static files included: undecodable paths, NUL and lone surrogates → 400.
  app.use(pathAndQueryGuard());
  // Zalo's webhook comes first: never rate-limited by us, and kept off the per-request logging and security-header
  // work a browser-facing route needs (Zalo wants a 200 within 2 s; the route logs its own refusals).
  app.use(chat.webhookRouter);
  app.use(accessLog(logger));
  app.use(securityHeaders());
  app.use(metrics.middleware);

  app.use(
    healthRoutes({ database, metrics, checks: healthChecks, metricsToken: config.METRICS_TOKEN, storage }),
  );
  if (config.simulatorEnabled) app.use(chat.devRouter);
  jobs.push(...chat.jobs);

  const api = express.Router();
  api.use(apiRateLimit(config.RATE_LIMIT_PER_MINUTE));
  api.use(requireJson);
  api.use(express.json({ limit: config.BODY_LIMIT }));
  api.use(jsonBodyGuard());
  api.use('/areas', areasRoutes({ db: database.db, contentDir: config.CONTENT_DIR }));
  // Staff console at /api/console. Feature modules add routers with `consoleModule.consoleRouter.use('/x', router)`
  // (guard each route with permit('<permission>')) and dashboard/page sources in `consoleModule.integrations`.
  const consoleModule = createConsole({ db: database.db, clock, logger, config });
  consoleModule.integrations.oa = {
    state: async () => ({ status: await zalo.tokens.channelState(), expiresAt: null, detail: null }),
    reauthorise: (refreshToken) => zalo.tokens.reauthorise(refreshToken),
  };
  consoleModule.integrations.handoff = handoffInboxFrom(chat.handoff, followerAreaOf(database.db));
  consoleModule.integrations.followers = followersDirectory(database.db);
  consoleModule.integrations.dashboard = {
    ...consoleModule.integrations.dashboard,
    ...dashboardSources({ db: database.db, clock, timeZone: config.TZ_APP }),
    followersCount: followersCount(database.db),
  };
  const unanswered = unansweredFrom(database.db);
  consoleModule.integrations.unanswered = unanswered.page;
  consoleModule.integrations.dashboard.unansweredQuestions = unanswered.count;
  // Connecting the OA with OAuth v4 + PKCE from the settings page (pasting a refresh token stays as a fallback).
  consoleModule.consoleRouter.use(
    '/settings/oa/oauth',
    oauthConsoleRoutes({ db: database.db, clock, logger, config, tokens: zalo.tokens }),
  );
  // Replies whose outcome is unknown after a crash, and failures, for the handoff page (issue 19).
  consoleModule.consoleRouter.use('/outbox', outboxConsoleRoutes({ db: database.db }));
  api.use('/console', consoleModule.router);
  jobs.push(...consoleModule.jobs);
  // Mini-app identity + contests (issue 7): /api/miniapp/*, /api/miniapp/quiz/*; content/quiz is loaded by main.ts.
  const quiz = mountQuiz(
    api,
    { config, db: database.db, logger, clock },
    { consoleRouter: consoleModule.consoleRouter, registerChatFeature: (f) => chat.registerFeature(f) },
  );
  jobs.push(...quiz.jobs);
  // FAQ (issue 6): knowledge base + index built now (< 1 s); GET /api/faq/search; chat feature registered last below.
  const faq = mountFaq(api, {
    config,
    db: database.db,
    logger,
    clock,
    i18n,
    consoleRouter: consoleModule.consoleRouter,
  });
  jobs.push(faq.job);
  consoleModule.integrations.dashboard.faqTopicsOverdue = faq.topicsOverdue;
  // Scheduled CCHC content (issue 8): /api/console/broadcasts, /api/console/plan, GET /r/:token, send job.
  const broadcastsModule = mountBroadcasts(
    { consoleRouter: consoleModule.consoleRouter, app },
    {
      db: database.db,
      clock,
      logger,
      config,
      messenger: deps.messenger ?? zalo.client,
      promotionQuota: () => zalo.client.getPromotionQuota(),
      sendRate,
    },
  );
  jobs.push(...broadcastsModule.jobs);
  // Surveys (issue 9): /api/console/surveys, /api/miniapp/surveys, the chat survey (before the FAQ).
  const surveys = mountSurveys({
    config,
    db: database.db,
    logger,
    clock,
    api,
    requireMiniappUser: requireMiniappUser(quiz.signer),
    consoleRouter: consoleModule.consoleRouter,
    registerChatFeature: (f) => chat.registerFeature(f),
  });
  jobs.push(surveys.retentionJob);
  consoleModule.integrations.dashboard.surveyProgress = surveys.surveyProgress;
  // Period reports to Sở Nội vụ (issue 20): /api/console/reports/period?unit=&period=&format=docx|pdf, narratives, roll-up.
  consoleModule.consoleRouter.use('/reports', reportsConsoleRoutes({ db: database.db, clock }));
  // The demo pack through the running server (admins; never in production): /api/console/demo/seed|clear.
  consoleModule.consoleRouter.use('/demo', demoConsoleRoutes({ db: database.db, clock, config }));
  app.use('/api', api);

  app.use(spaRoutes('/admin', `${rootDir}admin/dist`, 'npm run build:web'));
  app.use(spaRoutes('/miniapp', `${rootDir}miniapp/dist`, 'npm run miniapp:build'));
  // Zalo's domain verification (file and/or home-page meta tag) when configured; otherwise / is the console.
  app.use(domainVerificationRoutes(config));
  app.get('/', (_req, res) => res.redirect('/admin'));

  app.use(notFoundHandler);
  app.use(errorHandler(logger, storage));
  // The follower's commune (issue 18): asked once after a follow, "đổi xã" any time; before surveys and the FAQ.
  const commune = communeChat({ db: database.db });
  chat.registerFeature(commune.feature, { priority: 50 });
  chat.registerFollowHook(commune.onFollow);
  // Keep last: the FAQ answers every question no other feature took.
  chat.registerFeature(faq.feature, { priority: 1000 });
  return { express: app, metrics, jobs, console: consoleModule, chat, faq };
}
