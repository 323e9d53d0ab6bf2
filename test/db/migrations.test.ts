import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { withDatabase } from '../global-setup.ts';

const url = process.env.TEST_DATABASE_URL;
const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

async function tableCount(database: Database): Promise<number> {
  const res = await database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
  );
  return Number((res as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

async function appliedMigrations(database: Database): Promise<number> {
  const res = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number((res as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

describe('migrations', () => {
  it('are idempotent: a second run changes nothing', async () => {
    const database = await openDatabase({ pglite: await PGlite.create() });
    opened.push(database);
    await runMigrations(database);
    const tables = await tableCount(database);
    const applied = await appliedMigrations(database);
    expect(tables).toBeGreaterThan(0);
    await runMigrations(database);
    expect(await tableCount(database)).toBe(tables);
    expect(await appliedMigrations(database)).toBe(applied);
  });

  it('are safe when two run at once on one PGlite', async () => {
    const database = await openDatabase({ pglite: await PGlite.create() });
    opened.push(database);
    await Promise.all([runMigrations(database), runMigrations(database)]);
    expect(await tableCount(database)).toBeGreaterThan(0);
  });

  it.runIf(url)('are safe when two instances migrate one PostgreSQL database at once', async () => {
    const name = `cchc_mig_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const a = await openDatabase({ databaseUrl: withDatabase(url!, name) });
      const b = await openDatabase({ databaseUrl: withDatabase(url!, name) });
      await Promise.all([runMigrations(a), runMigrations(b)]);
      const applied = await appliedMigrations(a);
      expect(applied).toBeGreaterThan(0);
      await runMigrations(b);
      expect(await appliedMigrations(b)).toBe(applied);
      await a.close();
      await b.close();
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
