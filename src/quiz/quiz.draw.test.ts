import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  drawQuestions,
  isCorrect,
  scoreAttempt,
  shuffle,
  toBankChoices,
  type BankQuestion,
} from './quiz.draw.ts';

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

describe(scoreAttempt.name, () => {
  it('gives full marks for the key mapped through the shown order, and none for a superset or subset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer(),
        fc.integer({ min: 1, max: 6 }),
        (n, seed, k) => {
          const correct = shuffle(
            Array.from({ length: n }, (_, i) => i),
            seeded(seed),
          ).slice(0, Math.min(k, n));
          const q: BankQuestion = {
            id: 'q',
            type: 'multiple',
            topic: 'cchc',
            options: Array.from({ length: n }, (_, i) => `${i}`),
            correct,
          };
          const order = shuffle(
            q.options.map((_, i) => i),
            seeded(seed + 1),
          );
          const display = order.flatMap((bankIdx, disp) => (correct.includes(bankIdx) ? [disp] : []));
          const bank = new Map([[q.id, q]]);
          expect(
            scoreAttempt([{ questionId: 'q', order }], [{ questionId: 'q', choices: display }], bank).score,
          ).toBe(1);
          if (display.length < n) {
            const extra = order.findIndex((b) => !correct.includes(b));
            expect(
              scoreAttempt(
                [{ questionId: 'q', order }],
                [{ questionId: 'q', choices: [...display, extra] }],
                bank,
              ).score,
            ).toBe(0);
          }
          expect(
            scoreAttempt([{ questionId: 'q', order }], [{ questionId: 'q', choices: display.slice(1) }], bank)
              .score,
          ).toBe(0);
        },
      ),
    );
  });

  it('ignores answers to questions not drawn, out-of-range choices and repeated answers', () => {
    const q: BankQuestion = { id: 'q', type: 'single', topic: 'cchc', options: ['a', 'b'], correct: [1] };
    const bank = new Map([[q.id, q]]);
    const drawn = [{ questionId: 'q', order: [1, 0] }];
    expect(scoreAttempt(drawn, [{ questionId: 'x', choices: [0] }], bank).score).toBe(0);
    expect(scoreAttempt(drawn, [{ questionId: 'q', choices: [0, 7, -1] }], bank).score).toBe(1);
    expect(
      scoreAttempt(
        drawn,
        [
          { questionId: 'q', choices: [1] },
          { questionId: 'q', choices: [0] },
        ],
        bank,
      ).score,
    ).toBe(0);
    expect(toBankChoices([1, 0], [0, 0])).toEqual([1]);
    expect(isCorrect([0, 2], [2, 0])).toBe(true);
  });
});
