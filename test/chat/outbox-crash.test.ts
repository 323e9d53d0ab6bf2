import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { enqueueReplies, OUTBOX_MAX_IN_FLIGHT } from '../../src/chat/outbox.service.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { withDatabase } from '../global-setup.ts';

/**
 * The outbox in a child process (scripts/outbox-send-worker.ts) against the fake Zalo, SIGKILLed while it sends the
 * replies of 500 events, then restarted. As test/broadcasts/exactly-once.test.ts does for the broadcast sender:
 * PostgreSQL when TEST_DATABASE_URL is set, else a PGlite directory (one process at a time opens it).
 */
describe('outbox: kill -9 mid-send and restart', () => {
  const N = 500;
  let zalo: FakeZalo;
  let database: Database | undefined;
  let dataDir: string | undefined;
  let dbUrl: string | undefined;
  let dropName: string | undefined;

  beforeAll(async () => {
    zalo = await startFakeZalo({ acceptAnyAccessToken: true, latencyMs: 5 });
    const base = process.env.TEST_DATABASE_URL;
    if (base) {
      dropName = `cchc_t_outbox_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${dropName}`);
      await admin.end();
      dbUrl = withDatabase(base, dropName);
    } else dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-outbox-crash-'));
    database = await openDatabase({ databaseUrl: dbUrl, dataDir });
    await runMigrations(database);
  });
  afterAll(async () => {
    await zalo?.close();
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (dropName) {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${dropName} with (force)`);
      await admin.end();
    }
  });

  it('loses none beyond the requests in flight at the kill and sends none twice', async () => {
    // the replies of 500 events, keyed as the inbox keys them (<event>#<n>)
    const queued = await enqueueReplies(
      database!.db,
      Array.from({ length: N }, (_, i) => ({
        idempotencyKey: `msg:user_send_text:crash-${i}#0`,
        followerId: null,
        zaloUserId: `u-crash-${String(i).padStart(3, '0')}`,
        kind: 'cs' as const,
        message: { type: 'text' as const, text: `Trả lời ${i}` },
      })),
      new Date(Date.now() - 1_000),
    );
    expect(queued).toBe(N);
    if (dataDir) {
      await database!.close();
      database = undefined;
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ZALO_API_BASE: zalo.url,
      DATABASE_URL: dbUrl ?? '',
      DATA_DIR: dataDir ?? '',
      ZALO_SEND_RATE_PER_SECOND: '200',
      OUTBOX_RESERVE_MS: '1500',
      OUTBOX_SEND_LEASE_MS: '3000',
    };
    const start = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'scripts/outbox-send-worker.ts'], {
        env,
        stdio: 'inherit',
      });
    const exit = (c: ChildProcess) =>
      new Promise<number | null>((res) => c.once('exit', (code) => res(code)));
    let child = start();
    const deadline = Date.now() + 60_000;
    while (zalo.sent.length < N / 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(zalo.sent.length).toBeGreaterThanOrEqual(N / 3);
    child.kill('SIGKILL');
    await exit(child);
    expect(zalo.sent.length).toBeLessThan(N);
    child = start();
    expect(await exit(child)).toBe(0);

    database ??= await openDatabase({ databaseUrl: dbUrl, dataDir });
    const perUser = new Map<string, number>();
    for (const s of zalo.sent) perUser.set(s.userId, (perUser.get(s.userId) ?? 0) + 1);
    expect([...perUser.values()].filter((c) => c > 1)).toEqual([]); // none twice
    const rows = rowsOf<{ zalo_user_id: string; status: string }>(
      await database.db.execute(sql`select zalo_user_id, status from outbox_messages`),
    );
    const unknown = rows.filter((r) => r.status === 'unknown');
    expect(rows.filter((r) => r.status === 'sent').length + unknown.length).toBe(N); // all settled
    expect(unknown.length).toBeLessThanOrEqual(OUTBOX_MAX_IN_FLIGHT); // only the requests in flight
    // none lost beyond them: every citizen without the reply is one of the unknown rows
    const missing = rows.filter((r) => !perUser.has(r.zalo_user_id));
    expect(missing.every((r) => r.status === 'unknown')).toBe(true);
  }, 120_000);
});
