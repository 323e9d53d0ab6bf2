import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sixMonthsAfter } from './kb.repository.ts';
import { variantKey } from './kb.validation.ts';
import { canonicalJson } from './topic-content.ts';

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('review dates', () => {
  it('six months after a day: same day of the month six months on, or that month’s last day', () => {
    expect(sixMonthsAfter('2026-11-23')).toBe('2027-05-23');
    expect(sixMonthsAfter('2026-08-31')).toBe('2027-02-28');
    expect(sixMonthsAfter('2027-08-31')).toBe('2028-02-29');
    fc.assert(
      fc.property(day, (d) => {
        const r = sixMonthsAfter(d);
        expect(r).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
        const [ry, rm, rd] = r.split('-').map(Number) as [number, number, number];
        expect((ry - y) * 12 + (rm - m)).toBe(6);
        expect(rd).toBeLessThanOrEqual(dd);
        // Only a shorter month cuts the day, and then to its last day.
        if (rd < dd) expect(new Date(Date.UTC(ry, rm, 0)).getUTCDate()).toBe(rd);
      }),
    );
  });
});

describe('variant keys and content comparison', () => {
  it('ignores case, spacing and punctuation but keeps every letter (Khmer included)', () => {
    expect(variantKey('  Làm khai sinh, được không? ')).toBe(variantKey('làm khai sinh được không'));
    expect(variantKey('ការិយាល័យច្រកចេញចូលតែមួយបើកម៉ោងប៉ុន្មាន?')).not.toBe(variantKey('ការិយាល័យច្រកចេញចូលតែមួយជាអ្វី?'));
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        if (variantKey(a) === variantKey(b)) return;
        expect(a.toLowerCase()).not.toBe(b.toLowerCase());
      }),
    );
  });

  it('compares contents whatever the key order (jsonb reorders keys)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
      }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
