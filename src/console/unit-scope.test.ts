import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeUnitScope, scopeAllowsArea, scopeAllowsUnit, type ScopeUnit } from './unit-scope.ts';

const units: ScopeUnit[] = [
  { code: 'tinh', kind: 'province', parentCode: null, areaCode: null },
  { code: 'so-noi-vu', kind: 'department', parentCode: 'tinh', areaCode: null },
  { code: 'so-noi-vu-vp', kind: 'division', parentCode: 'so-noi-vu', areaCode: null },
  { code: 'huyen', kind: 'district', parentCode: 'tinh', areaCode: null },
  { code: 'xa-a', kind: 'commune', parentCode: 'huyen', areaCode: 'area-a' },
  { code: 'xa-b', kind: 'commune', parentCode: 'huyen', areaCode: 'area-b' },
];

describe(computeUnitScope.name, () => {
  it('gives admins and province-unit staff everything', () => {
    expect(computeUnitScope('admin', null, units)).toEqual({ all: true });
    expect(computeUnitScope('editor', 'tinh', units)).toEqual({ all: true });
  });

  it('gives approvers/reviewers at a provincial department everything, but an editor there only the department', () => {
    expect(computeUnitScope('reviewer', 'so-noi-vu', units).all).toBe(true);
    const editor = computeUnitScope('editor', 'so-noi-vu', units);
    expect(scopeAllowsUnit(editor, 'so-noi-vu-vp')).toBe(true);
    expect(scopeAllowsUnit(editor, 'xa-a')).toBe(false);
  });

  it('scopes a commune to itself and its area, a district to its communes, an unknown unit to nothing', () => {
    const commune = computeUnitScope('editor', 'xa-a', units);
    expect(scopeAllowsArea(commune, 'area-a')).toBe(true);
    expect(scopeAllowsArea(commune, 'area-b')).toBe(false);
    expect(scopeAllowsArea(commune, null)).toBe(false);
    const district = computeUnitScope('agent', 'huyen', units);
    expect(['xa-a', 'xa-b', 'huyen'].every((u) => scopeAllowsUnit(district, u))).toBe(true);
    expect(scopeAllowsUnit(district, 'tinh')).toBe(false);
    expect(computeUnitScope('agent', 'khong-co', units)).toEqual({
      all: false,
      units: new Set(),
      areas: new Set(),
    });
  });

  it('property: every unit in a non-provincial scope descends from the staff unit, and cycles terminate', () => {
    const arbUnits = fc
      .array(
        fc.record({
          parent: fc.option(fc.nat(9), { nil: null }),
          kind: fc.constantFrom('commune', 'division', 'district'),
        }),
        { minLength: 1, maxLength: 10 },
      )
      .map((rows) =>
        rows.map((r, i): ScopeUnit => ({
          code: `u${i}`,
          kind: r.kind,
          parentCode: r.parent === null ? null : `u${r.parent % rows.length}`,
          areaCode: `a${i}`,
        })),
      );
    fc.assert(
      fc.property(arbUnits, fc.nat(9), (rows, pick) => {
        const own = rows[pick % rows.length]!;
        const scope = computeUnitScope('editor', own.code, rows);
        expect(scope.all).toBe(false);
        if (scope.all) return; // narrows the type; the line above has failed already
        const byCode = new Map(rows.map((u) => [u.code, u]));
        for (const code of scope.units) {
          let cur: ScopeUnit | undefined = byCode.get(code);
          const seen = new Set<string>();
          while (cur && cur.code !== own.code && !seen.has(cur.code)) {
            seen.add(cur.code);
            cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
          }
          expect(cur?.code, `${code} descends from ${own.code}`).toBe(own.code);
        }
        expect(scope.units.has(own.code)).toBe(true);
      }),
    );
  });
});
