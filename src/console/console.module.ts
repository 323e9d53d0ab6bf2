import cookieParser from 'cookie-parser';
import { Router } from 'express';
import type { Job } from '../app.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { emptyIntegrations, type ConsoleIntegrations } from './console.integrations.ts';
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

/** The console API as createApp mounts it, plus the places other modules plug into. */
export interface ConsoleModule {
  /** Mount at `/api/console`. Wraps `consoleRouter` with cookies, sessions, CSRF and refusal auditing. */
  router: Router;
  /**
   * Feature routers go here: `consoleModule.consoleRouter.use('/broadcasts', myRouter)`, each route guarded
   * with `permit('<permission>')`. Everything here already requires a signed-in staff member (401) and a CSRF
   * token on state-changing requests; the role × route test discovers new routes by walking this router.
   */
  consoleRouter: Router;
  /** Dashboard figures and pages backed by other modules; assign the functions your module exports. */
  integrations: ConsoleIntegrations;
  /** CSRF refusals counted per client and window; `flush(true)` writes the open windows (tests, shutdown). */
  csrfRefusals: CsrfRefusals;
  jobs: Job[];
}

export function createConsole(deps: ConsoleDeps): ConsoleModule {
  const integrations = emptyIntegrations();
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
    router,
    consoleRouter,
    integrations,
    csrfRefusals,
    jobs: [sessionPurgeJob(deps), csrfRefusals.job],
  };
}

function sessionPurgeJob(deps: ConsoleDeps): Job {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'console-session-purge',
    start() {
      timer = setInterval(() => {
        purgeExpiredSessions(deps).catch((err: unknown) => deps.logger.warn({ err }, 'session purge failed'));
      }, 3_600_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
