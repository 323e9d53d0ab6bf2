import type { Role } from './policy.ts';

/** A unit as scoping needs it (rows of the `units` reference table). */
export interface ScopeUnit {
  code: string;
  kind: string;
  parentCode: string | null;
  areaCode: string | null;
}

/** What a staff member may see: everything, or a set of units (own + descendants) and the areas they cover. */
export type UnitScope =
  { all: true } | { all: false; units: ReadonlySet<string>; areas: ReadonlySet<string> };

/** Roles that read province-wide when they sit at a provincial body (e.g. Sở Nội vụ reviewers). */
const provinceWideRoles: readonly Role[] = ['approver', 'reviewer'];

/**
 * Province-level staff see all units: admins, anyone at the province unit itself, and approvers/reviewers
 * at a department directly under the province. Everyone else sees their own unit and its descendants.
 */
export function computeUnitScope(
  role: Role,
  unitCode: string | null,
  units: readonly ScopeUnit[],
): UnitScope {
  if (role === 'admin') return { all: true };
  const byCode = new Map(units.map((u) => [u.code, u]));
  const own = unitCode ? byCode.get(unitCode) : undefined;
  if (!own) return { all: false, units: new Set(), areas: new Set() };
  if (own.kind === 'province') return { all: true };
  const parent = own.parentCode ? byCode.get(own.parentCode) : undefined;
  if (provinceWideRoles.includes(role) && own.kind === 'department' && parent?.kind === 'province') {
    return { all: true };
  }
  const visible = descendantsOf(own.code, units);
  const areas = new Set(
    units.filter((u) => visible.has(u.code) && u.areaCode).map((u) => u.areaCode as string),
  );
  return { all: false, units: visible, areas };
}

function descendantsOf(root: string, units: readonly ScopeUnit[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentCode) continue;
    children.set(u.parentCode, [...(children.get(u.parentCode) ?? []), u.code]);
  }
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as string) ?? []) {
      if (seen.has(child)) continue; // a cycle in the data must not loop forever
      seen.add(child);
      queue.push(child);
    }
  }
  return seen;
}

export function scopeAllowsUnit(scope: UnitScope, unitCode: string): boolean {
  return scope.all || scope.units.has(unitCode);
}

export function scopeAllowsArea(scope: UnitScope, areaCode: string | null): boolean {
  if (scope.all) return true;
  return areaCode !== null && scope.areas.has(areaCode);
}
