import { Router } from 'express';
import type { ConsoleDeps } from './console.deps.ts';
import type { ConsoleIntegrations } from './console.integrations.ts';
import { permit } from './console.auth.ts';
import { dashboardFigures } from './dashboard.service.ts';

export function dashboardRoutes(deps: ConsoleDeps, integrations: ConsoleIntegrations): Router {
  const router = Router();
  router.get('/', permit('dashboard.read'), async (req, res) => {
    res.json(await dashboardFigures(deps, integrations.dashboard, req.staff!.scope));
  });
  return router;
}
