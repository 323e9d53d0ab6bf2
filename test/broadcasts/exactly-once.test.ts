import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../src/db/client.ts';
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
import { createChildDatabase, killMidSendAndRestart, type ChildDatabase } from '../helpers/crash.ts';
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
 * The sender runs in a child process against the fake Zalo server and is SIGKILLed mid-send, then restarted
 * (test/helpers/crash.ts).
 */
describe('exactly once: kill -9 mid-send and restart', () => {
  const N = 1200;
  let zalo: FakeZalo;
  let database: ChildDatabase;

  beforeAll(async () => {
    zalo = await startFakeZalo({ acceptAnyAccessToken: true });
    database = await createChildDatabase('crash');
    const db = await database.open();
    await loadReferenceData(db.db, './content');
    await seedFollowers(db, N);
  });
  afterAll(async () => {
    await zalo?.close();
    await database?.dispose();
  });

  it('no follower gets the item twice and none is skipped beyond the documented in-flight window', async () => {
    const h = harness(await database.open(), zalo.url);
    h.clock.set(new Date(Date.now() - 120_000));
    await dueBroadcast(h.deps, new Date(Date.now() - 60_000).toISOString());
    h.clock.set(new Date());
    // quiet hours off: the child uses the real clock, and CI may run at night
    const planned = await planDueBroadcast({
      ...h.deps,
      config: { ...h.config, QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' },
    });
    expect(planned?.planned).toBe(N);
    await database.handOver();
    const run = await killMidSendAndRestart({
      script: 'scripts/broadcast-send-worker.ts',
      env: {
        ...database.env,
        ZALO_API_BASE: zalo.url,
        BROADCAST_RATE_PER_SECOND: '300',
        BROADCAST_LEASE_SECONDS: '5',
        QUIET_HOURS_START: '00:00',
        QUIET_HOURS_END: '00:00',
      },
      sent: () => zalo.sent.length,
      killAfter: N / 3,
      pollMs: 10,
    });
    expect(run.sentAtKill).toBeGreaterThanOrEqual(N / 3);
    expect(run.sentAfterKill).toBeLessThan(N);
    expect(run.restartExitCode).toBe(0);

    const db = await database.open();
    const counts = perUser(zalo);
    expect([...counts.values()].filter((c) => c > 1)).toEqual([]); // no duplicates
    const rows = await deliveryCounts(db);
    const unknown = rows.find((r) => r.reason === 'outcome_unknown')?.n ?? 0;
    const sent = rows.find((r) => r.status === 'sent')?.n ?? 0;
    expect(sent + unknown).toBe(N); // every row settled: sent, or in flight at the kill
    expect(unknown).toBeLessThanOrEqual(64); // at most chunkSize × lanes requests were in flight
    // none skipped: everyone without a receipt is one of the in-flight rows at the kill
    expect(N - counts.size).toBeLessThanOrEqual(unknown);
    const notReceived = rowsOf<{ zalo_user_id: string; reason: string | null }>(
      await db.db.execute(sql`select zalo_user_id, error_reason as reason from broadcast_deliveries`),
    ).filter((r) => !counts.has(r.zalo_user_id));
    expect(notReceived.every((r) => r.reason === 'outcome_unknown')).toBe(true);
  }, 120_000);
});
