import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.ts';
import { enqueueReplies, OUTBOX_MAX_IN_FLIGHT } from '../../src/chat/outbox.service.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createChildDatabase, killMidSendAndRestart, type ChildDatabase } from '../helpers/crash.ts';

/**
 * The outbox in a child process (scripts/outbox-send-worker.ts) against the fake Zalo, SIGKILLed while it sends the
 * replies of 500 events, then restarted (test/helpers/crash.ts, as test/broadcasts/exactly-once.test.ts does for the
 * broadcast sender).
 */
describe('outbox: kill -9 mid-send and restart', () => {
  const N = 500;
  let zalo: FakeZalo;
  let database: ChildDatabase;

  beforeAll(async () => {
    zalo = await startFakeZalo({ acceptAnyAccessToken: true, latencyMs: 5 });
    database = await createChildDatabase('outbox');
  });
  afterAll(async () => {
    await zalo?.close();
    await database?.dispose();
  });

  it('loses none beyond the requests in flight at the kill and sends none twice', async () => {
    // the replies of 500 events, keyed as the inbox keys them (<event>#<n>)
    const queued = await enqueueReplies(
      (await database.open()).db,
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
    await database.handOver();
    const run = await killMidSendAndRestart({
      script: 'scripts/outbox-send-worker.ts',
      env: {
        ...database.env,
        ZALO_API_BASE: zalo.url,
        ZALO_SEND_RATE_PER_SECOND: '200',
        OUTBOX_RESERVE_MS: '1500',
        OUTBOX_SEND_LEASE_MS: '3000',
      },
      sent: () => zalo.sent.length,
      killAfter: N / 3,
      pollMs: 5,
    });
    expect(run.sentAtKill).toBeGreaterThanOrEqual(N / 3);
    expect(run.sentAfterKill).toBeLessThan(N);
    expect(run.restartExitCode).toBe(0);

    const perUser = new Map<string, number>();
    for (const s of zalo.sent) perUser.set(s.userId, (perUser.get(s.userId) ?? 0) + 1);
    expect([...perUser.values()].filter((c) => c > 1)).toEqual([]); // none twice
    const rows = rowsOf<{ zalo_user_id: string; status: string }>(
      await (await database.open()).db.execute(sql`select zalo_user_id, status from outbox_messages`),
    );
    const unknown = rows.filter((r) => r.status === 'unknown');
    expect(rows.filter((r) => r.status === 'sent').length + unknown.length).toBe(N); // all settled
    expect(unknown.length).toBeLessThanOrEqual(OUTBOX_MAX_IN_FLIGHT); // only the requests in flight
    // none lost beyond them: every citizen without the reply is one of the unknown rows
    const missing = rows.filter((r) => !perUser.has(r.zalo_user_id));
    expect(missing.every((r) => r.status === 'unknown')).toBe(true);
  }, 120_000);
});
