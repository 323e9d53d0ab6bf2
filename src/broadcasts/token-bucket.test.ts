import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenBucket } from './token-bucket.ts';

/** A virtual clock: sleeping advances time instantly. */
function virtual() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => void (t += ms),
    get t() {
      return t;
    },
  };
}

describe(TokenBucket.name, () => {
  it('never lets more than burst + rate × elapsed through', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 400 }),
        async (rate, n) => {
          const v = virtual();
          const bucket = new TokenBucket(rate, undefined, v.now, v.sleep);
          for (let i = 0; i < n; i++) await bucket.take(1);
          expect(n).toBeLessThanOrEqual(bucket.burst + (v.t / 1000) * rate + 1e-6);
          // and it does not wait much longer than needed
          expect(v.t / 1000).toBeLessThanOrEqual(Math.max(0, (n - bucket.burst) / rate) + 1 / rate + 1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('serves batches in order', async () => {
    const v = virtual();
    const bucket = new TokenBucket(10, 5, v.now, v.sleep);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => bucket.take(5).then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3]);
    expect(v.t).toBeCloseTo(1000, 0);
  });
});
