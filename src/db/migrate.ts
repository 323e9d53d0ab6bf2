import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Arbitrary but fixed: every instance of this app takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_246_001;

const pgliteMigrations = new WeakMap<PGlite, Promise<void>>();

/**
 * Applies pending migrations. On PostgreSQL a session-level advisory lock serialises instances
 * that start together: the second waits, then finds nothing left to do.
 */
export async function runMigrations(database: Database): Promise<void> {
  if (database.raw.kind === 'pglite') {
    // PGlite is one in-process session, where advisory locks are re-entrant: serialise in the process instead.
    const client = database.raw.client;
    const previous = pgliteMigrations.get(client) ?? Promise.resolve();
    const current = previous
      .catch(() => undefined)
      .then(() => migratePglite(drizzlePglite(client), { migrationsFolder }));
    pgliteMigrations.set(client, current);
    return current;
  }
  // A session of its own, without the pool's query timeouts: a migration may rewrite a large table.
  const { statement_timeout: _s, query_timeout: _q, ...options } = database.raw.pool.options;
  const conn = new pg.Client(options);
  await conn.connect();
  try {
    await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg(conn), { migrationsFolder });
    } finally {
      await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await conn.end();
  }
}
