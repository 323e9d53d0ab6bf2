import type { CoreDeps, Module } from '../app/module.ts';
import { planConsoleRoutes } from './plan.routes.ts';
import { loadAllPlans } from './plan.service.ts';

/**
 * The yearly communication plan (issue 8): content/plan/<year>.yaml loaded before listening (a bad file stops
 * start-up with its path), and the calendar and editor under /api/console/plan. Broadcasts read it through
 * plan.service.ts.
 */
export function createPlanModule(core: CoreDeps): Module {
  return {
    name: 'plan',
    consoleRoutes: planConsoleRoutes(core),
    contentLoaders: [{ name: 'plan', load: () => loadAllPlans(core.db, core.config.CONTENT_DIR) }],
  };
}
