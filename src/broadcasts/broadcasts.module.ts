import type { Router } from 'express';
import type { Job } from '../app.ts';
import { loadAllPlans } from '../plan/plan.service.ts';
import { planConsoleRoutes } from '../plan/plan.routes.ts';
import { broadcastsConsoleRoutes, trackedRedirectRoutes } from './broadcasts.routes.ts';
import { broadcastJob } from './broadcasts.job.ts';
import { httpImageProbe } from './content.limits.ts';
import type { SenderDeps } from './broadcasts.deps.ts';
import path from 'node:path';
import { loadLocaleResources } from '../i18n/i18n.ts';

/** The opt-out line per language from content/locales/<lng>/broadcast.json. */
export function optOutFooters(contentDir: string): Partial<Record<string, string>> {
  const resources = loadLocaleResources(path.join(contentDir, 'locales'));
  const out: Partial<Record<string, string>> = {};
  for (const [lng, namespaces] of Object.entries(resources)) {
    const footer = (namespaces.broadcast as { optOutFooter?: unknown } | undefined)?.optOutFooter;
    if (typeof footer === 'string') out[lng] = footer;
  }
  return out;
}

/** Issue 8 as createApp mounts it: console routers, the public tracked redirect, the plan loader and the send job. */
export function mountBroadcasts(
  target: { consoleRouter: Router; app: Router },
  deps: Omit<SenderDeps, 'probeImage'> & Partial<Pick<SenderDeps, 'probeImage'>>,
): { jobs: Job[] } {
  const full: SenderDeps = {
    ...deps,
    probeImage: deps.probeImage ?? httpImageProbe,
    optOutFooter: deps.optOutFooter ?? optOutFooters(deps.config.CONTENT_DIR),
  };
  target.consoleRouter.use('/broadcasts', broadcastsConsoleRoutes(full));
  target.consoleRouter.use('/plan', planConsoleRoutes(full));
  target.app.use(trackedRedirectRoutes(full));
  const planLoad: Job = {
    name: 'plan-load',
    start() {
      loadAllPlans(full.db, full.config.CONTENT_DIR).then(
        (loaded) => full.logger.info({ loaded }, 'plan calendar loaded'),
        (err: unknown) => full.logger.error({ err }, 'plan calendar failed to load'),
      );
    },
    async stop() {},
  };
  return { jobs: [planLoad, broadcastJob(full)] };
}
