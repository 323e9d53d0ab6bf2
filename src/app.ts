import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { trustProxySetting, type Config } from './config.ts';
import type { Database } from './db/client.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { errorHandler, notFoundHandler, requireJson } from './http/errors.ts';
import { createMetrics, type Metrics } from './http/metrics.ts';
import { createStorageHealth, type StorageHealth } from './db/storage-health.ts';
import { apiRateLimit, requestId, securityHeaders } from './http/security.ts';
import { accessLog } from './http/access-log.ts';
import { jsonBodyGuard, pathAndQueryGuard } from './http/input.ts';
import { healthRoutes } from './http/health.routes.ts';
import { spaRoutes } from './http/static.ts';
import { mountPath, type CoreDeps, type Module } from './app/module.ts';
import { loadAllContent, type ContentReport } from './app/load-content.ts';
import { createJobRunner, type JobRunner } from './jobs/runner.ts';
import { createI18n } from './i18n/i18n.ts';
import type { ZaloMessenger } from './zalo/zalo.port.ts';
import { domainVerificationRoutes } from './zalo/domain-verification.ts';
import { createZaloModule } from './zalo/zalo.module.ts';
import { createAreasModule } from './areas/areas.module.ts';
import { createMiniappIdentityModule } from './miniapp/miniapp.module.ts';
import { createFollowersModule } from './followers/followers.module.ts';
import { createQuizModule } from './quiz/quiz.module.ts';
import { createSurveysModule } from './surveys/surveys.module.ts';
import { createPlanModule } from './plan/plan.module.ts';
import { createBroadcastsModule } from './broadcasts/broadcasts.module.ts';
import { recordDeliveryEvent } from './broadcasts/stats.service.ts';
import { createFaqModule, type FaqModule } from './faq/faq.module.ts';
import { createReportsModule } from './reports/reports.module.ts';
import { createDemoModule } from './demo/demo.module.ts';
import { createChatModule, type ChatModule } from './chat/chat.module.ts';
import { createConsoleModule, type ConsoleModule } from './console/console.module.ts';

const rootDir = new URL('..', import.meta.url).pathname;

/** What the app is built from; tests pass the same shape with a test database and fakes. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** Overrides the Zalo client as the chat outbox's transport (benchmarks pass an in-process recorder). */
  messenger?: ZaloMessenger;
}

export interface App {
  express: Express;
  metrics: Metrics;
  /** Every module, in the order they were composed. */
  modules: readonly Module[];
  /** Every module's jobs in one runner; main.ts starts it after listen (unless JOBS=0) and stops it on shutdown. */
  jobs: JobRunner;
  /** Every module's content loaders in order (areas first); main.ts awaits it before listening. */
  loadContent(): Promise<ContentReport>;
  /** The console, so tests reach its CSRF refusal counter and integrations. */
  console: ConsoleModule;
  /** The OA chat channel (pipeline, handoff, inbox/outbox workers) for tests and benchmarks. */
  chat: ChatModule;
  /** Storage faults: its watch (`storage.watch`) is one of `jobs`, run on every instance, JOBS=0 too. */
  storage: StorageHealth;
  /** The FAQ: its live index (tests refresh it) and chat feature. */
  faq: FaqModule;
}

/**
 * The one composition root: every feature is a module built by `createXModule(core, ports)` (src/app/module.ts);
 * this function lists them and mounts what they return. Nothing listens here and nothing is changed afterwards.
 *
 * Where things happen, one hop from here:
 * - a Zalo text becomes a reply: chat/chat.module.ts (webhook → inbox → chat.pipeline.ts → features → outbox);
 * - a broadcast is sent: broadcasts/broadcasts.module.ts → broadcasts.job.ts (planner.ts, sender.ts);
 * - a quiz submit is scored: quiz/quiz.module.ts → quiz.submit.service.ts `submitAttempt` → quiz.scoring.ts;
 * - a survey interval is computed: surveys/surveys.module.ts → reports.service.ts → statistics.ts.
 */
export function createApp(deps: AppDeps): App {
  const { config, database, logger } = deps;
  const core: CoreDeps = { db: database.db, clock: deps.clock ?? systemClock, logger, config };
  const metrics = createMetrics();
  const i18n = createI18n(config.CONTENT_DIR);

  const zalo = createZaloModule(core);
  const identity = createMiniappIdentityModule(core);
  const followers = createFollowersModule(core);
  const faq = createFaqModule(core, { i18n });
  // Order matters twice: content loaders run in this order (areas and units first, everything names them) and
  // equal chat priorities run in it (quiz link before the chat survey; commune 50 and FAQ 1000 set their own).
  const features: Module[] = [
    createAreasModule(core),
    followers,
    createQuizModule(core),
    createPlanModule(core),
    createBroadcastsModule(core, {
      messenger: deps.messenger ?? zalo.channel.client,
      promotionQuota: () => zalo.channel.client.getPromotionQuota(),
      sendRate: zalo.sendRate,
    }),
    createSurveysModule(core),
    faq,
    createReportsModule(core),
    createDemoModule(core),
  ];
  // Inbound chat (issue 4): webhook → inbox → pipeline (every module's chat features) → outbox → Zalo client.
  const chat = createChatModule(core, {
    i18n,
    messenger: deps.messenger ?? zalo.channel.client,
    registry: metrics.registry,
    sendRate: zalo.sendRate,
    followerSource: {
      async *listFollowers(listing) {
        for await (const page of zalo.channel.client.followerPages(undefined, listing))
          for (const userId of page.userIds) yield { userId };
      },
      isFollower: async (userId) => (await zalo.channel.client.getUserDetail(userId)).isFollower,
    },
    features: features.flatMap((m) => m.chatFeatures ?? []),
    followHooks: features.flatMap((m) => m.followHooks ?? []),
    followerAreaOf: followers.areaOf,
    menuTopics: faq.menuTopics,
    onReceipt: (receipt) => recordDeliveryEvent(database.db, receipt),
  });
  // Staff console at /api/console: its own pages, then every module's consoleRoutes, dashboard and consolePages.
  const consoleModule = createConsoleModule(core, { modules: [zalo, chat, ...features] });
  const modules: Module[] = [zalo, identity, ...features, chat, consoleModule];

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
  const checks = modules.flatMap((m) => m.healthChecks ?? []);
  app.use(healthRoutes({ metrics, checks, metricsToken: config.METRICS_TOKEN, storage }));
  if (config.simulatorEnabled) app.use(chat.devRouter);
  for (const m of modules) if (m.rootRoutes) app.use(m.rootRoutes);

  const api = express.Router();
  api.use(apiRateLimit(config.RATE_LIMIT_PER_MINUTE));
  api.use(requireJson);
  api.use(express.json({ limit: config.BODY_LIMIT }));
  api.use(jsonBodyGuard());
  // Mini-app (issue 7): CORS for its origins, the identity routes, then every module's miniappRoutes behind the
  // mini-app session, as the console's routes are behind the staff session.
  api.use('/miniapp', identity.cors);
  for (const m of modules)
    if (m.miniappRoutes)
      api.use(`/miniapp${mountPath(m, 'miniappRoutes')}`, identity.requireUser, m.miniappRoutes);
  for (const m of modules) if (m.routes) api.use(mountPath(m, 'routes'), m.routes);
  app.use('/api', api);

  app.use(spaRoutes('/admin', `${rootDir}admin/dist`, 'npm run build:web'));
  app.use(spaRoutes('/miniapp', `${rootDir}miniapp/dist`, 'npm run miniapp:build'));
  // Zalo's domain verification (file and/or home-page meta tag) when configured; otherwise / is the console.
  app.use(domainVerificationRoutes(config));
  app.get('/', (_req, res) => res.redirect('/admin'));
  app.use(notFoundHandler);
  app.use(errorHandler(logger, storage));

  return {
    express: app,
    metrics,
    modules,
    jobs: createJobRunner([...modules.flatMap((m) => m.jobs ?? []), storage.watch], logger, {
      timeZone: config.TZ_APP,
    }),
    loadContent: () => loadAllContent(modules, logger),
    console: consoleModule,
    chat,
    storage,
    faq,
  };
}
