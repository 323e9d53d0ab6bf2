import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { createTestDatabase } from './helpers/db.ts';
import type { Database } from '../src/db/client.ts';
import { areas } from '../src/areas/areas.schema.ts';
import { areaFileSchema } from '../src/areas/areas.file.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { AreasImportError, formatDiff, importAreas } from '../src/areas/areas.import.ts';

let database: Database;
let dir: string;
let file: string;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** A content folder with today's areas and a small units.yaml (the real one ties UBND units to every commune). */
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cchc-areas-import-'));
  await cp('content/areas', path.join(dir, 'areas'), { recursive: true });
  await writeFile(
    path.join(dir, 'units.yaml'),
    'units:\n  - { code: ubnd-tinh, name: "UBND thành phố Cần Thơ", kind: province }\n',
  );
  file = path.join(dir, 'areas', 'can-tho.yaml');
  await loadReferenceData(database.db, dir);
});

/** Today's list as the official CSV would give it (Mã, Tên, Đơn vị cũ), optionally edited row by row. */
async function officialCsv(edit: (rows: string[][]) => string[][] = (r) => r): Promise<Buffer> {
  const data = areaFileSchema.parse(parse(await readFile(file, 'utf8')));
  const rows = data.communes
    .filter((c) => c.status === 'active' && c.type !== 'other')
    .map((c) => [c.officialCode!, c.name, (c.formerUnits ?? []).join(';')]);
  const all = [['Mã số', 'Tên đơn vị hành chính', 'Đơn vị cũ'], ...edit(rows)];
  return Buffer.from(all.map((r) => r.map((v) => `"${v}"`).join(',')).join('\n'));
}

const run = (data: Buffer, dryRun: boolean, format: 'csv' | 'xlsx' = 'csv') =>
  importAreas({ db: database.db, contentDir: dir, data, format, provinceCode: '92', dryRun });

const snapshot = async () => ({
  file: await readFile(file, 'utf8'),
  // updatedAt moves on every load; the content of the rows is what must not change
  rows: (await database.db.select().from(areas).orderBy(areas.code)).map(({ updatedAt: _, ...r }) => r),
});

/** Renames one ward, adds one, merges Xã Lai Hòa into Phường Vĩnh Châu, retires Xã Vĩnh Hải. */
const changes = (rows: string[][]) =>
  rows
    .filter((r) => r[0] !== '31810' && r[0] !== '31795')
    .map((r) => (r[0] === '31510' ? [r[0], 'Phường Phú Lợi Mới', r[2]!] : r))
    .map((r) => (r[0] === '31783' ? [r[0], r[1]!, `${r[2]};xa-lai-hoa`] : r))
    .concat([['31999', 'Xã Thử Nghiệm', '']]);

describe(importAreas.name, () => {
  it("today's official list changes nothing", async () => {
    const before = await snapshot();
    const result = await run(await officialCsv(), false);
    expect(result.written).toBe(false);
    expect(result.diff).toMatchObject({ added: [], renamed: [], merged: [], retired: [], updated: [] });
    expect(result.diff.unchanged).toBe(103);
    expect(await snapshot()).toEqual(before);
  });

  it('dry run prints the diff (added, renamed, merged, retired) and writes nothing', async () => {
    const before = await snapshot();
    const { diff, written } = await run(await officialCsv(changes), true);
    expect(written).toBe(false);
    expect(diff.added).toEqual([{ code: 'xa-thu-nghiem', officialCode: '31999', name: 'Xã Thử Nghiệm' }]);
    expect(diff.renamed).toEqual([
      { code: 'phuong-phu-loi', officialCode: '31510', from: 'Phường Phú Lợi', to: 'Phường Phú Lợi Mới' },
    ]);
    expect(diff.merged).toEqual([{ code: 'xa-lai-hoa', name: 'Xã Lai Hòa', into: 'phuong-vinh-chau' }]);
    expect(diff.retired).toEqual([{ code: 'xa-vinh-hai', name: 'Xã Vĩnh Hải' }]);
    expect(formatDiff(diff)).toContain('  > Xã Lai Hòa (xa-lai-hoa) → phuong-vinh-chau');
    expect(await snapshot()).toEqual(before);
  });

  it('applies the diff to the file and the database, and a second run changes nothing', async () => {
    const list = await officialCsv(changes);
    expect((await run(list, false)).written).toBe(true);
    const after = await snapshot();
    const row = (code: string) => after.rows.find((r) => r.code === code)!;
    expect(row('phuong-phu-loi')).toMatchObject({ name: 'Phường Phú Lợi Mới', active: 1 });
    expect(row('xa-thu-nghiem')).toMatchObject({ officialCode: '31999', active: 1, type: 'xa' });
    expect(row('xa-lai-hoa')).toMatchObject({ active: 0, successorCode: 'phuong-vinh-chau' });
    // the old Sóc Trăng unit mapped to Xã Lai Hòa now reports under Phường Vĩnh Châu too
    expect(row('vinh-chau-lai-hoa')).toMatchObject({ active: 0, successorCode: 'phuong-vinh-chau' });
    expect(row('xa-vinh-hai')).toMatchObject({ active: 0, successorCode: null });
    expect(after.file).toMatch(/^# Areas are DATA, not code/); // the file's own header is kept
    // start-up reads the rewritten file to the same rows
    await loadReferenceData(database.db, dir);
    expect((await snapshot()).rows).toEqual(after.rows);
    const again = await run(list, false);
    expect(again.written).toBe(false);
    expect(formatDiff(again.diff)).toMatch(/thêm mới: 0\n.*\nsáp nhập: 0/s);
    expect(await snapshot()).toEqual(after);
  });

  it('reads the same list from an Excel file (codes typed as numbers keep their zeros)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DVHC');
    ws.addRow(['Mã', 'Tên', 'Cấp']);
    const data = areaFileSchema.parse(parse(await readFile(file, 'utf8')));
    for (const c of data.communes.filter((x) => x.status === 'active' && x.type !== 'other'))
      ws.addRow([Number(c.officialCode), c.name, c.type === 'phuong' ? 'Phường' : 'Xã']);
    const { diff } = await run(Buffer.from(await wb.xlsx.writeBuffer()), true, 'xlsx');
    expect(diff.unchanged).toBe(103);
  });

  const bad: [string, (rows: string[][]) => string[][], RegExp][] = [
    [
      'duplicate codes',
      (rows) => [...rows, ['31510', 'Phường Trùng Mã', '']],
      /dòng 105: mã 31510 trùng với dòng \d+/,
    ],
    [
      'a former unit mapped to two successors',
      (rows) => rows.map((r) => (r[0] === '31507' ? [r[0], r[1]!, `${r[2]};soc-trang-p1`] : r)),
      /dòng \d+: đơn vị cũ soc-trang-p1 đã gán cho phuong-phu-loi \(dòng \d+\), không thể gán cho hai đơn vị kế thừa/,
    ],
    [
      'a unit whose parent is retired',
      (rows) => [...rows, ['31998', 'Xã Thuộc Tỉnh Cũ', '', '94']],
      /dòng 105: "Xã Thuộc Tỉnh Cũ" thuộc tỉnh 94 đã giải thể/,
    ],
    ['a code that is not five digits', (rows) => [...rows, ['12A', 'Xã Lạ', '']], /dòng 105: mã "12A"/],
    [
      'a former unit that does not exist',
      (rows) => rows.map((r) => (r[0] === '31510' ? [r[0], r[1]!, 'khong-co'] : r)),
      /đơn vị cũ khong-co không có trong danh mục/,
    ],
  ];
  it.each(bad)('refuses %s, naming the row, and writes nothing', async (_label, edit, message) => {
    const before = await snapshot();
    const csv = (await officialCsv(edit)).toString('utf8').replace('"Đơn vị cũ"', '"Đơn vị cũ","Mã tỉnh"');
    const err = await run(Buffer.from(csv), false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AreasImportError);
    expect((err as Error).message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to retire a commune that a current unit still belongs to (units.yaml), writing nothing', async () => {
    await writeFile(
      path.join(dir, 'units.yaml'),
      'units:\n  - { code: ubnd-tinh, name: "UBND", kind: province }\n' +
        '  - { code: ubnd-xa-vinh-hai, name: "UBND xã Vĩnh Hải", kind: commune, parent: ubnd-tinh, area: xa-vinh-hai }\n',
    );
    const before = await snapshot();
    await expect(run(await officialCsv(changes), false)).rejects.toThrow(
      /units\.yaml units\.1 \(ubnd-xa-vinh-hai\): đơn vị đang hoạt động gắn với xã, phường đã giải thể/,
    );
    expect(await snapshot()).toEqual(before);
  });
});
