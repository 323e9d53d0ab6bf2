import cookieParser from 'cookie-parser';
import { Router } from 'express';
import { mountPath, type CoreDeps, type Module } from '../app/module.ts';
import type { JobDefinition } from '../jobs/job.ts';
import type { ConsoleDeps } from './console.deps.ts';
import type { ConsoleIntegrations } from './console.integrations.ts';
import { dashboardSources } from './dashboard.sources.ts';
import { auditRefusals, authenticate, csrfGuard, sessionLoader } from './console.auth.ts';
import { authRoutes } from './auth.routes.ts';
import { setupRoutes } from './setup.routes.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { referenceRoutes } from './reference.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { followersRoutes } from './followers.routes.ts';
import { handoffRoutes } from './handoff.routes.ts';
import { unansweredRoutes } from './unanswered.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { purgeExpiredSessions } from './session.service.ts';
import { createCsrfRefusals, type CsrfRefusals } from './csrf-refusals.ts';

/** The console API as createApp mounts it. */
export interface ConsoleModule extends Module {
  /** Mount at `/api/console`. Wraps `consoleRouter` with cookies, sessions, CSRF and refusal auditing. */
  router: Router;
  /**
   * The authenticated router every module's `consoleRoutes` is mounted on (at `/<name>`), each route guarded with
   * `permit('<permission>')`. Everything here already requires a signed-in staff member (401) and a CSRF token on
   * state-changing requests; the role × route test discovers routes by walking this router.
   */
  consoleRouter: Router;
  /** Dashboard figures and pages backed by the modules, merged once from their `dashboard` and `consolePages`. */
  integrations: ConsoleIntegrations;
  /** CSRF refusals counted per client and window; `flush(true)` writes the open windows (tests, shutdown). */
  csrfRefusals: CsrfRefusals;
  jobs: JobDefinition[];
}

/**
 * The staff console (issue 5) at /api/console: sign-in, accounts, audit, reference lists, dashboard, followers,
 * handoff, unanswered questions and settings, then every module's console routes. The console reads other
 * modules only through what they hand it (`dashboard`, `consolePages`), never through their tables.
 */
export function createConsoleModule(core: CoreDeps, ports: { modules: readonly Module[] }): ConsoleModule {
  const deps: ConsoleDeps = core;
  const integrations: ConsoleIntegrations = {
    dashboard: dashboardSources({ db: core.db, clock: core.clock, timeZone: core.config.TZ_APP }),
  };
  for (const m of ports.modules) {
    Object.assign(integrations, m.consolePages);
    Object.assign(integrations.dashboard, m.dashboard);
  }
  const consoleRouter = Router();
  consoleRouter.use(authRoutes(deps));
  consoleRouter.use(setupRoutes(deps));
  // Everything after the sign-in routes needs a session, including paths no route matches (no route probing).
  consoleRouter.use(authenticate);
  consoleRouter.use('/accounts', accountsRoutes(deps));
  consoleRouter.use('/audit', auditRoutes(deps));
  consoleRouter.use('/reference', referenceRoutes(deps));
  consoleRouter.use('/dashboard', dashboardRoutes(deps, integrations));
  consoleRouter.use('/followers', followersRoutes(deps, integrations));
  consoleRouter.use('/handoff', handoffRoutes(deps, integrations));
  consoleRouter.use('/unanswered', unansweredRoutes(deps, integrations));
  consoleRouter.use('/settings', settingsRoutes(deps, integrations));
  for (const m of ports.modules)
    if (m.consoleRoutes) consoleRouter.use(mountPath(m, 'consoleRoutes'), m.consoleRoutes);

  const csrfRefusals = createCsrfRefusals(deps);
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  router.use(cookieParser());
  router.use(sessionLoader(deps));
  router.use(csrfGuard(csrfRefusals));
  router.use(consoleRouter);
  router.use(auditRefusals());
  return {
    name: 'console',
    routes: router,
    router,
    consoleRouter,
    integrations,
    csrfRefusals,
    jobs: [sessionPurgeJob(deps), csrfRefusals.job],
  };
}

function sessionPurgeJob(deps: ConsoleDeps) {
  return {
    id: 'console-session-purge',
    schedule: { everyMs: 3_600_000, atStart: false },
    handler: async () => {
      await purgeExpiredSessions(deps).catch((err: unknown) =>
        deps.logger.warn({ err }, 'session purge failed'),
      );
    },
  } satisfies JobDefinition;
}
