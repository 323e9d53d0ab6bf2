import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shuffle, type BankQuestion } from './quiz.draw.ts';
import { isCorrect, scoreAttempt, toBankChoices } from './quiz.scoring.ts';

const seeded = (seed: number) => {
  let s = seed >>> 0 || 1;
  return (max: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % max;
  };
};

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
