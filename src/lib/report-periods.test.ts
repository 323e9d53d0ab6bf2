import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  REPORT_PERIOD_IDS,
  contains,
  customRange,
  localDay,
  parseLocalDay,
  parsePeriodKey,
  periodQuerySchema,
  periodsContaining,
  quartersOf,
  reportQuarterOf,
  reportPeriod,
  reportPeriodsOfYear,
  reportYearOf,
} from './report-periods.ts';

// Vietnam is UTC+7 all year, so local midnight D is (D-1) 17:00Z; the tests state instants in UTC so they do not
// depend on the machine's time zone (the suite runs the same under TZ=UTC and TZ=America/New_York).
const at = (iso: string) => new Date(iso);

describe('reportPeriod', () => {
  it('gives the KH 196 periods as local-midnight instants', () => {
    expect(reportPeriod(2025, 'q1')).toMatchObject({
      from: at('2024-12-14T17:00:00Z'),
      toExclusive: at('2025-03-14T17:00:00Z'),
      firstDay: '2024-12-15',
      lastDay: '2025-03-14',
      key: '2025-q1',
      label: 'Quý I/2025',
    });
    expect(reportPeriod(2025, 'h1')).toMatchObject({ firstDay: '2024-12-15', lastDay: '2025-06-14' });
    expect(reportPeriod(2025, 'q3')).toMatchObject({ firstDay: '2025-06-15', lastDay: '2025-09-14' });
    expect(reportPeriod(2025, 'year')).toMatchObject({
      firstDay: '2024-12-15',
      lastDay: '2025-12-14',
      toExclusive: at('2025-12-14T17:00:00Z'),
    });
  });

  it('agrees with content/plan/2025.yaml reportPeriods', () => {
    const plan = parse(readFileSync('content/plan/2025.yaml', 'utf8')) as {
      year: number;
      reportPeriods: { id: string; from: string; to: string; fromPreviousYear: boolean }[];
    };
    expect(plan.reportPeriods.map((p) => p.id)).toEqual([...REPORT_PERIOD_IDS]);
    for (const p of plan.reportPeriods) {
      const period = reportPeriod(plan.year, p.id as (typeof REPORT_PERIOD_IDS)[number]);
      const fromYear = p.fromPreviousYear ? plan.year - 1 : plan.year;
      expect(period.firstDay).toBe(`${fromYear}-${p.from}`);
      expect(period.lastDay).toBe(`${plan.year}-${p.to}`);
    }
  });
});

describe('boundaries', () => {
  it('14/3 23:59 local is in Q1, 15/3 00:00 local is not', () => {
    const q1 = reportPeriod(2025, 'q1');
    expect(contains(q1, at('2025-03-14T16:59:59.999Z'))).toBe(true); // 14/3 23:59:59.999 +07
    expect(contains(q1, at('2025-03-14T17:00:00Z'))).toBe(false); // 15/3 00:00 +07
    expect(periodsContaining(at('2025-03-14T16:59:00Z')).map((p) => p.key)).toEqual([
      '2025-q1',
      '2025-h1',
      '2025-year',
    ]);
    expect(periodsContaining(at('2025-03-14T17:00:00Z')).map((p) => p.key)).toEqual(['2025-h1', '2025-year']);
  });

  it('15/12 00:00 local opens the next report year; 14/12 23:59 still belongs to this one', () => {
    expect(reportYearOf(at('2025-12-14T16:59:59Z'))).toBe(2025);
    expect(reportYearOf(at('2025-12-14T17:00:00Z'))).toBe(2026);
    expect(periodsContaining(at('2025-12-14T17:00:00Z')).map((p) => p.key)).toEqual([
      '2026-q1',
      '2026-h1',
      '2026-year',
    ]);
    // 31/12 and 1/1 are in the same report year
    expect(reportYearOf(at('2025-12-31T12:00:00Z'))).toBe(2026);
    expect(reportYearOf(at('2026-01-01T12:00:00Z'))).toBe(2026);
  });

  it('uses the local date, not UTC: 14/12 20:00Z is already 15/12 03:00 in Vietnam', () => {
    expect(localDay(at('2025-12-14T20:00:00Z'))).toBe('2025-12-15');
    expect(reportYearOf(at('2025-12-14T20:00:00Z'))).toBe(2026);
  });

  it('15/6 starts Q3 while still in the year period, h1 has ended', () => {
    expect(periodsContaining(at('2025-06-14T17:00:00Z')).map((p) => p.id)).toEqual(['q3', 'year']);
    expect(periodsContaining(at('2025-09-14T17:00:00Z')).map((p) => p.id)).toEqual(['year']);
  });

  it('every instant is in exactly one year period (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const y = reportYearOf(d);
          const inside = [y - 1, y, y + 1].filter((c) => contains(reportPeriod(c, 'year'), d));
          expect(inside).toEqual([reportYearOf(d)]);
          expect(periodsContaining(d).some((p) => p.id === 'year')).toBe(true);
        },
      ),
    );
  });

  it('report years tile time without gaps', () => {
    for (let y = 2020; y < 2030; y++) {
      expect(reportPeriod(y, 'year').toExclusive).toEqual(reportPeriod(y + 1, 'year').from);
    }
    expect(reportPeriodsOfYear(2025).map((p) => p.id)).toEqual(['q1', 'h1', 'q3', 'year']);
  });
});

describe('custom ranges and keys', () => {
  it('builds an inclusive range of local days', () => {
    const r = customRange('2025-01-01', '2025-03-31');
    expect(r.from).toEqual(at('2024-12-31T17:00:00Z'));
    expect(r.toExclusive).toEqual(at('2025-03-31T17:00:00Z'));
    expect(r.key).toBe('custom:2025-01-01..2025-03-31');
    expect(r.label).toBe('Từ 01/01/2025 đến 31/03/2025');
    expect(parsePeriodKey(r.key)).toEqual(r);
    expect(customRange('2025-05-05', '2025-05-05').toExclusive.getTime() - r.from.getTime()).toBeGreaterThan(
      0,
    );
  });

  it('rejects reversed ranges, impossible days and unknown keys', () => {
    expect(() => customRange('2025-03-01', '2025-02-01')).toThrow(RangeError);
    expect(() => parseLocalDay('2025-02-30')).toThrow(RangeError);
    expect(() => parsePeriodKey('2025-q2')).toThrow(RangeError);
    expect(parsePeriodKey('2026-h1')).toEqual(reportPeriod(2026, 'h1'));
  });

  it('parses HTTP query input with a Vietnamese message on error', () => {
    expect(periodQuerySchema.parse({ period: '2025-q3' })?.key).toBe('2025-q3');
    expect(periodQuerySchema.parse({ from: '2025-01-01', to: '2025-01-31' })?.key).toBe(
      'custom:2025-01-01..2025-01-31',
    );
    expect(periodQuerySchema.parse({})).toBeUndefined();
    const bad = periodQuerySchema.safeParse({ from: '2025-02-01', to: '2025-01-01' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Kỳ báo cáo hoặc khoảng ngày không hợp lệ');
  });
});

describe('quarters of the report year', () => {
  it('splits the year at 15/3, 15/6 and 15/9 local time, and the official periods are unions of them', () => {
    expect(reportQuarterOf(at('2024-12-14T17:00:00Z'))).toBe(1);
    expect(reportQuarterOf(at('2025-03-14T16:59:59Z'))).toBe(1);
    expect(reportQuarterOf(at('2025-03-14T17:00:00Z'))).toBe(2);
    expect(reportQuarterOf(at('2025-06-14T17:00:00Z'))).toBe(3);
    expect(reportQuarterOf(at('2025-09-14T17:00:00Z'))).toBe(4);
    expect(reportQuarterOf(at('2025-12-14T16:59:59Z'))).toBe(4);
    expect(quartersOf('h1')).toEqual([1, 2]);
  });

  it('property: an instant is in an official period iff its quarter is one of the period quarters', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (d) => {
          const year = reportYearOf(d);
          for (const id of REPORT_PERIOD_IDS)
            expect(contains(reportPeriod(year, id), d)).toBe(quartersOf(id).includes(reportQuarterOf(d)));
        },
      ),
    );
  });
});
