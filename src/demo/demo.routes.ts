import { Router } from 'express';
import { permit } from '../console/console.auth.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { clearDemo } from './demo.clear.ts';
import { seedDemo } from './demo.seed.ts';

/**
 * The demo pack through the running server (admins only), for a PGlite directory the server holds: the same as
 * `npm run demo:seed` / `demo:clear`. Mounted at /api/console/demo; refused in production.
 */
export function demoConsoleRoutes(deps: { db: Db; clock: Clock; config: Config }): Router {
  const r = Router();
  const refuseInProduction = () => {
    if (deps.config.NODE_ENV === 'production')
      throw new AppError(
        'forbidden',
        'demo in production',
        'Bản trình diễn không dùng trong môi trường production.',
      );
  };
  r.post('/seed', permit('demo.manage'), async (req, res) => {
    refuseInProduction();
    const summary = await seedDemo(deps);
    await audit(deps, { ...auditActor(req), action: 'demo.seed', details: { ...summary } });
    res.json({ summary });
  });
  r.post('/clear', permit('demo.manage'), async (req, res) => {
    refuseInProduction();
    const removed = await clearDemo(deps.db);
    await audit(deps, { ...auditActor(req), action: 'demo.clear', details: removed });
    res.json({ removed });
  });
  return r;
}
