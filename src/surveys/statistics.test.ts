import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimate, targetStatus, weightedEstimate, wilson } from './statistics.ts';

describe(wilson.name, () => {
  it('matches known values', () => {
    // The example: 80 of 100 → 0.711–0.867.
    const i = wilson(80, 100)!;
    expect(i.lower).toBeCloseTo(0.7112, 4);
    expect(i.upper).toBeCloseTo(0.8666, 4);
    // 0 of 10: [0, z²/(n+z²)] = [0, 0.2775]; 10 of 10 mirrors it.
    expect(wilson(0, 10)!.lower).toBe(0);
    expect(wilson(0, 10)!.upper).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10)!.lower).toBeCloseTo(0.7225, 4);
    expect(wilson(10, 10)!.upper).toBe(1);
    // 37 of 50 (Newcombe 1998 style check): 0.6046–0.8411
    expect(wilson(37, 50)!.lower).toBeCloseTo(0.6046, 3);
    expect(wilson(37, 50)!.upper).toBeCloseTo(0.8411, 3);
  });

  it('says nothing for n = 0, without NaN', () => {
    expect(wilson(0, 0)).toBeNull();
    expect(estimate(0, 0, 0.8)).toEqual({
      n: 0,
      understands: 0,
      p: null,
      interval: null,
      status: 'undetermined',
    });
  });

  const counts = fc
    .integer({ min: 1, max: 100_000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('property: inside [0, 1] and lower ≤ p ≤ upper', () => {
    fc.assert(
      fc.property(counts, ([k, n]) => {
        const i = wilson(k, n)!;
        const p = k / n;
        expect(i.lower).toBeGreaterThanOrEqual(0);
        expect(i.upper).toBeLessThanOrEqual(1);
        expect(i.lower).toBeLessThanOrEqual(p);
        expect(i.upper).toBeGreaterThanOrEqual(p);
        expect(Number.isNaN(i.lower) || Number.isNaN(i.upper)).toBe(false);
      }),
    );
  });

  it('property: narrows as n grows at the same share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 2, max: 20 }),
        (k0, extra, factor) => {
          const n = k0 + extra;
          const small = wilson(k0, n)!;
          const big = wilson(k0 * factor, n * factor)!;
          expect(big.upper - big.lower).toBeLessThan(small.upper - small.lower);
        },
      ),
    );
  });
});

describe(targetStatus.name, () => {
  it('is met only when the whole interval clears the target, undetermined when it straddles it', () => {
    expect(estimate(80, 100, 0.8).status).toBe('undetermined');
    expect(estimate(900, 1000, 0.8).status).toBe('met');
    expect(estimate(600, 1000, 0.8).status).toBe('not_met');
    expect(estimate(30, 37, 0.8).status).toBe('undetermined');
  });

  it('property: status agrees with the interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (a, b, t) => {
          const [k, n] = a <= b ? [a, b] : [b, a];
          const e = estimate(k, n, t);
          if (e.status === 'met') expect(e.interval!.lower).toBeGreaterThanOrEqual(t);
          if (e.status === 'not_met') expect(e.interval!.upper).toBeLessThan(t);
          if (e.status === 'undetermined') expect(e.interval!.lower < t && e.interval!.upper >= t).toBe(true);
        },
      ),
    );
  });
});

describe(weightedEstimate.name, () => {
  const pop = new Map<string, number | null>([
    ['a', 10_000],
    ['b', 30_000],
    ['c', null],
  ]);

  it('weights communes by population and shrinks n by the design effect', () => {
    // a: 90 of 100 understand, b: 10 of 20. Unweighted 100/120 = 0.833; weighted (0.9·1 + 0.5·3)/4 = 0.6.
    const w = weightedEstimate(
      [
        { areaCode: 'a', n: 100, understands: 90 },
        { areaCode: 'b', n: 20, understands: 10 },
      ],
      pop,
      0.8,
    );
    if (!w.available) throw new Error(w.reason);
    expect(w.p).toBeCloseTo(0.6, 10);
    // nEff = 40000² / (10000²/100 + 30000²/20) = 1.6e9 / (1e6 + 4.5e7) = 34.78
    expect(w.nEffective).toBeCloseTo(34.7826, 3);
    expect(w.designEffect).toBeCloseTo(120 / 34.7826, 3);
    expect(w.status).toBe('not_met');
  });

  it('equals the unweighted share when samples are proportional to population', () => {
    const w = weightedEstimate(
      [
        { areaCode: 'a', n: 10, understands: 8 },
        { areaCode: 'b', n: 30, understands: 24 },
      ],
      pop,
      0.8,
    );
    if (!w.available) throw new Error(w.reason);
    expect(w.p).toBeCloseTo(0.8, 10);
    expect(w.nEffective).toBeCloseTo(40, 10);
  });

  it('is not available when a commune has no population or a response has no commune', () => {
    expect(weightedEstimate([{ areaCode: 'c', n: 5, understands: 4 }], pop, 0.8)).toEqual({
      available: false,
      reason: 'Chưa có số dân của 1 xã, phường (c) trong dữ liệu địa bàn.',
    });
    const none = weightedEstimate([{ areaCode: null, n: 3, understands: 1 }], pop, 0.8);
    expect(none.available).toBe(false);
    expect(weightedEstimate([], pop, 0.8)).toEqual({ available: false, reason: 'Chưa có câu trả lời.' });
  });

  it('property: weighted p lies between the smallest and largest commune share; nEffective ≤ n', () => {
    const cell = fc
      .integer({ min: 1, max: 500 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(
        cell,
        cell,
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        ([ka, na], [kb, nb], pa, pb) => {
          const w = weightedEstimate(
            [
              { areaCode: 'a', n: na, understands: ka },
              { areaCode: 'b', n: nb, understands: kb },
            ],
            new Map([
              ['a', pa],
              ['b', pb],
            ]),
            0.8,
          );
          if (!w.available) throw new Error(w.reason);
          const lo = Math.min(ka / na, kb / nb);
          const hi = Math.max(ka / na, kb / nb);
          expect(w.p).toBeGreaterThanOrEqual(lo - 1e-12);
          expect(w.p).toBeLessThanOrEqual(hi + 1e-12);
          expect(w.nEffective).toBeLessThanOrEqual(na + nb + 1e-9);
        },
      ),
    );
  });
});
