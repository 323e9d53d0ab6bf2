import path from 'node:path';
import type { CoreDeps, Module } from '../app/module.ts';
import { loadLocaleResources } from '../i18n/i18n.ts';
import { broadcastsConsoleRoutes, trackedRedirectRoutes } from './broadcasts.routes.ts';
import { broadcastJob } from './broadcasts.job.ts';
import { httpImageProbe } from './content.limits.ts';
import type { SenderDeps } from './broadcasts.deps.ts';

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

/** What broadcasts need besides the core: the OA to send through, its promotion quota and the shared send rate. */
export type BroadcastPorts = Pick<SenderDeps, 'messenger' | 'promotionQuota' | 'sendRate'> &
  Partial<Pick<SenderDeps, 'probeImage' | 'optOutFooter'>>;

/**
 * Scheduled CCHC content (issue 8): content items and broadcasts under /api/console/broadcasts, the public tracked
 * redirect GET /r/:token, and the send job (broadcasts.job.ts → planner.ts plans, sender.ts sends).
 */
export function createBroadcastsModule(core: CoreDeps, ports: BroadcastPorts): Module {
  const deps: SenderDeps = {
    ...core,
    ...ports,
    probeImage: ports.probeImage ?? httpImageProbe,
    optOutFooter: ports.optOutFooter ?? optOutFooters(core.config.CONTENT_DIR),
  };
  return {
    name: 'broadcasts',
    consoleRoutes: broadcastsConsoleRoutes(deps),
    rootRoutes: trackedRedirectRoutes(deps),
    jobs: [broadcastJob(deps)],
  };
}
