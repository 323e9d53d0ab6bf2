import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawQuestions, type BankQuestion } from './quiz.draw.ts';

const bankArb = fc
  .array(
    fc.record({
      topic: fc.constantFrom('cchc', 'dvc', 'vneid'),
      type: fc.constantFrom('single' as const, 'multiple' as const, 'truefalse' as const),
      n: fc.integer({ min: 2, max: 6 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((rows) =>
    rows.map((r, i): BankQuestion => ({
      id: `q${i}`,
      topic: r.topic,
      type: r.type,
      options: Array.from({ length: r.type === 'truefalse' ? 2 : r.n }, (_, j) => `o${j}`),
      correct: [0],
    })),
  );
const seeded = (seed: number) => {
  let s = seed >>> 0 || 1;
  return (max: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % max;
  };
};

describe(drawQuestions.name, () => {
  it('draws distinct questions, honours topic counts when the bank has them, and permutes options', () => {
    fc.assert(
      fc.property(
        bankArb,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (bank, perTopic, total, seed) => {
          const byTopic = { cchc: perTopic, dvc: perTopic };
          const drawn = drawQuestions(bank, byTopic, Math.max(total, 2 * perTopic), seeded(seed));
          const ids = drawn.map((d) => d.questionId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(drawn.length).toBe(Math.min(bank.length, Math.max(total, 2 * perTopic)));
          for (const topic of ['cchc', 'dvc']) {
            const available = bank.filter((q) => q.topic === topic).length;
            const got = drawn.filter((d) => bank.find((q) => q.id === d.questionId)!.topic === topic).length;
            expect(got).toBeGreaterThanOrEqual(Math.min(perTopic, available));
          }
          for (const d of drawn) {
            const q = bank.find((b) => b.id === d.questionId)!;
            expect([...d.order].sort()).toEqual(q.options.map((_, i) => i));
            if (q.type === 'truefalse') expect(d.order).toEqual([0, 1]);
          }
        },
      ),
    );
  });
});
