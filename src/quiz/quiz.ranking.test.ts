import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isBetterAttempt, rankComparator, rankEntries, type RankEntry } from './quiz.ranking.ts';
import { tieBreakKeys, type TieBreakKey } from './quiz.schema.ts';

// Small value ranges on purpose: ties on every key must happen often for the properties to bite.
const entryArb = fc.record({
  participantId: fc.uuid(),
  score: fc.integer({ min: 0, max: 3 }),
  durationMs: fc.integer({ min: 0, max: 3 }).map((n) => n * 1000),
  prediction: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  submittedAt: fc.integer({ min: 0, max: 3 }).map((n) => new Date(Date.UTC(2025, 5, 2, 0, n))),
});
const entriesArb = fc.uniqueArray(entryArb, { selector: (e) => e.participantId, maxLength: 40 });
const tieBreakArb = fc.shuffledSubarray([...tieBreakKeys], { minLength: 1 }) as fc.Arbitrary<TieBreakKey[]>;
const actualArb = fc.integer({ min: 0, max: 6 });

const view = (r: ReturnType<typeof rankEntries>) => r.map((x) => [x.entry.participantId, x.rank, x.tied]);

describe(rankEntries.name, () => {
  it('does not depend on input order', () => {
    fc.assert(
      fc.property(entriesArb, tieBreakArb, actualArb, fc.integer(), (entries, tb, actual, seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
          { seed, numRuns: 1 },
        )[0]!;
        expect(view(rankEntries(shuffled, tb, actual))).toEqual(view(rankEntries(entries, tb, actual)));
      }),
    );
  });

  it('orders by the tie-break keys in their configured order', () => {
    fc.assert(
      fc.property(entriesArb, tieBreakArb, actualArb, (entries, tb, actual) => {
        const ranked = rankEntries(entries, tb, actual);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1]!.entry, ranked[i]!.entry];
          // Lexicographic check written independently of the comparator: first differing key decides.
          for (const k of tb) {
            const ka = keyValue(k, a, actual);
            const kb = keyValue(k, b, actual);
            if (ka !== kb) {
              expect(ka).toBeLessThan(kb);
              break;
            }
          }
        }
      }),
    );
  });

  it('gives equal ranks exactly to entries equal on every key, and competition ranks otherwise', () => {
    fc.assert(
      fc.property(entriesArb, tieBreakArb, actualArb, (entries, tb, actual) => {
        const ranked = rankEntries(entries, tb, actual);
        const cmp = rankComparator(tb, actual);
        ranked.forEach((r, i) => {
          const better = ranked.filter((o) => cmp(o.entry, r.entry) < 0).length;
          expect(r.rank).toBe(better + 1);
          const tiedWith = ranked.filter((o, j) => j !== i && cmp(o.entry, r.entry) === 0);
          expect(r.tied).toBe(tiedWith.length > 0);
          for (const o of tiedWith) expect(o.rank).toBe(r.rank);
        });
      }),
    );
  });

  it('ranks the common Vietnamese format: score, then time, then closest prediction, then earliest submit', () => {
    const t = (m: number) => new Date(Date.UTC(2025, 5, 2, 0, m));
    const e = (
      id: string,
      score: number,
      durationMs: number,
      prediction: number | null,
      m: number,
    ): RankEntry => ({
      participantId: id,
      score,
      durationMs,
      prediction,
      submittedAt: t(m),
    });
    const ranked = rankEntries(
      [
        e('d', 9, 60_000, 100, 1),
        e('a', 9, 50_000, 500, 3),
        e('b', 9, 60_000, 98, 5),
        e('c', 9, 60_000, 102, 0),
        e('e', 8, 1_000, 100, 0),
        e('f', 9, 60_000, 98, 5),
      ],
      undefined,
      100,
    );
    expect(ranked.map((r) => [r.entry.participantId, r.rank, r.tied])).toEqual([
      ['a', 1, false],
      ['d', 2, false],
      ['c', 3, false],
      ['b', 4, true],
      ['f', 4, true],
      ['e', 6, false],
    ]);
  });
});

function keyValue(k: TieBreakKey, e: RankEntry, actual: number): number {
  switch (k) {
    case 'score':
      return -e.score;
    case 'duration':
      return e.durationMs;
    case 'prediction':
      return e.prediction === null ? Infinity : Math.abs(e.prediction - actual);
    case 'submittedAt':
      return e.submittedAt.getTime();
  }
}

describe(isBetterAttempt.name, () => {
  it('is a strict order consistent with score ↓, duration ↑, submit ↑', () => {
    fc.assert(
      fc.property(entryArb, entryArb, (a, b) => {
        const ab = isBetterAttempt(a, b);
        const ba = isBetterAttempt(b, a);
        expect(ab && ba).toBe(false);
        const same =
          a.score === b.score &&
          a.durationMs === b.durationMs &&
          a.submittedAt.getTime() === b.submittedAt.getTime();
        expect(ab || ba).toBe(!same);
        if (a.score !== b.score) expect(ab).toBe(a.score > b.score);
      }),
    );
  });
});
