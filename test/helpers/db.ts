import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { withDatabase } from '../global-setup.ts';
import { runMigrations } from '../../src/db/migrate.ts';

let templateBlob: Blob | undefined;

/**
 * A fresh, migrated, empty database for one test file: a PGlite loaded from the run's template,
 * or, with TEST_DATABASE_URL, a new PostgreSQL database copied from the run's template (dropped on close).
 */
export async function createTestDatabase(
  opts: { engine?: 'pglite'; queryTimeoutMs?: number } = {},
): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url && !opts.engine) return createPostgresTestDatabase(url);
  if (!url) templateBlob ??= new Blob([await readFile(inject('pgliteTemplate'))]);
  // On a PostgreSQL run there is no PGlite template: a PGlite asked for by name is migrated here.
  const client = url ? await PGlite.create() : await PGlite.create({ loadDataDir: templateBlob });
  const database = await openDatabase({ pglite: client, queryTimeoutMs: opts.queryTimeoutMs });
  if (url) await runMigrations(database);
  return database;
}

async function createPostgresTestDatabase(url: string): Promise<Database> {
  const name = `cchc_t_${inject('pgRunId')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolMax: 10 });
  const close = database.close.bind(database);
  return {
    ...database,
    async close() {
      await close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).finally(() => a.end());
    },
  };
}

/** True when the suite runs against a real PostgreSQL server rather than PGlite. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
