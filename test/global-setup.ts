import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { buildWebIfStale } from './helpers/browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    pgRunId: string;
  }
}

/**
 * Builds the web bundles if stale and migrates once for the whole run. PGlite: a migrated data directory dumped to a tarball that each
 * test file loads (cheaper than migrating per file). PostgreSQL: a template database each file copies.
 */
export default async function setup(project: TestProject) {
  // The browser tests serve the built console and mini-app: build them here, once, before any worker starts.
  buildWebIfStale({ quiet: true });
  const url = process.env.TEST_DATABASE_URL;
  if (url) return setupPostgres(project, url);
  const client = await PGlite.create();
  const database = await openDatabase({ pglite: client });
  await runMigrations(database);
  const dump = await client.dumpDataDir('none');
  const dir = path.resolve('.tmp');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  project.provide('pgRunId', '');
}

async function setupPostgres(project: TestProject, url: string) {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const template = `cchc_tmpl_${runId}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, template), poolMax: 2 });
  await runMigrations(database);
  await database.close();
  project.provide('pgliteTemplate', '');
  project.provide('pgTemplate', template);
  project.provide('pgRunId', runId);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`cchc_%${runId}%`],
    );
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
