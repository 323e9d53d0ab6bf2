import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { areas, units } from './areas.schema.ts';

// What other modules ask about communes and units. Their tables stay this module's own: callers get rows and SQL
// fragments from these functions (and from areas.service.ts), never `from(areas)` / `from(units)` of their own.

/** A unit as the catalogue holds it. */
export type UnitRow = typeof units.$inferSelect;

/** The unit tree, every unit (retired ones too): what unit scopes and report scopes are computed from. */
export function unitTree(db: Db | Tx) {
  return db
    .select({
      code: units.code,
      name: units.name,
      kind: units.kind,
      parentCode: units.parentCode,
      areaCode: units.areaCode,
    })
    .from(units);
}

/** Whether the catalogue has a unit with this code (active or not). */
export async function unitExists(db: Db | Tx, code: string): Promise<boolean> {
  const [row] = await db.select({ code: units.code }).from(units).where(eq(units.code, code)).limit(1);
  return row !== undefined;
}

/** One unit by code, or undefined. */
export async function unitByCode(db: Db | Tx, code: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.code, code)).limit(1);
  return row;
}

/** The units in service today. */
export function activeUnits(db: Db | Tx): Promise<UnitRow[]> {
  return db.select().from(units).where(eq(units.active, 1));
}

/** Whether a commune or unit area with this code exists (any level, retired ones too). */
export async function areaExists(db: Db | Tx, code: string): Promise<boolean> {
  const [row] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, code)).limit(1);
  return row !== undefined;
}

/** An area's name by code (retired ones too), or null. */
export async function areaName(db: Db | Tx, code: string): Promise<string | null> {
  const [row] = await db
    .select({ name: areas.name })
    .from(areas)
    .where(sql`${areas.code} = ${code}`);
  return row?.name ?? null;
}

/** A current commune (level commune, active) by code, or undefined: what a citizen may give as theirs. */
export async function activeCommune(
  db: Db | Tx,
  code: string,
): Promise<{ code: string; name: string } | undefined> {
  const [row] = await db
    .select({ code: areas.code, name: areas.name })
    .from(areas)
    .where(and(eq(areas.code, code), eq(areas.level, 'commune'), eq(areas.active, 1)));
  return row;
}

/** Every current commune, code and name, by name (the mini-app's pick list). */
export function activeCommunesByName(db: Db | Tx): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: areas.code, name: areas.name })
    .from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.active, 1)))
    .orderBy(asc(areas.name));
}

/** SQL for the name of the area whose code is in `column` (null when none), for a caller's own select. */
export function areaNameSql(column: SQL | SQL.Aliased | { getSQL(): SQL }): SQL<string | null> {
  return sql<string | null>`(select a.name from ${areas} a where a.code = ${column})`;
}

/** SQL: is the code in `column` a current commune (level commune, active), for a caller's own where. */
export function isActiveCommuneSql(column: SQL | SQL.Aliased | { getSQL(): SQL }): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${areas} a where a.code = ${column} and a.level = 'commune' and a.active = 1)`;
}

/** Every current commune with the district it belonged to before 01/7/2025 (name lookups that show both). */
export function activeCommunesWithFormerDistrict(
  db: Db | Tx,
): Promise<{ code: string; name: string; formerDistrict: string | null }[]> {
  return db
    .select({ code: areas.code, name: areas.name, formerDistrict: areas.formerDistrict })
    .from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.active, 1)));
}
