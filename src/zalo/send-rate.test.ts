import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { createTestDatabase } from '../../test/helpers/db.ts';
import { SendRateLimiter } from './send-rate.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(SendRateLimiter.name, () => {
  it('grants at most the burst at once, then refuses with the wait until the next token', async () => {
    // 2/s: one token every 500 ms, far more than two statements take
    const limiter = new SendRateLimiter(database.db, 2, undefined, { key: 'burst' }); // burst 1
    expect(limiter.burst).toBe(1);
    expect((await limiter.tryTake(1, 'reply')).granted).toBe(true);
    const refused = await limiter.tryTake(1, 'reply');
    expect(refused.granted).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(0);
    expect(refused.waitMs).toBeLessThanOrEqual(500 + 1);
  });

  it('two limiters on one row (two instances) share one bucket', async () => {
    const a = new SendRateLimiter(database.db, 2, undefined, { key: 'shared' });
    const b = new SendRateLimiter(database.db, 2, undefined, { key: 'shared' });
    expect((await a.tryTake(1, 'reply')).granted).toBe(true);
    expect((await b.tryTake(1, 'reply')).granted).toBe(false); // a emptied the bucket b uses too
  });

  it('holds broadcasts back while replies to waiting citizens ask for permits', async () => {
    const limiter = new SendRateLimiter(database.db, 20, undefined, { key: 'prio', replyHoldMs: 1000 }); // burst 1
    expect((await limiter.tryTake(1, 'reply')).granted).toBe(true);
    await pause(80); // one token is back
    expect((await limiter.tryTake(1, 'bulk')).granted).toBe(false); // a reply asked less than 1 s ago
    expect((await limiter.tryTake(1, 'reply')).granted).toBe(true); // the token was there, for replies
    await pause(1100);
    expect((await limiter.tryTake(1, 'bulk')).granted).toBe(true); // no reply demand any more
  });

  it('halves the rate for everyone on -32 and climbs back to the full rate', async () => {
    // A slow recovery (60 s) while checking the halving: a loaded machine's delays then barely move the factor.
    const limiter = new SendRateLimiter(database.db, 100, undefined, { key: 'slow', recoverySeconds: 60 });
    await limiter.tryTake(1, 'reply');
    await limiter.slowDown();
    const other = new SendRateLimiter(database.db, 100, undefined, { key: 'slow', recoverySeconds: 60 });
    const after = await other.tryTake(1, 'reply'); // another instance sees it
    expect(after.factor).toBeGreaterThanOrEqual(0.5);
    expect(after.factor).toBeLessThan(0.6); // recovers by 1/120 a second from 0.5
    await limiter.slowDown();
    expect((await limiter.tryTake(1, 'reply')).factor).toBeLessThan(after.factor * 0.6);
    const quick = new SendRateLimiter(database.db, 100, undefined, { key: 'slow', recoverySeconds: 2 });
    await pause(2_200);
    expect((await quick.tryTake(1, 'reply')).factor).toBe(1);
  });

  it('waits for its permits instead of failing', async () => {
    const limiter = new SendRateLimiter(database.db, 50, undefined, { key: 'wait' }); // burst 3
    const started = Date.now();
    for (let i = 0; i < 8; i++) await limiter.take(1, 'reply');
    // 8 permits at 50/s with a burst of 3 need at least 5 refills of 20 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 20 - 5);
  });
});
