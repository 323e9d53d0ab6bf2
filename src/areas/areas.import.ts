import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { readSpreadsheet, type SheetTable } from '../lib/spreadsheet.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import { stripDiacritics } from '../faq/normalise.ts';
import { checkAreaFiles, serialiseAreaFile, type AreaFile, type CommuneEntry } from './areas.file.ts';
import { checkUnits, readReferenceData, writeReferenceData } from './areas.service.ts';

/**
 * The official list of a province's communes (xlsx or csv, first row = header) → a diff against the province's
 * areas file → applied in one database transaction and the file rewritten, or nothing at all.
 *
 * Columns (any order; names matched without case or diacritics):
 *   Mã / Mã số / officialCode   5-digit code of the national list (required)
 *   Tên / Tên đơn vị hành chính / name   "Phường Phú Lợi", "Xã Mỹ Tú" (required; the kind comes from the name)
 *   Cấp / Loại / type           optional: phuong | xa | dac-khu (or "Phường", "Xã", "Đặc khu")
 *   Mã tỉnh / province          optional: the province's 2-digit code; a retired province is refused
 *   Đơn vị cũ / formerUnits     optional: codes of the units merged into this one, separated by ";" or ","
 *   Mã nội bộ / code            optional: our code; default: the existing unit's, else phuong-/xa- + the name
 *   Dân số / population         optional
 */

export interface ImportedRow {
  row: number;
  officialCode: string;
  code: string | null;
  name: string;
  type: CommuneEntry['type'];
  province: string | null;
  formerUnits: string[] | null;
  population: number | null;
}

export interface AreasDiff {
  added: { code: string; officialCode: string; name: string }[];
  renamed: { code: string; officialCode: string; from: string; to: string }[];
  merged: { code: string; name: string; into: string }[];
  retired: { code: string; name: string }[];
  /** Same name, other fields changed (former units, population, kind). */
  updated: { code: string; fields: string[] }[];
  unchanged: number;
}

export class AreasImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`Danh sách không nhập được:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AreasImportError';
  }
}

const COLUMNS: Record<keyof Omit<ImportedRow, 'row'>, string[]> = {
  officialCode: ['ma', 'ma so', 'ma xa', 'ma dvhc', 'officialcode', 'official code'],
  name: ['ten', 'ten don vi hanh chinh', 'ten dvhc', 'name'],
  type: ['cap', 'loai', 'type'],
  province: ['ma tinh', 'province', 'tinh'],
  formerUnits: ['don vi cu', 'formerunits', 'former units', 'sap nhap tu'],
  code: ['ma noi bo', 'code'],
  population: ['dan so', 'population'],
};

/** The uploaded list; a file that cannot be read is one problem of the import, like a bad row. */
async function readTable(data: Buffer, format: 'xlsx' | 'csv'): Promise<SheetTable> {
  try {
    return await readSpreadsheet(data, format);
  } catch (err) {
    if (err instanceof AppError && err.userMessage) throw new AreasImportError([err.userMessage]);
    throw err;
  }
}

const kindOf = (name: string, typed: string): CommuneEntry['type'] | undefined => {
  const t = normaliseCommand(typed || name);
  if (/^(phuong|phuong\b)/.test(t)) return 'phuong';
  if (/^(xa|xa\b)/.test(t)) return 'xa';
  if (/^dac[ -]khu/.test(t)) return 'dac-khu';
  return undefined;
};

/** Our code for a new unit: kind + the name without diacritics ("Phường Phú Lợi" → phuong-phu-loi). */
export function codeForName(name: string): string {
  return stripDiacritics(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Reads the official list; every problem names its row (header = row 1). */
export async function parseOfficialList(data: Buffer, format: 'xlsx' | 'csv'): Promise<ImportedRow[]> {
  const table = await readTable(data, format);
  const header = table.header.map((h) => normaliseCommand(h).replace(/[()]/g, '').trim());
  const col = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, names]) => [k, header.findIndex((h) => names.includes(h))]),
  ) as Record<keyof typeof COLUMNS, number>;
  const problems: string[] = [];
  if (col.officialCode < 0) problems.push('thiếu cột "Mã" (mã số đơn vị hành chính)');
  if (col.name < 0) problems.push('thiếu cột "Tên"');
  if (problems.length) throw new AreasImportError(problems);
  const cell = (cells: string[], k: keyof typeof COLUMNS) =>
    col[k] < 0 ? '' : (cells[col[k]] ?? '').replace(/\s+/g, ' ').trim();
  const rows: ImportedRow[] = [];
  for (const { row, cells } of table.rows) {
    if (cells.every((c) => !c.trim())) continue;
    const at = `dòng ${row}`;
    const raw = cell(cells, 'officialCode');
    const officialCode = /^\d{1,5}$/.test(raw) ? raw.padStart(5, '0') : raw; // Excel drops leading zeros
    const name = cell(cells, 'name').normalize('NFC');
    const type = kindOf(name, cell(cells, 'type'));
    if (!/^\d{5}$/.test(officialCode)) problems.push(`${at}: mã "${raw}" không phải mã 5 chữ số`);
    if (!name) problems.push(`${at}: thiếu tên`);
    if (name && !type) problems.push(`${at}: không rõ loại (phường, xã, đặc khu) của "${name}"`);
    const former = cell(cells, 'formerUnits');
    const code = cell(cells, 'code') || null;
    if (code && !/^[a-z0-9][a-z0-9-]*$/.test(code)) problems.push(`${at}: mã nội bộ "${code}" không hợp lệ`);
    const pop = cell(cells, 'population').replace(/[.,\s]/g, '');
    if (pop && !/^\d+$/.test(pop))
      problems.push(`${at}: dân số "${cell(cells, 'population')}" không phải số`);
    rows.push({
      row,
      officialCode,
      code,
      name,
      type: type ?? null,
      province: cell(cells, 'province') || null,
      formerUnits: col.formerUnits < 0 ? null : former ? former.split(/[;,]\s*/).filter(Boolean) : [],
      population: pop ? Number(pop) : null,
    });
  }
  if (rows.length === 0) problems.push('danh sách không có dòng nào');
  if (problems.length) throw new AreasImportError(problems);
  return rows;
}

/**
 * The province's file after the import, and what changed. Current units are matched by official code (codes are
 * reused over time, so only current units are matched); a unit missing from the list is merged when a listed unit
 * names it among its former units, retired otherwise. Nothing is deleted.
 */
export function planImport(
  current: AreaFile,
  others: AreaFile[],
  rows: ImportedRow[],
): { next: AreaFile; diff: AreasDiff } {
  const problems: string[] = [];
  const active = current.communes.filter((c) => c.status === 'active');
  const byOfficial = new Map(active.filter((c) => c.officialCode).map((c) => [c.officialCode!, c]));
  const allCodes = new Map(
    [...others.flatMap((f) => f.communes), ...current.communes].map((c) => [c.code, c]),
  );
  const retiredProvinces = new Set(
    others.filter((f) => f.province.status === 'retired').map((f) => f.province.code),
  );
  const seenOfficial = new Map<string, number>();
  const seenCode = new Map<string, number>();
  const formerOwner = new Map<string, { code: string; row: number }>();
  // Former units already mapped by units the list does not touch stay theirs.
  const listed = new Set(rows.map((r) => r.officialCode));
  const diff: AreasDiff = { added: [], renamed: [], merged: [], retired: [], updated: [], unchanged: 0 };
  const nextActive: CommuneEntry[] = [];
  for (const r of rows) {
    const at = `dòng ${r.row}`;
    if (r.province && retiredProvinces.has(r.province))
      problems.push(`${at}: "${r.name}" thuộc tỉnh ${r.province} đã giải thể (đơn vị cấp trên không còn)`);
    else if (r.province && r.province !== current.province.code)
      problems.push(`${at}: "${r.name}" thuộc tỉnh ${r.province}, không phải ${current.province.code}`);
    const dupOfficial = seenOfficial.get(r.officialCode);
    if (dupOfficial) problems.push(`${at}: mã ${r.officialCode} trùng với dòng ${dupOfficial}`);
    seenOfficial.set(r.officialCode, r.row);
    const existing = byOfficial.get(r.officialCode);
    const code = existing?.code ?? r.code ?? codeForName(r.name);
    const dupCode = seenCode.get(code);
    if (dupCode) problems.push(`${at}: mã nội bộ ${code} trùng với dòng ${dupCode} (đặt cột "Mã nội bộ")`);
    seenCode.set(code, r.row);
    const clash = allCodes.get(code);
    if (!existing && clash)
      problems.push(`${at}: mã nội bộ ${code} đã dùng cho "${clash.name}" (đặt cột "Mã nội bộ")`);
    const formerUnits = [...new Set([...(existing?.formerUnits ?? []), ...(r.formerUnits ?? [])])];
    for (const f of r.formerUnits ?? []) {
      const owner = formerOwner.get(f);
      if (owner && owner.code !== code)
        problems.push(
          `${at}: đơn vị cũ ${f} đã gán cho ${owner.code} (dòng ${owner.row}), không thể gán cho hai đơn vị kế thừa`,
        );
      formerOwner.set(f, { code, row: r.row });
      const target = allCodes.get(f) ?? active.find((a) => a.officialCode === f);
      if (!target) problems.push(`${at}: đơn vị cũ ${f} không có trong danh mục`);
    }
    const entry: CommuneEntry = {
      code,
      officialCode: r.officialCode,
      name: r.name,
      type: r.type,
      population: r.population ?? existing?.population ?? null,
      status: 'active',
      ...(formerUnits.length ? { formerUnits } : {}),
    };
    if (!existing) diff.added.push({ code, officialCode: r.officialCode, name: r.name });
    else if (existing.name !== r.name)
      diff.renamed.push({ code, officialCode: r.officialCode, from: existing.name, to: r.name });
    else {
      const fields = (['type', 'population', 'formerUnits'] as const).filter(
        (f) => JSON.stringify(existing[f] ?? null) !== JSON.stringify(entry[f] ?? null),
      );
      if (fields.length) diff.updated.push({ code, fields: [...fields] });
      else diff.unchanged++;
    }
    nextActive.push(entry);
  }
  // Units of the file that the list does not name: merged into the unit that lists them, or retired.
  const leaving = active.filter((c) => !c.officialCode || !listed.has(c.officialCode));
  const keptOther = leaving.filter((c) => c.type === 'other'); // answer options, not administrative units
  for (const c of leaving) {
    if (c.type === 'other') continue;
    const owner = formerOwner.get(c.code) ?? (c.officialCode ? formerOwner.get(c.officialCode) : undefined);
    if (owner) diff.merged.push({ code: c.code, name: c.name, into: owner.code });
    else diff.retired.push({ code: c.code, name: c.name });
  }
  // Former units given by official code are stored by our code.
  for (const e of nextActive) {
    if (!e.formerUnits) continue;
    e.formerUnits = e.formerUnits.map((f) =>
      allCodes.has(f) ? f : (active.find((a) => a.officialCode === f)?.code ?? f),
    );
  }
  if (problems.length) throw new AreasImportError(problems);
  const retiredNow = leaving
    .filter((c) => c.type !== 'other')
    .map((c): CommuneEntry => ({ ...c, status: 'retired' }));
  const next: AreaFile = {
    ...current,
    communes: [
      ...nextActive,
      ...keptOther,
      ...current.communes.filter((c) => c.status === 'retired'),
      ...retiredNow,
    ],
  };
  return { next, diff };
}

export function diffIsEmpty(d: AreasDiff): boolean {
  return d.added.length + d.renamed.length + d.merged.length + d.retired.length + d.updated.length === 0;
}

/** The diff as people read it: one line per change. */
export function formatDiff(d: AreasDiff): string {
  return [
    `thêm mới: ${d.added.length}`,
    ...d.added.map((a) => `  + ${a.officialCode} ${a.name} (${a.code})`),
    `đổi tên: ${d.renamed.length}`,
    ...d.renamed.map((r) => `  ~ ${r.officialCode} ${r.from} → ${r.to}`),
    `sáp nhập: ${d.merged.length}`,
    ...d.merged.map((m) => `  > ${m.name} (${m.code}) → ${m.into}`),
    `giải thể: ${d.retired.length}`,
    ...d.retired.map((r) => `  - ${r.name} (${r.code})`),
    `cập nhật: ${d.updated.length}`,
    ...d.updated.map((u) => `  * ${u.code}: ${u.fields.join(', ')}`),
    `không đổi: ${d.unchanged}`,
  ].join('\n');
}

/**
 * Imports the official list into the areas file of its province (default: the file of `provinceCode`).
 * Dry run: the diff only. Otherwise everything is checked, then one transaction writes the reference data and,
 * as its last step, replaces the file (write to a temporary file, then rename), so a failure leaves both as they were.
 * Running it again with the same list changes nothing.
 */
export async function importAreas(opts: {
  db: Db;
  contentDir: string;
  data: Buffer;
  format: 'xlsx' | 'csv';
  provinceCode: string;
  dryRun: boolean;
}): Promise<{ diff: AreasDiff; file: string; written: boolean }> {
  const rows = await parseOfficialList(opts.data, opts.format);
  const ref = await readReferenceData(opts.contentDir);
  const target = ref.areaFiles.find(
    (f) => f.data.province.code === opts.provinceCode && f.data.province.status === 'active',
  );
  if (!target) throw new AreasImportError([`không có tệp địa bàn đang dùng cho tỉnh ${opts.provinceCode}`]);
  const others = ref.areaFiles.filter((f) => f !== target);
  const { next, diff } = planImport(
    target.data,
    others.map((f) => f.data),
    rows,
  );
  const nextFiles = [...others, { file: target.file, data: next }];
  const problems = [...checkAreaFiles(nextFiles), ...checkUnits(ref.unitsFile, nextFiles)];
  if (problems.length) throw new AreasImportError(problems);
  if (opts.dryRun || diffIsEmpty(diff)) return { diff, file: target.file, written: false };
  const text = serialiseAreaFile(next, await headerOf(target.file));
  const tmp = path.join(path.dirname(target.file), `.${path.basename(target.file)}.${process.pid}.tmp`);
  await opts.db.transaction(async (tx) => {
    await writeReferenceData(tx, { areaFiles: nextFiles, unitsFile: ref.unitsFile });
    await writeFile(tmp, text);
    await rename(tmp, target.file);
  });
  return { diff, file: target.file, written: true };
}

/** The comment block at the top of an areas file, kept when the importer rewrites it. */
async function headerOf(file: string): Promise<string> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const head: string[] = [];
  for (const l of lines) {
    if (!l.startsWith('#')) break;
    head.push(l.replace(/^# ?/, ''));
  }
  return head.join('\n');
}
