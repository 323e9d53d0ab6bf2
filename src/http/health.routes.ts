import { Router } from 'express';
import type { Database } from '../db/client.ts';
import type { Metrics } from './metrics.ts';

/** A named readiness check beyond the database (e.g. the Zalo channel); `ok: false` is reported, not fatal. */
export type HealthCheck = () => Promise<{ name: string; ok: boolean; state: string }>;

export function healthRoutes(deps: { database: Database; metrics: Metrics; checks: HealthCheck[] }): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    let dbOk = true;
    try {
      await deps.database.ping();
    } catch {
      dbOk = false;
    }
    const body: Record<string, string> = { status: dbOk ? 'ok' : 'error', db: dbOk ? 'ok' : 'down' };
    // Other components are reported beside the fixed fields; only the database decides readiness.
    for (const check of deps.checks) {
      const r = await check().catch(() => ({ name: 'check', ok: false, state: 'error' }));
      body[r.name] = r.state;
    }
    res.status(dbOk ? 200 : 503).json(body);
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}
