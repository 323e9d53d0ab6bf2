import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { lockDataDir, type ReleaseLock } from './pglite-lock.ts';

/** The Drizzle database, whichever driver is behind it (PGlite or node-postgres). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle; services accept `Db | Tx` where they may run inside a caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** An open database with the handles the app needs: queries, a health probe and shutdown. */
export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The raw driver, for migrations and tests that need a dedicated session. */
  raw: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
  poolMax?: number;
  /**
   * Longest a query may take (the server's statement_timeout on PostgreSQL, with a client-side read timeout 1 s
   * later for a server that stopped answering; a race around each query and transaction on PGlite). Unset: none.
   */
  queryTimeoutMs?: number;
  /** Longest a new PostgreSQL connection (or a wait for a free one in the pool) may take. Default 5 s. */
  connectTimeoutMs?: number;
  /** A ready PGlite instance (tests hand in a clone of a migrated template). */
  pglite?: PGlite;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  const timeoutMs = opts.queryTimeoutMs;
  if (opts.pglite) return openPglite(opts.pglite, timeoutMs);
  if (!opts.dataDir) return openPglite(await PGlite.create(), timeoutMs);
  // One process per PGlite directory: a second server or a CLI run beside the server is refused, not interleaved.
  const dir = path.resolve(opts.dataDir, 'pglite');
  const release = lockDataDir(path.resolve(opts.dataDir));
  try {
    mkdirSync(dir, { recursive: true });
    return openPglite(await PGlite.create(dir), timeoutMs, release);
  } catch (err) {
    release();
    throw err;
  }
}

function openPglite(
  client: PGlite,
  timeoutMs: number | undefined,
  release: ReleaseLock = () => undefined,
): Database {
  const guarded = timeoutMs ? withQueryDeadline(client, timeoutMs) : client;
  const db = drizzlePglite(guarded, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    raw: { kind: 'pglite', client },
    async ping() {
      if (closed || client.closed) throw new Error('database closed');
      await guarded.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (!client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  const timeouts = opts.queryTimeoutMs
    ? { statement_timeout: opts.queryTimeoutMs, query_timeout: opts.queryTimeoutMs + 1_000 }
    : {};
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    // A server that vanished without a FIN/RST is noticed by the OS instead of never.
    keepAlive: true,
    ...timeouts,
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'postgres',
    raw: { kind: 'postgres', pool },
    async ping() {
      if (closed) throw new Error('database closed');
      await db.execute(sql`select 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Raised when a query outlives its deadline (PGlite: the one in-process session is jammed). */
export class QueryTimeoutError extends Error {
  readonly code = 'QUERY_TIMEOUT';
  constructor(ms: number) {
    super(`database query timed out after ${ms} ms`);
    this.name = 'QueryTimeoutError';
  }
}

/** Rejects when `work` is not settled within `ms` (the work itself goes on: a promise cannot be cancelled). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueryTimeoutError(ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * PGlite runs every query of the process through one session, one at a time: a transaction that never ends (or a
 * query stuck behind it) would make every request wait forever. Each top-level query and transaction gets a
 * deadline instead; the error it raises is a storage fault (src/db/storage-health.ts), so requests fail fast with
 * 503 until a probe gets through. A query that spins inside the WebAssembly engine blocks the event loop itself and
 * no timer can end it; only a worker thread could, which PGlite does not offer on Node.
 */
function withQueryDeadline(client: PGlite, ms: number): PGlite {
  const guarded: Partial<PGlite> = {
    query: (...args: Parameters<PGlite['query']>) => withDeadline(client.query(...args), ms),
    exec: (...args: Parameters<PGlite['exec']>) => withDeadline(client.exec(...args), ms),
    transaction: (fn) => withDeadline(client.transaction(fn), ms),
  } as Partial<PGlite>;
  return new Proxy(client, {
    get(target, prop) {
      if (prop in guarded) return guarded[prop as keyof PGlite];
      const value = Reflect.get(target, prop, target) as unknown;
      // PGlite keeps its state in #private fields: its methods must run on the real instance, not the proxy.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Rows of a raw `db.execute(sql…)`: node-postgres and PGlite both answer `{ rows }`, but drizzle types them apart. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
