import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import type { JobDefinition } from '../jobs/job.ts';
import { QueryTimeoutError, withDeadline, type Database } from './client.ts';

/**
 * Storage faults (issue 19): a full or read-only disk, an I/O error, a database that stopped answering. The first
 * failed query that looks like one, or a failed or late ping (`/health`, and the watch every `watchEveryMs`), marks
 * the service faulted: `/health` answers 503 with the reason and every other request fails fast with a 503 (no work
 * piles up on a database that cannot write). A write probe (a temporary table, dropped at commit) runs at most every
 * `probeEveryMs` while faulted; the first one that succeeds recovers.
 */
const storageCodes = new Set([
  '53100', // disk_full
  '58030', // io_error
  '25006', // read_only_sql_transaction
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOSPC',
  'EROFS',
  'EIO',
  'QUERY_TIMEOUT', // our own deadline (PGlite), src/db/client.ts
]);
const storageMessage =
  /no space left on device|read-only file system|could not (write|extend|fsync|open file)|connection terminated|query read timeout/i;

/** The storage reason of an error (its cause chain included), or undefined for any other error. */
export function storageFaultOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && storageCodes.has(code)) return `${code}: ${firstLine(message)}`;
    if (typeof message === 'string' && storageMessage.test(message)) return firstLine(message);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function firstLine(message: unknown): string {
  // The first line only: drizzle puts the parameters on the next one.
  return String(message ?? '')
    .split('\n')[0]!
    .slice(0, 200);
}

export const STORAGE_FAULT_MESSAGE =
  'Hệ thống lưu trữ dữ liệu đang gặp sự cố nên tạm ngừng nhận yêu cầu. Vui lòng thử lại sau ít phút.';

export function createStorageHealth(deps: {
  database: Database;
  logger: Logger;
  probeEveryMs?: number;
  probeTimeoutMs?: number;
  watchEveryMs?: number;
}) {
  const probeEveryMs = deps.probeEveryMs ?? 2_000;
  const probeTimeoutMs = deps.probeTimeoutMs ?? 2_000;
  const watchEveryMs = deps.watchEveryMs ?? 2_000;
  let fault: { reason: string; since: Date } | undefined;
  let lastProbe = 0;
  let probing: Promise<void> | undefined;
  let pinging: Promise<void> | undefined;
  let latePings = 0;

  function markFaulted(reason: string) {
    if (!fault) deps.logger.error({ reason }, 'storage fault: refusing requests until a write succeeds');
    fault = { reason, since: fault?.since ?? new Date() };
  }

  function report(err: unknown): boolean {
    const reason = storageFaultOf(err);
    if (!reason) return false;
    markFaulted(reason);
    return true;
  }

  async function writeProbe() {
    await withDeadline(
      deps.database.db.transaction(async (tx) => {
        await tx.execute(sql`create temporary table storage_probe (x int) on commit drop`);
        await tx.execute(sql`insert into storage_probe values (1)`);
      }),
      probeTimeoutMs,
    );
  }

  /**
   * While healthy: `select 1` within probeTimeoutMs, one at a time; a failure or a late answer is a fault (a
   * database that does not answer a ping in seconds cannot serve requests either).
   */
  function ping(): Promise<void> {
    if (fault) return Promise.resolve();
    pinging ??= withDeadline(deps.database.ping(), probeTimeoutMs)
      .then(() => {
        latePings = 0;
      })
      .catch((err: unknown) => {
        // A late answer alone is a fault only on PostgreSQL and twice in a row: a pool busy for a moment under
        // load, or PGlite's one connection held by a long transaction (a demo seed, an import), is not a fault.
        if (err instanceof QueryTimeoutError) {
          latePings++;
          if (deps.database.kind === 'pglite' || latePings < 2) return;
          return markFaulted(`QUERY_TIMEOUT: ping unanswered for ${probeTimeoutMs} ms twice in a row`);
        }
        markFaulted(storageFaultOf(err) ?? `ping failed: ${firstLine((err as Error).message)}`);
      })
      .finally(() => {
        pinging = undefined;
      });
    return pinging;
  }

  /** While faulted: one probe at a time, at most every probeEveryMs; clears the fault when the write succeeds. */
  async function recheck(): Promise<void> {
    if (!fault) return;
    if (probing) return probing;
    if (Date.now() - lastProbe < probeEveryMs) return;
    lastProbe = Date.now();
    probing = writeProbe()
      .then(() => {
        deps.logger.warn({ after: fault?.reason }, 'storage recovered');
        fault = undefined;
      })
      .catch((err: unknown) => {
        fault = { reason: storageFaultOf(err) ?? firstLine((err as Error).message), since: fault!.since };
      })
      .finally(() => {
        probing = undefined;
      });
    return probing;
  }

  /**
   * In front of every route but /health and /metrics: 503 at once while faulted. A due re-check starts in the
   * background and is not awaited: a refusal never waits on the database it is refusing for.
   */
  function guard(): RequestHandler {
    return (req, res, next) => {
      if (!fault || req.path === '/health' || req.path === '/metrics') return next();
      void recheck();
      res.status(503).setHeader('retry-after', '5');
      res.json({ error: { code: 'unavailable', message: STORAGE_FAULT_MESSAGE } });
    };
  }

  /** Healthy: ping; faulted: a due write probe. What /health calls before it answers. */
  async function check() {
    await (fault ? recheck() : ping());
    return fault;
  }

  /**
   * Pings (or probes) every watchEveryMs, so a silent database is noticed, and a recovery made, without traffic.
   * Every instance watches its own storage, JOBS=0 too: the job runner starts and stops it with the others.
   */
  const watch = {
    id: 'storage-watch',
    schedule: { everyMs: watchEveryMs, atStart: false },
    everyInstance: true,
    handler: async () => void (await check()),
  } satisfies JobDefinition;

  return {
    report,
    recheck,
    check,
    guard,
    /** The storage watch, a job for the app's runner. */
    watch,
    /** For /health: undefined when writes work. */
    get fault() {
      return fault;
    },
  };
}

export type StorageHealth = ReturnType<typeof createStorageHealth>;
