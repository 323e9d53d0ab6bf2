import path from 'node:path';
import { z } from 'zod';
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { listFiles, readYamlFile } from '../lib/yaml-files.ts';
import { normalise } from '../faq/normalise.ts';
import { areas, units } from './areas.schema.ts';
import {
  areaCode,
  areaFileSchema,
  checkAreaFiles,
  provinceAreaCode,
  successorMap,
  type NamedAreaFile,
} from './areas.file.ts';

export { provinceAreaCode } from './areas.file.ts';

const unitsFileSchema = z.object({
  units: z
    .array(
      z.object({
        code: areaCode,
        name: z.string().min(1),
        kind: z.string().min(1),
        parent: areaCode.nullish(),
        area: z.string().nullish(),
        status: z.enum(['active', 'retired']).default('active'),
        /** For a retired unit: the unit that took over its work (must be a current unit). */
        successor: areaCode.nullish(),
        source: z.string().optional(),
      }),
    )
    .min(1),
});

export type UnitsFile = z.infer<typeof unitsFileSchema>;

/** Reads and checks every reference-data file before anything is written. */
export async function readReferenceData(
  contentDir: string,
): Promise<{ areaFiles: NamedAreaFile[]; unitsFile: UnitsFile }> {
  const files = await listFiles(path.join(contentDir, 'areas'), ['.yaml', '.yml']);
  const areaFiles = await Promise.all(
    files.map(async (f) => ({ file: f, data: await readYamlFile(f, areaFileSchema) })),
  );
  const unitsFile = await readYamlFile(path.join(contentDir, 'units.yaml'), unitsFileSchema);
  const problems = [...checkAreaFiles(areaFiles), ...checkUnits(unitsFile, areaFiles)];
  if (problems.length > 0) throw new Error(`Reference data is inconsistent:\n  - ${problems.join('\n  - ')}`);
  return { areaFiles, unitsFile };
}

/** units.yaml against itself and the areas: parents, successors, and current units on current areas only. */
export function checkUnits(unitsFile: UnitsFile, areaFiles: NamedAreaFile[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, UnitsFile['units'][number]>();
  unitsFile.units.forEach((u, i) => {
    if (byCode.has(u.code)) problems.push(`units.yaml units.${i} (${u.code}): mã đơn vị trùng`);
    byCode.set(u.code, u);
  });
  const areaStatus = new Map(areaFiles.flatMap((f) => f.data.communes.map((c) => [c.code, c.status])));
  unitsFile.units.forEach((u, i) => {
    const at = `units.yaml units.${i} (${u.code})`;
    const parent = u.parent ? byCode.get(u.parent) : undefined;
    if (u.parent && !parent) problems.push(`${at}: parent ${u.parent} is not a unit`);
    if (u.status === 'active' && parent?.status === 'retired')
      problems.push(`${at}: đơn vị đang hoạt động có đơn vị cấp trên đã giải thể ${u.parent}`);
    if (u.area && !areaStatus.has(u.area)) problems.push(`${at}: area ${u.area} is not an area`);
    if (u.status === 'active' && u.area && areaStatus.get(u.area) === 'retired')
      problems.push(`${at}: đơn vị đang hoạt động gắn với xã, phường đã giải thể ${u.area}`);
    if (u.successor) {
      const s = byCode.get(u.successor);
      if (!s) problems.push(`${at}: successor ${u.successor} is not a unit`);
      else if (s.status === 'retired') problems.push(`${at}: successor ${u.successor} đã giải thể`);
      if (u.status === 'active')
        problems.push(`${at}: chỉ đơn vị đã giải thể (status: retired) mới có successor`);
    }
  });
  return problems;
}

type AreaRow = typeof areas.$inferInsert;

/** The rows the files describe, successors resolved (a retired unit reports under the end of its chain). */
export function areaRowsOf(areaFiles: NamedAreaFile[]): AreaRow[] {
  const entries = areaFiles.flatMap((f) =>
    f.data.communes.map((c) => ({ code: c.code, active: c.status === 'active', formerUnits: c.formerUnits })),
  );
  const successors = successorMap(entries);
  return areaFiles.flatMap(({ data: f }) => {
    const provinceCode = provinceAreaCode(f.province.code);
    return [
      {
        code: provinceCode,
        parentCode: null,
        level: 'province' as const,
        officialCode: f.province.code,
        name: f.province.name,
        type: null,
        formerDistrict: null,
        population: null,
        active: f.province.status === 'active' ? 1 : 0,
        successorCode: f.province.successor ? provinceAreaCode(f.province.successor) : null,
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
        active: c.status === 'active' ? 1 : 0,
        successorCode: c.status === 'retired' ? (successors.get(c.code) ?? null) : null,
      })),
    ];
  });
}

/**
 * Loads areas and units into the database in one transaction. Idempotent: rows are upserted by code;
 * rows no longer in the files are marked inactive, not deleted, because old responses still refer to them.
 */
export async function loadReferenceData(
  db: Db,
  contentDir: string,
): Promise<{ areas: number; units: number }> {
  const data = await readReferenceData(contentDir);
  return db.transaction((tx) => writeReferenceData(tx, data));
}

/** Writes checked reference data inside the caller's transaction (start-up and the areas importer). */
export async function writeReferenceData(
  tx: Tx,
  { areaFiles, unitsFile }: { areaFiles: NamedAreaFile[]; unitsFile: UnitsFile },
): Promise<{ areas: number; units: number }> {
  const areaRows = areaRowsOf(areaFiles);
  const unitRows = unitsFile.units.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentCode: u.parent ?? null,
    areaCode: u.area ?? null,
    active: u.status === 'active' ? 1 : 0,
    successorCode: u.successor ?? null,
  }));
  await tx.update(areas).set({ active: 0 });
  await tx.update(units).set({ active: 0 });
  for (const row of areaRows) {
    await tx
      .insert(areas)
      .values(row)
      .onConflictDoUpdate({ target: areas.code, set: { ...row, updatedAt: sql`now()` } });
  }
  for (const row of unitRows) {
    await tx
      .insert(units)
      .values(row)
      .onConflictDoUpdate({ target: units.code, set: { ...row, updatedAt: sql`now()` } });
  }
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

/** How reports group by commune: each stored code under the current unit it belongs to today. */
export interface AreaResolver {
  /** The current commune a stored code reports under; the code itself when current or without a successor. */
  current(code: string): string;
  /** The name to show: the current unit's name, or a retired unit's name marked as such. */
  name(code: string): string;
  /** Every stored code that reports under the given current code (itself included). */
  codesUnder(code: string): string[];
  population(code: string): number | null;
}

export async function areaResolver(db: Db | Tx): Promise<AreaResolver> {
  const rows = await db
    .select({
      code: areas.code,
      name: areas.name,
      active: areas.active,
      successorCode: areas.successorCode,
      population: areas.population,
      formerDistrict: areas.formerDistrict,
    })
    .from(areas);
  return resolverOf(rows);
}

export function resolverOf(
  rows: {
    code: string;
    name: string;
    active: number;
    successorCode: string | null;
    population: number | null;
    formerDistrict?: string | null;
  }[],
): AreaResolver {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const under = new Map<string, string[]>();
  for (const r of rows) {
    const to = r.active === 1 ? r.code : (r.successorCode ?? r.code);
    under.set(to, [...(under.get(to) ?? []), r.code]);
  }
  const current = (code: string) => {
    const r = byCode.get(code);
    return r && r.active !== 1 && r.successorCode ? r.successorCode : code;
  };
  return {
    current,
    name(code) {
      const r = byCode.get(current(code));
      if (!r) return code;
      if (r.active === 1) return r.name;
      const place = r.formerDistrict ? `, ${r.formerDistrict}` : '';
      return `${r.name}${place} (đơn vị cũ)`;
    },
    codesUnder: (code) => under.get(code) ?? [code],
    population: (code) => byCode.get(current(code))?.population ?? null,
  };
}

/** Current communes whose name matches typed text, with or without "xã"/"phường", diacritics or tone marks. */
export async function searchCommunes(
  db: Db | Tx,
  typed: string,
): Promise<{ code: string; name: string; type: string | null }[]> {
  const rows = await db
    .select({ code: areas.code, name: areas.name, type: areas.type })
    .from(areas)
    .where(sql`${areas.level} = 'commune' and ${areas.active} = 1`)
    .orderBy(asc(areas.name));
  return matchCommuneNames(rows, typed);
}

const KIND_WORDS = /^(xa|phuong|thi tran|p|x)\s+/;

/** Folds a commune name or a query to bare syllables without diacritics: "Phường Phú Lợi" → "phu loi". */
export function communeKey(text: string): string {
  const plain = normalise(text).bareText;
  return plain.replace(KIND_WORDS, '').trim();
}

/** Exact bare-name matches first; otherwise names that start with what was typed ("vinh" → Vĩnh Châu, Vĩnh Hải…). */
export function matchCommuneNames<R extends { name: string }>(rows: R[], typed: string): R[] {
  const want = communeKey(typed);
  if (!want) return [];
  const exact = rows.filter((r) => communeKey(r.name) === want);
  if (exact.length > 0) {
    // "phuong vinh chau" names the kind too: keep only that kind when both a xã and a phường match.
    const kind = normalise(typed).bareText.match(KIND_WORDS)?.[1];
    const sameKind = kind ? exact.filter((r) => normalise(r.name).bareText.startsWith(kind)) : [];
    return sameKind.length > 0 ? sameKind : exact;
  }
  return rows.filter(
    (r) => communeKey(r.name).startsWith(want) || ` ${communeKey(r.name)}`.includes(` ${want}`),
  );
}

/**
 * SQL for the current commune a stored area code reports under (for reports grouped in the database): a retired
 * code with a successor becomes the successor; anything else stays as stored.
 */
export function currentAreaSql(column: SQL): SQL {
  return sql`coalesce((select a_cur.successor_code from ${areas} a_cur where a_cur.code = ${column} and a_cur.active = 0), ${column})`;
}

/** SQL: does a stored area code fall under one of these current communes (itself or one of its former units)? */
export function areaUnderSql(column: SQL, codes: string[]): SQL {
  const list = sql`array[${sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[]`;
  return sql`(${column} = any(${list}) or ${column} in (select a_old.code from ${areas} a_old where a_old.active = 0 and a_old.successor_code = any(${list})))`;
}

/** The retired area codes that report under any of these current ones (so a commune's staff see old-code data). */
export async function formerCodesOf(db: Db | Tx, current: Iterable<string>): Promise<string[]> {
  const codes = [...current];
  if (codes.length === 0) return [];
  const rows = await db
    .select({ code: areas.code })
    .from(areas)
    .where(
      sql`${areas.active} = 0 and ${areas.successorCode} = any(${sql`array[${sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )}]::text[]`})`,
    );
  return rows.map((r) => r.code);
}
