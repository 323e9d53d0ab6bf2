import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { errorHandler, notFoundHandler, requireJson } from './http/errors.ts';
import { createMetrics, type Metrics } from './http/metrics.ts';
import { apiRateLimit, requestId, securityHeaders } from './http/security.ts';
import { healthRoutes, type HealthCheck } from './http/health.routes.ts';
import { areasRoutes } from './areas/areas.routes.ts';
import { spaRoutes } from './http/static.ts';

const rootDir = new URL('..', import.meta.url).pathname;

/** What the app is built from; tests pass the same shape with a test database and fakes. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  clock?: Clock;
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
}

/** The one composition root: repositories → services → routers. Nothing listens here. */
export function createApp(deps: AppDeps): App {
  const { config, database, logger } = deps;
  const clock = deps.clock ?? systemClock;
  void clock;
  const metrics = createMetrics();
  const healthChecks: HealthCheck[] = [];
  const jobs: Job[] = [];

  const app = express();
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', config.TRUST_PROXY);
  app.use(requestId());
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as { id?: string }).id ?? '',
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders());
  app.use(metrics.middleware);

  app.use(healthRoutes({ database, metrics, checks: healthChecks }));

  const api = express.Router();
  api.use(apiRateLimit(config.RATE_LIMIT_PER_MINUTE));
  api.use(requireJson);
  api.use(express.json({ limit: config.BODY_LIMIT }));
  api.use('/areas', areasRoutes({ db: database.db }));
  app.use('/api', api);

  app.use(spaRoutes('/admin', `${rootDir}admin/dist`, 'npm run build:web'));
  app.use(spaRoutes('/miniapp', `${rootDir}miniapp/dist`, 'npm run miniapp:build'));
  app.get('/', (_req, res) => res.redirect('/admin'));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return { express: app, metrics, jobs };
}
