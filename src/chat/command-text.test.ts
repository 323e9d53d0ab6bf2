import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseCommand, truncateText } from './command-text.ts';

describe('normaliseCommand', () => {
  it('ignores diacritics, đ, case, spacing, punctuation and zero-width characters', () => {
    for (const v of [
      'Hủy nhận tin',
      'huy nhan tin',
      '  HỦY   NHẬN\u200b TIN!',
      'Hủy nhận tin'.normalize('NFD'),
    ])
      expect(normaliseCommand(v)).toBe('huy nhan tin');
    expect(normaliseCommand('Gặp Cán Bộ')).toBe('gap can bo');
    expect(normaliseCommand('ĐĂNG KÝ')).toBe('dang ky');
  });

  it('keeps Khmer words matchable (Khmer signs are not Latin combining marks)', () => {
    expect(normaliseCommand(' ភាសា ')).toBe('ភាសា');
  });

  it('is idempotent and never adds Latin diacritics', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = normaliseCommand(s);
        expect(normaliseCommand(once)).toBe(once);
        expect(once).not.toMatch(/[\u0300-\u036f]|đ| {2}/);
      }),
    );
  });
});

describe('truncateText', () => {
  it('keeps emoji whole', () => {
    expect(truncateText('a😀😀', 2)).toBe('a😀');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(50), (s, n) => {
        const out = truncateText(s, n);
        expect(Array.from(out).length).toBeLessThanOrEqual(n);
        expect(s.startsWith(out)).toBe(true);
      }),
    );
  });
});
