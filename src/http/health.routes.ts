import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Database } from '../db/client.ts';
import type { Metrics } from './metrics.ts';
import type { StorageHealth } from '../db/storage-health.ts';

/** A named readiness check beyond the database (e.g. the Zalo channel); `ok: false` is reported, not fatal. */
export type HealthCheck = () => Promise<{ name: string; ok: boolean; state: string }>;

export function healthRoutes(deps: {
  database: Database;
  metrics: Metrics;
  checks: HealthCheck[];
  /** `/metrics` answers only `Authorization: Bearer <token>`; without a token it is not served at all. */
  metricsToken?: string;
  /** Storage faults seen by requests: /health answers 503 with the reason until a write probe succeeds. */
  storage?: StorageHealth;
}): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    let dbOk = true;
    try {
      await deps.database.ping();
    } catch {
      dbOk = false;
    }
    await deps.storage?.recheck();
    const fault = deps.storage?.fault;
    if (fault) dbOk = false;
    const body: Record<string, string> = {
      status: dbOk ? 'ok' : 'error',
      db: fault ? 'storage_fault' : dbOk ? 'ok' : 'down',
    };
    if (fault) {
      body.reason = fault.reason;
      body.since = fault.since.toISOString();
    }
    // Other components are reported beside the fixed fields; only the database decides readiness.
    for (const check of deps.checks) {
      const r = await check().catch(() => ({ name: 'check', ok: false, state: 'error' }));
      body[r.name] = r.state;
    }
    res.status(dbOk ? 200 : 503).json(body);
  });
  router.get('/metrics', async (req, res) => {
    if (!deps.metricsToken || !bearerMatches(req.headers.authorization, deps.metricsToken)) {
      res.status(404).json({ error: { code: 'not_found', message: 'Không tìm thấy địa chỉ này.' } });
      return;
    }
    res.setHeader('content-type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}

/** Constant-time check of `Bearer <token>` (hashes first, so lengths never leak either). */
function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}
