import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Metrics } from './metrics.ts';
import type { StorageHealth } from '../db/storage-health.ts';
import { withDeadline } from '../db/client.ts';

const CHECK_DEADLINE_MS = 1_000;

/** A named readiness check beyond the database (e.g. the Zalo channel); `ok: false` is reported, not fatal. */
export type HealthCheck = () => Promise<{ name: string; ok: boolean; state: string }>;

export function healthRoutes(deps: {
  metrics: Metrics;
  checks: HealthCheck[];
  /** `/metrics` answers only `Authorization: Bearer <token>`; without a token it is not served at all. */
  metricsToken?: string;
  /** Storage faults seen by requests or pings: /health answers 503 with the reason until a write probe succeeds. */
  storage: StorageHealth;
}): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    // A ping with a deadline while healthy, a due write probe while faulted: a silent database is a fault with a
    // reason, not a hang.
    const fault = await deps.storage.check();
    const dbOk = !fault;
    const body: Record<string, string> = {
      status: dbOk ? 'ok' : 'error',
      db: fault ? 'storage_fault' : 'ok',
    };
    if (fault) {
      body.reason = fault.reason;
      body.since = fault.since.toISOString();
    }
    // Other components are reported beside the fixed fields; only the database decides readiness. They read the
    // database too, so they are skipped while it is faulted and get a deadline otherwise.
    for (const check of fault ? [] : deps.checks) {
      const r = await withDeadline(check(), CHECK_DEADLINE_MS).catch(() => ({
        name: 'check',
        ok: false,
        state: 'error',
      }));
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
