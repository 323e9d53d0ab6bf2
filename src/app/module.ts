import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { ChatContext, ChatFeature } from '../chat/chat.types.ts';
import type { ConsoleIntegrations, DashboardSources } from '../console/console.integrations.ts';
import type { HealthCheck } from '../http/health.routes.ts';
import type { JobDefinition } from '../jobs/job.ts';

/** What every module is built from; feature deps extend it (or a `Pick` of it) instead of re-declaring these. */
export interface CoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
}

/** A chat feature and where it runs in the pipeline: lower priority first (default 100; the FAQ catch-all 1000). */
export interface ChatFeatureEntry {
  feature: ChatFeature;
  priority?: number;
}

/**
 * Content from the repository's content/ folder that must be in place before the server listens. `load` is an
 * idempotent upsert (start-up, `npm run db:seed` and a second instance all run it) and throws on a bad file with
 * its path and problem; the counts it returns go to the start-up log.
 */
export interface ContentLoader {
  name: string;
  load(): Promise<unknown>;
}

/**
 * The one entry shape of a feature: `createXModule(core, ports) → Module`. createApp mounts the routers, hands the
 * chat features to the chat pipeline, the console parts to the console and the jobs to the job runner; nothing is
 * changed after construction. Every part is optional.
 */
export interface Module {
  /** Also the path segment: routes go under `/api/<name>`, console routes under `/api/console/<name>`, … */
  name: string;
  /** Public API under `/api/<name>`. */
  routes?: Router;
  /** Staff API under `/api/console/<name>`: already signed in and CSRF-checked; guard each route with permit(). */
  consoleRoutes?: Router;
  /** Mini-app API under `/api/miniapp/<name>`, behind the mini-app session (req.miniappUser is set). */
  miniappRoutes?: Router;
  /** Mounted on the app itself, outside /api (the tracked redirect `/r/:token`). */
  rootRoutes?: Router;
  /** Path segments that differ from `name`, kept so URLs stay what they were (e.g. `/api/console/outbox`). */
  mount?: Partial<Record<'routes' | 'consoleRoutes' | 'miniappRoutes', string>>;
  chatFeatures?: ChatFeatureEntry[];
  /** Run after the follow greeting (the commune question). */
  followHooks?: ((ctx: ChatContext) => Promise<void>)[];
  jobs?: JobDefinition[];
  /** Dashboard figures this module computes. */
  dashboard?: Partial<DashboardSources>;
  /** Console pages backed by this module (followers directory, handoff inbox, unanswered questions, OA state). */
  consolePages?: Partial<Omit<ConsoleIntegrations, 'dashboard'>>;
  /** Extra checks on /health (the Zalo channel). */
  healthChecks?: HealthCheck[];
  contentLoaders?: ContentLoader[];
}

/** The path a module's router is mounted at, under its prefix. */
export function mountPath(module: Module, part: keyof NonNullable<Module['mount']>): string {
  return module.mount?.[part] ?? `/${module.name}`;
}
