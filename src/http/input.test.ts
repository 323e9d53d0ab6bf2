import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  calendarDay,
  cleanCitizenText,
  cleanJson,
  findJsonProblem,
  hasUnstorableChars,
  int4Id,
  isoInstant,
  isRealDay,
  bigintId,
} from './input.ts';

const nest = (depth: number) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown;

describe(findJsonProblem.name, () => {
  it('walks 20,000 levels without overflowing the stack and reports the depth', () => {
    expect(findJsonProblem(nest(20_000))).toBe('depth');
    expect(findJsonProblem(nest(3_000))).toBe('depth');
    expect(findJsonProblem(nest(10))).toBeUndefined();
  });

  it('finds NUL and lone surrogates in values and in keys, anywhere', () => {
    expect(findJsonProblem({ a: [{ b: 'x\u0000' }] })).toBe('chars');
    expect(findJsonProblem({ ['k\ud800']: 1 })).toBe('chars');
    expect(findJsonProblem({ a: 'Cải cách hành chính 🙂' })).toBeUndefined();
  });
});

describe(cleanJson.name, () => {
  it('cleans every string and key of arbitrary JSON so none is left unstorable', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.string({ unit: 'binary' }), (value, bad) => {
        const cleaned = cleanJson({ value, bad, [bad]: [bad] });
        expect(findJsonProblem(cleaned)).toBeUndefined();
      }),
    );
  });

  it('keeps clean input as it was and refuses (undefined) beyond the depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const cleaned = cleanJson(value);
        expect(cleanJson(cleaned)).toEqual(cleaned); // idempotent
        const hasProtoKey = JSON.stringify(value).includes('"__proto__"');
        if (findJsonProblem(value) === undefined && !hasProtoKey) expect(cleaned).toEqual(value); // clean: untouched
      }),
    );
    // A "__proto__" key (JSON.parse keeps it as an own key) is dropped, never turned into the prototype.
    const forged = cleanJson(JSON.parse('{"__proto__":{"role":"admin"},"a":[{"__proto__":{"x":1}}]}')) as {
      role?: unknown;
      a: { x?: unknown }[];
    };
    expect(forged).toEqual({ a: [{}] });
    expect(forged.role).toBeUndefined();
    expect(forged.a[0]!.x).toBeUndefined();
    expect(cleanJson({ t: 'a\u0000b\ud800' })).toEqual({ t: 'ab\ufffd' });
    expect(cleanJson(nest(3_000))).toBeUndefined();
  });
});

describe(cleanCitizenText.name, () => {
  it('never leaves an unstorable character and keeps paired surrogates (emoji)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !hasUnstorableChars(cleanCitizenText(s))));
    expect(cleanCitizenText('chào 🙂')).toBe('chào 🙂');
  });
});

describe('column-typed ids', () => {
  it('int4 ids stop at 2^31−1; bigint ids at 2^63−1', () => {
    expect(int4Id.safeParse('2147483647').success).toBe(true);
    for (const bad of ['2147483648', '3000000000', '0', '-1', '1.5', '1e400', 'x'])
      expect(int4Id.safeParse(bad).success, bad).toBe(false);
    expect(bigintId.safeParse('9223372036854775807').success).toBe(true);
    expect(bigintId.safeParse('9223372036854775808').success).toBe(false);
  });
});

describe('calendar days and instants', () => {
  it('agrees with the calendar for every day of 2000–2100', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const day = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
          expect(isRealDay(day)).toBe(real);
        },
      ),
    );
  });

  it('refuses impossible days and years out of range', () => {
    for (const bad of ['2025-02-30', '2025-02-29', '2025-13-01', '0001-01-01', '9999-12-31', '2025-1-1'])
      expect(calendarDay.safeParse(bad).success, bad).toBe(false);
    expect(calendarDay.safeParse('2024-02-29').success).toBe(true);
    expect(isoInstant.safeParse('0001-01-01T00:00:00Z').success).toBe(false);
    expect(isoInstant.parse('2025-03-01T08:00:00+07:00').toISOString()).toBe('2025-03-01T01:00:00.000Z');
  });
});
