import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database, rowsOf } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadPlan } from '../../src/plan/plan.service.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createItem, transitionItem } from '../../src/broadcasts/content.service.ts';
import { contentInputSchema } from '../../src/broadcasts/content.limits.ts';
import { scheduleInputSchema, scheduleItem } from '../../src/broadcasts/broadcast.service.ts';
import { planDueBroadcast } from '../../src/broadcasts/planner.ts';
import { BroadcastSender } from '../../src/broadcasts/sender.ts';
import type { SenderDeps } from '../../src/broadcasts/broadcasts.deps.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { withDatabase } from '../global-setup.ts';
import { approver, editor, harness, seedFollowers } from './helpers.ts';

async function dueBroadcast(deps: SenderDeps, at: string) {
  const author = editor();
  const boss = approver();
  const item = await createItem(
    deps,
    author,
    contentInputSchema.parse({
      title: 'Dịch vụ công trực tuyến',
      textVi: 'Nộp hồ sơ trực tuyến tại dichvucong.gov.vn.',
    }),
  );
  await transitionItem(deps, author, item.id, 'submit');
  await transitionItem(deps, boss, item.id, 'approve');
  return scheduleItem(deps, boss, item.id, scheduleInputSchema.parse({ scheduledAt: at }));
}

function perUser(zalo: FakeZalo) {
  const m = new Map<string, number>();
  for (const s of zalo.sent) m.set(s.userId, (m.get(s.userId) ?? 0) + 1);
  return m;
}

async function deliveryCounts(db: Database) {
  return rowsOf<{ status: string; reason: string | null; n: number }>(
    await db.db.execute(
      sql`select status, error_reason as reason, count(*)::int as n from broadcast_deliveries group by 1, 2`,
    ),
  ).map((r) => ({ ...r, n: Number(r.n) }));
}

describe('exactly once: two workers at once', () => {
  let database: Database;
  let zalo: FakeZalo;
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadReferenceData(database.db, './content');
    await loadPlan(database.db, './content', 2025);
    await seedFollowers(database, 1500);
    zalo = await startFakeZalo({ acceptAnyAccessToken: true, latencyMs: 1 });
  });
  afterAll(async () => {
    await zalo?.close();
    await database?.close();
  });

  it('plans once and sends each follower one message when two instances race', async () => {
    const h = harness(database, zalo.url);
    h.clock.set('2025-06-02T02:00:00Z');
    await dueBroadcast(h.deps, '2025-06-02T09:30:00+07:00');
    h.clock.set('2025-06-02T03:00:00Z');
    const plans = await Promise.all([planDueBroadcast(h.deps), planDueBroadcast(h.deps)]);
    expect(plans.filter(Boolean)).toHaveLength(1);
    const a = new BroadcastSender(h.deps, { workerId: 'a', reserveSize: 100, chunkSize: 8, lanes: 2 });
    const b = new BroadcastSender(h.deps, { workerId: 'b', reserveSize: 100, chunkSize: 8, lanes: 2 });
    const [ta, tb] = await Promise.all([a.drain(), b.drain()]);
    expect(ta.sent + tb.sent).toBe(1500);
    expect(ta.sent).toBeGreaterThan(0);
    expect(tb.sent).toBeGreaterThan(0);
    const counts = perUser(zalo);
    expect(counts.size).toBe(1500);
    expect([...counts.values()].filter((c) => c > 1)).toEqual([]);
    expect(await deliveryCounts(database)).toEqual([{ status: 'sent', reason: null, n: 1500 }]);
  });
});

/**
 * The sender runs in a child process against the fake Zalo server and is SIGKILLed mid-send, then restarted.
 * PostgreSQL when TEST_DATABASE_URL is set, else a PGlite directory (one process at a time opens it).
 */
describe('exactly once: kill -9 mid-send and restart', () => {
  const N = 1200;
  let zalo: FakeZalo;
  let database: Database | undefined;
  let dataDir: string | undefined;
  let dbUrl: string | undefined;
  let dropName: string | undefined;

  beforeAll(async () => {
    zalo = await startFakeZalo({ acceptAnyAccessToken: true });
    const base = process.env.TEST_DATABASE_URL;
    if (base) {
      dropName = `cchc_t_crash_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${dropName}`);
      await admin.end();
      dbUrl = withDatabase(base, dropName);
    } else dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-crash-'));
    database = await openDatabase({ databaseUrl: dbUrl, dataDir });
    await runMigrations(database);
    await loadReferenceData(database.db, './content');
    await seedFollowers(database, N);
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

  it('no follower gets the item twice and none is skipped beyond the documented in-flight window', async () => {
    const h = harness(database!, zalo.url);
    h.clock.set(new Date(Date.now() - 120_000));
    await dueBroadcast(h.deps, new Date(Date.now() - 60_000).toISOString());
    h.clock.set(new Date());
    // quiet hours off: the child uses the real clock, and CI may run at night
    const planned = await planDueBroadcast({
      ...h.deps,
      config: { ...h.config, QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' },
    });
    expect(planned?.planned).toBe(N);
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
      BROADCAST_RATE_PER_SECOND: '300',
      BROADCAST_LEASE_SECONDS: '5',
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    };
    const start = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'scripts/broadcast-send-worker.ts'], {
        env,
        stdio: 'inherit',
      });
    const exit = (c: ChildProcess) =>
      new Promise<number | null>((res) => c.once('exit', (code) => res(code)));
    let child = start();
    const deadline = Date.now() + 60_000;
    while (zalo.sent.length < N / 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(zalo.sent.length).toBeGreaterThanOrEqual(N / 3);
    child.kill('SIGKILL');
    await exit(child);
    const atKill = zalo.sent.length;
    expect(atKill).toBeLessThan(N);
    child = start();
    expect(await exit(child)).toBe(0);

    database ??= await openDatabase({ databaseUrl: dbUrl, dataDir });
    const counts = perUser(zalo);
    expect([...counts.values()].filter((c) => c > 1)).toEqual([]); // no duplicates
    const rows = await deliveryCounts(database);
    const unknown = rows.find((r) => r.reason === 'outcome_unknown')?.n ?? 0;
    const sent = rows.find((r) => r.status === 'sent')?.n ?? 0;
    expect(sent + unknown).toBe(N); // every row settled: sent, or in flight at the kill
    expect(unknown).toBeLessThanOrEqual(64); // at most chunkSize × lanes requests were in flight
    // none skipped: everyone without a receipt is one of the in-flight rows at the kill
    expect(N - counts.size).toBeLessThanOrEqual(unknown);
    const notReceived = rowsOf<{ zalo_user_id: string; reason: string | null }>(
      await database.db.execute(sql`select zalo_user_id, error_reason as reason from broadcast_deliveries`),
    ).filter((r) => !counts.has(r.zalo_user_id));
    expect(notReceived.every((r) => r.reason === 'outcome_unknown')).toBe(true);
  }, 120_000);
});
