import path from 'node:path';
import { z } from 'zod';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { listFiles, readYamlFile } from '../lib/yaml-files.ts';
import { areas, units } from './areas.schema.ts';

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang');

const areaFileSchema = z.object({
  province: z.object({ code: z.string().min(1), name: z.string().min(1) }),
  communes: z
    .array(
      z.object({
        code,
        officialCode: z.string().nullish(),
        name: z.string().min(1),
        type: z.string().nullish(),
        formerDistrict: z.string().nullish(),
        population: z.number().int().nonnegative().nullish(),
      }),
    )
    .min(1),
});

const unitsFileSchema = z.object({
  units: z
    .array(
      z.object({
        code,
        name: z.string().min(1),
        kind: z.string().min(1),
        parent: code.nullish(),
        area: z.string().nullish(),
      }),
    )
    .min(1),
});

export type AreaFile = z.infer<typeof areaFileSchema>;
export type UnitsFile = z.infer<typeof unitsFileSchema>;

/** Province codes in the YAML are official numeric codes ("94"); stored as `province-94` to keep one code space. */
export function provinceAreaCode(officialCode: string): string {
  return `province-${officialCode}`;
}

/** Reads and checks every reference-data file before anything is written. */
export async function readReferenceData(
  contentDir: string,
): Promise<{ areaFiles: AreaFile[]; unitsFile: UnitsFile }> {
  const files = await listFiles(path.join(contentDir, 'areas'), ['.yaml', '.yml']);
  const areaFiles = await Promise.all(files.map((f) => readYamlFile(f, areaFileSchema)));
  const unitsFile = await readYamlFile(path.join(contentDir, 'units.yaml'), unitsFileSchema);
  const problems = checkReferences(areaFiles, unitsFile);
  if (problems.length > 0) throw new Error(`Reference data is inconsistent:\n  - ${problems.join('\n  - ')}`);
  return { areaFiles, unitsFile };
}

function checkReferences(areaFiles: AreaFile[], unitsFile: UnitsFile): string[] {
  const problems: string[] = [];
  const areaCodes = new Set<string>();
  for (const f of areaFiles) {
    for (const c of f.communes) {
      if (areaCodes.has(c.code)) problems.push(`area code ${c.code} appears twice`);
      areaCodes.add(c.code);
    }
  }
  const unitCodes = new Set(unitsFile.units.map((u) => u.code));
  if (unitCodes.size !== unitsFile.units.length) problems.push('a unit code appears twice in units.yaml');
  for (const u of unitsFile.units) {
    if (u.parent && !unitCodes.has(u.parent))
      problems.push(`unit ${u.code}: parent ${u.parent} is not a unit`);
  }
  return problems;
}

/**
 * Loads areas and units into the database in one transaction. Idempotent: rows are upserted by code;
 * rows no longer in the files are marked inactive, not deleted, because old responses still refer to them.
 */
export async function loadReferenceData(
  db: Db,
  contentDir: string,
): Promise<{ areas: number; units: number }> {
  const { areaFiles, unitsFile } = await readReferenceData(contentDir);
  const areaRows = areaFiles.flatMap((f) => {
    const provinceCode = provinceAreaCode(f.province.code);
    return [
      {
        code: provinceCode,
        parentCode: null,
        level: 'province' as const,
        officialCode: f.province.code,
        name: f.province.name,
      },
      ...f.communes.map((c) => ({
        code: c.code,
        parentCode: provinceCode,
        level: 'commune' as const,
        officialCode: c.officialCode ?? null,
        name: c.name,
        type: c.type ?? null,
        formerDistrict: c.formerDistrict ?? null,
        population: c.population ?? null,
      })),
    ];
  });
  const unitRows = unitsFile.units.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentCode: u.parent ?? null,
    areaCode: u.area ?? null,
  }));
  await db.transaction(async (tx) => {
    await tx.update(areas).set({ active: 0 });
    await tx.update(units).set({ active: 0 });
    for (const row of areaRows) {
      await tx
        .insert(areas)
        .values({ ...row, active: 1 })
        .onConflictDoUpdate({ target: areas.code, set: { ...row, active: 1, updatedAt: sql`now()` } });
    }
    for (const row of unitRows) {
      await tx
        .insert(units)
        .values({ ...row, active: 1 })
        .onConflictDoUpdate({ target: units.code, set: { ...row, active: 1, updatedAt: sql`now()` } });
    }
  });
  return { areas: areaRows.length, units: unitRows.length };
}

export async function listCommunes(db: Db) {
  return db
    .select()
    .from(areas)
    .where(sql`${areas.level} = 'commune' and ${areas.active} = 1`)
    .orderBy(asc(areas.formerDistrict), asc(areas.name));
}

export async function listUnits(db: Db) {
  return db.select().from(units).where(eq(units.active, 1)).orderBy(asc(units.kind), asc(units.name));
}

/**
 * Names of every commune and unit by code, retired ones included (an old registration still names its commune):
 * registrations store codes, people read names.
 */
export async function referenceNames(db: Db): Promise<Map<string, string>> {
  const [communeRows, unitRows] = await Promise.all([
    db.select({ code: areas.code, name: areas.name }).from(areas),
    db.select({ code: units.code, name: units.name }).from(units),
  ]);
  return new Map([...communeRows, ...unitRows].map((r) => [r.code, r.name]));
}
