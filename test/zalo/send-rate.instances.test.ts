import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp } from '../../src/app.ts';
import { rowsOf } from '../../src/db/client.ts';
import { enqueueReplies } from '../../src/chat/outbox.service.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Two app instances on one database, each with its own outbox worker and its own limiter object, against the fake
 * Zalo: the OA's send rate is one, so what Zalo receives per second stays under ZALO_SEND_RATE_PER_SECOND.
 */
const RATE = 20;
let t: TestApp;
let fake: FakeZalo;

beforeAll(async () => {
  fake = await startFakeZalo({ acceptAnyAccessToken: true });
  t = await createTestApp({
    config: {
      ZALO_API_BASE: fake.url,
      ZALO_OAUTH_BASE: fake.url,
      ZALO_ACCESS_TOKEN: 'tok',
      ZALO_REFRESH_TOKEN: 'ref',
      ZALO_SEND_RATE_PER_SECOND: String(RATE),
    },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const replies = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `${prefix}:${i}`,
    followerId: null,
    zaloUserId: `${prefix}-${i}`,
    kind: 'cs' as const,
    message: { type: 'text' as const, text: 'Xin chào' },
  }));

/** The most sends inside any window of `ms` milliseconds. */
function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('one send rate for every instance', () => {
  it('keeps two instances together under the configured rate, both doing work', async () => {
    const other = createApp({
      config: t.config,
      database: t.database,
      logger: createLogger('silent'),
      clock: t.clock,
    });
    await enqueueReplies(t.database.db, replies('two', 60), t.clock.now());
    fake.reset();
    const [a, b] = await Promise.all([t.chat.outbox.drain(), other.chat.outbox.drain()]);
    expect(a.sent + b.sent).toBe(60);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    const times = fake.sent.map((s) => s.at);
    expect(times).toHaveLength(60);
    // Permits are granted at RATE/s (plus a burst of 1). Arrivals at Zalo also carry the jitter between a permit and
    // its request (a database write, the HTTP call; on PGlite all on one thread), which can bunch a few hundred ms of
    // sends together (on a loaded CI machine, up to a second), so the check is over 2-second windows with a 30 %
    // allowance. Two separate limiters would let through twice the rate.
    expect(busiestWindow(times, 2000)).toBeLessThanOrEqual(Math.ceil(2 * RATE * 1.3) + 1);
    const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
    const measured = (times.length - 1) / spanSeconds;
    expect(measured).toBeLessThanOrEqual(RATE * 1.05);
  }, 30_000);

  it('slows every instance down when Zalo answers -32', async () => {
    fake.setOptions({ rateLimitPerSecond: 2 });
    await enqueueReplies(t.database.db, replies('slow', 6), t.clock.now());
    await t.chat.outbox.drain();
    fake.setOptions({ rateLimitPerSecond: 0 });
    expect(fake.stats.rateLimited).toBeGreaterThan(0);
    const [row] = rowsOf<{ rate_factor: number }>(
      await t.database.db.execute(sql`select rate_factor from zalo_send_rate where key = 'test-oa-id'`),
    );
    expect(Number(row!.rate_factor)).toBeLessThan(1);
  }, 30_000);
});
