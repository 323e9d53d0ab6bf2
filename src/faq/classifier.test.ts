import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trainSoftmax } from './classifier.ts';
import { fitLogistic } from './calibration.ts';
import { questionFeatures } from './features.ts';

describe(trainSoftmax.name, () => {
  const examples = [
    ['đăng ký định danh điện tử mức 2', 0],
    ['dang ky dinh danh muc 2 o dau', 0],
    ['làm tài khoản định danh vneid', 0],
    ['quên mật khẩu vneid', 1],
    ['quen mat khau vneid lay lai sao', 1],
    ['đổi mật khẩu tài khoản vneid', 1],
    ['giá vàng hôm nay', 2],
    ['thời tiết ngày mai', 2],
    ['kết quả bóng đá', 2],
  ] as const;
  const model = trainSoftmax(
    examples.map(([text, label]) => ({ features: questionFeatures(text), label })),
    3,
  );

  it('learns its training texts and generalises to a rewording without diacritics or with a typo', () => {
    const best = (q: string) => {
      const p = model.probabilities(questionFeatures(q));
      return p.indexOf(Math.max(...p));
    };
    for (const [text, label] of examples) expect(best(text), text).toBe(label);
    expect(best('dang ki dinh danh dien tu')).toBe(0);
    expect(best('quen mat khao vneid')).toBe(1);
  });

  it('gives probabilities in [0, 1] that sum to 1 for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        const p = model.probabilities(questionFeatures(q));
        const sum = p.reduce((s, x) => s + x, 0);
        expect(sum).toBeCloseTo(1, 6);
        for (const x of p) expect(x >= 0 && x <= 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('trains the same model twice from the same seed', () => {
    const again = trainSoftmax(
      examples.map(([text, label]) => ({ features: questionFeatures(text), label })),
      3,
    );
    const q = questionFeatures('vneid mật khẩu');
    expect(Array.from(again.probabilities(q))).toEqual(Array.from(model.probabilities(q)));
  });
});

describe(fitLogistic.name, () => {
  it('recovers a monotone relation: higher scores get higher probabilities, near the observed rates', () => {
    // y = 1 with probability x, for x on a grid.
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 20; i++)
      for (let j = 0; j < 20; j++) {
        xs.push([i / 20]);
        ys.push(j < i ? 1 : 0);
      }
    const { weights, bias } = fitLogistic(xs, ys);
    const p = (x: number) => 1 / (1 + Math.exp(-(weights[0]! * x + bias)));
    expect(weights[0]).toBeGreaterThan(0);
    expect(p(0.5)).toBeCloseTo(0.5, 1);
    expect(p(0.1)).toBeLessThan(0.25);
    expect(p(0.9)).toBeGreaterThan(0.75);
  });
});
