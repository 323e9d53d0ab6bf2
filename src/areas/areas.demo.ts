import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { areas, units } from './areas.schema.ts';

// What the demo pack (src/demo) reads from the catalogue: it writes nothing here.

/** The first current communes by code: where the demo's followers, answers and contestants live. */
export async function demoCommuneCodes(db: Db | Tx, limit = 4): Promise<string[]> {
  const rows = await db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.active, 1)))
    .orderBy(areas.code)
    .limit(limit);
  return rows.map((c) => c.code);
}

/** Units that publish in the demo: a department, then communes with an area (whatever units are loaded). */
export async function demoPublishingUnits(db: Db | Tx): Promise<string[]> {
  const rows = await db
    .select({ code: units.code, kind: units.kind, areaCode: units.areaCode })
    .from(units)
    .where(eq(units.active, 1))
    .orderBy(units.code);
  const dept = rows.find((u) => u.code === 'so-noi-vu') ?? rows.find((u) => u.kind === 'department');
  const communes = rows.filter((u) => u.kind === 'commune' && u.areaCode).slice(0, 2);
  return [dept, ...communes].filter((u): u is NonNullable<typeof u> => Boolean(u)).map((u) => u.code);
}
