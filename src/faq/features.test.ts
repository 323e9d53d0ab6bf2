import { describe, expect, it } from 'vitest';
import { questionFeatures } from './features.ts';

const group = (q: string, prefix: string) =>
  [...questionFeatures(q).keys()].filter((k) => k.startsWith(prefix));

describe(questionFeatures.name, () => {
  it('keeps words of four letters or more as spelled, where the normaliser reads them as syllables', () => {
    expect(group('How do I register a death?', 'e:').sort()).toEqual(['e:death', 'e:register']);
    // "how" is read as the syllable "ho"; its spelling survives only in the character grams.
    expect(group('how', 'w:')).toEqual(['w:ho']);
  });

  it('gives a Vietnamese question the same spelled words with or without diacritics', () => {
    expect(group('Đăng ký khai sinh ở đâu', 'e:')).toEqual(group('dang ky khai sinh o dau', 'e:'));
  });

  it('scales each group to unit length', () => {
    const bag = questionFeatures('How do I register a death online?');
    const norm = (...prefixes: string[]) =>
      Math.sqrt(
        [...bag].filter(([k]) => prefixes.some((p) => k.startsWith(p))).reduce((s, [, v]) => s + v * v, 0),
      );
    for (const group of [['w:', 'b:'], ['c:'], ['e:']]) expect(norm(...group)).toBeCloseTo(1, 6);
  });
});
