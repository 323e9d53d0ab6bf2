import type { Request } from 'express';
import type { JobDefinition } from '../jobs/job.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { audit, auditActor, type AuditEntry } from './audit.service.ts';

/** One client's refusals in the current window; written as ONE audit row when the window closes. */
interface Window {
  startedAt: number;
  lastAt: number;
  count: number;
  reasons: Record<string, number>;
  actor: Pick<AuditEntry, 'staff' | 'ip'>;
  firstPath: string;
}

export const CSRF_WINDOW_MS = 10 * 60_000;
/** Refusals per client and window answered 403; beyond it 429 (a script hammering the login). */
export const CSRF_REFUSALS_PER_WINDOW = 20;

/**
 * CSRF refusals counted per client (staff id, else address) and window instead of one append-only audit row per
 * request, which an anonymous script could grow without bound (issue 19). Memory is bounded too: at most
 * `maxClients` open windows, the oldest flushed first.
 */
export function createCsrfRefusals(deps: ConsoleDeps, opts: { maxClients?: number } = {}) {
  const maxClients = opts.maxClients ?? 10_000;
  const windows = new Map<string, Window>();

  async function write(w: Window) {
    await audit(deps, {
      ...w.actor,
      action: 'csrf.rejected',
      details: {
        count: w.count,
        reasons: w.reasons,
        firstPath: w.firstPath,
        from: new Date(w.startedAt).toISOString(),
        to: new Date(w.lastAt).toISOString(),
      },
    }).catch((err: unknown) => deps.logger.error({ err }, 'csrf refusal audit failed'));
  }

  /** Writes the windows that closed (all of them with `all`), oldest first. */
  async function flush(all = false) {
    const now = deps.clock.now().getTime();
    for (const [key, w] of [...windows]) {
      if (!all && now - w.startedAt < CSRF_WINDOW_MS) continue;
      windows.delete(key);
      await write(w);
    }
  }

  /** Counts one refusal; `limited` when this client is past its allowance for the window. */
  async function record(req: Request, reason: 'missing' | 'mismatch'): Promise<{ limited: boolean }> {
    const now = deps.clock.now().getTime();
    const key = req.staff ? `staff:${req.staff.id}` : `ip:${req.ip ?? 'unknown'}`;
    let w = windows.get(key);
    if (w && now - w.startedAt >= CSRF_WINDOW_MS) {
      windows.delete(key);
      await write(w);
      w = undefined;
    }
    if (!w) {
      if (windows.size >= maxClients) {
        const [oldestKey, oldest] = windows.entries().next().value as [string, Window];
        windows.delete(oldestKey);
        await write(oldest);
      }
      w = {
        startedAt: now,
        lastAt: now,
        count: 0,
        reasons: {},
        actor: auditActor(req),
        firstPath: req.originalUrl.split('?')[0]!.slice(0, 200),
      };
      windows.set(key, w);
    }
    w.count += 1;
    w.lastAt = now;
    w.reasons[reason] = (w.reasons[reason] ?? 0) + 1;
    return { limited: w.count > CSRF_REFUSALS_PER_WINDOW };
  }

  const job = {
    id: 'console-csrf-refusal-audit',
    schedule: { everyMs: 60_000, atStart: false },
    handler: async () => {
      await flush();
    },
    afterStop: () => flush(true), // shutdown: the open windows are written, not lost
  } satisfies JobDefinition;
  return { record, flush, job };
}

export type CsrfRefusals = ReturnType<typeof createCsrfRefusals>;
