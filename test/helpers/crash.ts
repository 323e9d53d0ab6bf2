import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { withDatabase } from '../global-setup.ts';

/**
 * A migrated database that a worker in a child process opens too: a new PostgreSQL database when TEST_DATABASE_URL
 * is set, else a PGlite directory. A PGlite directory admits one process at a time, so the test hands it over
 * (`handOver`) before starting the worker and opens it again (`open`) once the worker has exited.
 */
export interface ChildDatabase {
  /** DATABASE_URL and DATA_DIR for the child's environment. */
  env: { DATABASE_URL: string; DATA_DIR: string };
  /** The test's own connection (opened again if it was handed over). */
  open(): Promise<Database>;
  /** Closes the test's connection when only one process may hold the database. */
  handOver(): Promise<void>;
  /** Closes the connection and deletes the database. */
  dispose(): Promise<void>;
}

async function onAdmin(url: string, query: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(query);
  } finally {
    await admin.end();
  }
}

/** `name` tells the test's database or directory apart from other files' (cchc_t_<name>_…, cchc-<name>-…). */
export async function createChildDatabase(name: string): Promise<ChildDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  let dbName: string | undefined;
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  if (base) {
    dbName = `cchc_t_${name}_${randomBytes(4).toString('hex')}`;
    await onAdmin(base, `create database ${dbName}`);
    databaseUrl = withDatabase(base, dbName);
  } else dataDir = await mkdtemp(path.join(os.tmpdir(), `cchc-${name}-`));
  let database: Database | undefined = await openDatabase({ databaseUrl, dataDir });
  await runMigrations(database);
  return {
    env: { DATABASE_URL: databaseUrl ?? '', DATA_DIR: dataDir ?? '' },
    async open() {
      database ??= await openDatabase({ databaseUrl, dataDir });
      return database;
    },
    async handOver() {
      if (!dataDir) return;
      await database?.close();
      database = undefined;
    },
    async dispose() {
      await database?.close();
      database = undefined;
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      if (base && dbName) await onAdmin(base, `drop database if exists ${dbName} with (force)`);
    },
  };
}

/** What the sent counter read around the kill, and how the restarted worker exited. */
export interface CrashRun {
  /** Sent when SIGKILL was given (at least `killAfter` unless the wait timed out). */
  sentAtKill: number;
  /** Sent once the killed process had exited: requests already on the wire may still have landed. */
  sentAfterKill: number;
  /** The restarted worker's exit code; 0 when it drained the rest. */
  restartExitCode: number | null;
}

/**
 * Runs a send worker script (`node --import tsx <script>`), SIGKILLs it once `sent()` reaches `killAfter` (or after
 * `waitMs`), then starts it again and waits for it to finish. The caller asserts on the figures and on the stored
 * state: nothing sent twice, nothing lost beyond what was in flight.
 */
export async function killMidSendAndRestart(opts: {
  script: string;
  env: NodeJS.ProcessEnv;
  sent: () => number;
  killAfter: number;
  pollMs: number;
  waitMs?: number;
}): Promise<CrashRun> {
  // The exit is awaited from the spawn on, so a worker that dies before the kill is not waited for forever.
  const start = (): { child: ChildProcess; exited: Promise<number | null> } => {
    const child = spawn(process.execPath, ['--import', 'tsx', opts.script], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...opts.env },
      stdio: 'inherit',
    });
    return { child, exited: new Promise((res) => child.once('exit', (code) => res(code))) };
  };
  const first = start();
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  while (opts.sent() < opts.killAfter && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, opts.pollMs));
  const sentAtKill = opts.sent();
  first.child.kill('SIGKILL');
  await first.exited;
  const sentAfterKill = opts.sent();
  const restartExitCode = await start().exited;
  return { sentAtKill, sentAfterKill, restartExitCode };
}
