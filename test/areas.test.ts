import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestDatabase } from './helpers/db.ts';
import type { Database } from '../src/db/client.ts';
import {
  areaResolver,
  communeKey,
  loadReferenceData,
  matchCommuneNames,
  searchCommunes,
} from '../src/areas/areas.service.ts';
import { areas, units } from '../src/areas/areas.schema.ts';
import { successorMap } from '../src/areas/areas.file.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function copyContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cchc-content-'));
  await cp('content/areas', path.join(dir, 'areas'), { recursive: true });
  await cp('content/units.yaml', path.join(dir, 'units.yaml'));
  return dir;
}

async function editFile(file: string, edit: (text: string) => string) {
  await writeFile(file, edit(await readFile(file, 'utf8')));
}

describe(loadReferenceData.name, () => {
  it('loads the 103 communes of thành phố Cần Thơ (NQ 1668) and keeps Sóc Trăng as history, idempotently', async () => {
    const first = await loadReferenceData(database.db, 'content');
    const second = await loadReferenceData(database.db, 'content');
    expect(second).toEqual(first);
    const rows = await database.db.select().from(areas);
    expect(rows.length).toBe(first.areas);
    const active = rows.filter((r) => r.level === 'commune' && r.active === 1);
    expect(active.filter((r) => r.type === 'phuong')).toHaveLength(31);
    expect(active.filter((r) => r.type === 'xa')).toHaveLength(72);
    expect(new Set(active.filter((r) => r.officialCode).map((r) => r.officialCode)).size).toBe(103);
    const provinces = rows.filter((r) => r.level === 'province');
    expect(provinces.map((p) => [p.code, p.active, p.successorCode]).sort()).toEqual([
      ['province-92', 1, null],
      ['province-94', 0, 'province-92'],
    ]);
    expect(rows.every((r) => r.level === 'province' || r.parentCode?.startsWith('province-'))).toBe(true);
    // All 108 units of Sóc Trăng in 2025 have a successor; the two without one are not locatable.
    const retired = rows.filter((r) => r.level === 'commune' && r.active === 0);
    expect(retired.filter((r) => r.successorCode)).toHaveLength(108);
    expect(
      retired
        .filter((r) => !r.successorCode)
        .map((r) => r.code)
        .sort(),
    ).toEqual(['khac', 'soc-trang-p9']);
    const successor = new Map(retired.map((r) => [r.code, r.successorCode]));
    expect(successor.get('soc-trang-p1')).toBe('phuong-phu-loi'); // NQ 1668, khoản 23
    expect(successor.get('soc-trang-p10')).toBe('phuong-my-xuyen'); // khoản 25
    expect(successor.get('vinh-chau-khanh-hoa')).toBe('phuong-khanh-hoa'); // khoản 28: same name, larger ward
    expect(successor.get('vinh-chau-vinh-tan')).toBe('phuong-vinh-phuoc'); // khoản 26
    expect(successor.get('vinh-chau-vinh-hai')).toBe('xa-vinh-hai'); // not rearranged (khoản 96)
    expect(successor.get('thanh-tri-vinh-thanh')).toBe('xa-vinh-loi'); // khoản 87
    expect(successor.get('my-tu-hung-phu')).toBe('xa-long-hung'); // khoản 83
    const [phuLoi] = active.filter((r) => r.code === 'phuong-phu-loi');
    expect(phuLoi).toMatchObject({ officialCode: '31510', name: 'Phường Phú Lợi' });
  });

  it('units after the 2025 mergers: retired departments keep their code and name a current successor', async () => {
    await loadReferenceData(database.db, 'content');
    const rows = await database.db.select().from(units);
    const byCode = new Map(rows.map((u) => [u.code, u]));
    expect(byCode.get('so-tttt')).toMatchObject({ active: 0, successorCode: 'so-khcn' });
    expect(byCode.get('so-khdt')).toMatchObject({ active: 0, successorCode: 'so-tai-chinh' });
    expect(byCode.get('so-ldtbxh')).toMatchObject({ active: 0, successorCode: 'so-noi-vu' });
    for (const u of rows.filter((r) => r.successorCode)) expect(byCode.get(u.successorCode!)?.active).toBe(1);
    const communeUnits = rows.filter((u) => u.kind === 'commune' && u.active === 1);
    expect(communeUnits).toHaveLength(103);
    const currentAreas = new Set(
      (
        await database.db
          .select()
          .from(areas)
          .where(and(eq(areas.active, 1), eq(areas.level, 'commune')))
      ).map((a) => a.code),
    );
    expect(communeUnits.every((u) => currentAreas.has(u.areaCode!))).toBe(true);
  });

  it('renames through an edit to YAML and marks removed rows inactive, not deleted', async () => {
    const dir = await copyContent();
    await editFile(path.join(dir, 'areas', 'can-tho.yaml'), (text) =>
      text
        .replace('name: Xã Vĩnh Hải,', 'name: Xã Vĩnh Hải (mới),')
        .split('\n')
        .filter((l) => !l.includes('code: ngoai-thanh-pho'))
        .join('\n'),
    );
    await loadReferenceData(database.db, dir);
    const [renamed] = await database.db.select().from(areas).where(eq(areas.code, 'xa-vinh-hai'));
    expect(renamed?.name).toBe('Xã Vĩnh Hải (mới)');
    const [removed] = await database.db.select().from(areas).where(eq(areas.code, 'ngoai-thanh-pho'));
    expect(removed?.active).toBe(0);
  });

  it('refuses a bad file naming the file and field, writing nothing', async () => {
    await loadReferenceData(database.db, 'content');
    const dir = await copyContent();
    const before = await database.db.select().from(units);
    await writeFile(
      path.join(dir, 'units.yaml'),
      'units:\n  - { code: "Bad Code", name: "", kind: department }\n',
    );
    await expect(loadReferenceData(database.db, dir)).rejects.toThrow(/units\.yaml[\s\S]*units\.0\.code/);
    expect(await database.db.select().from(units)).toEqual(before);
  });

  const badAreas: [string, (t: string) => string, RegExp][] = [
    [
      'a duplicate code',
      (t) => t.replace('code: phuong-cai-khe,', 'code: phuong-ninh-kieu,'),
      /can-tho\.yaml communes\.1 \(phuong-ninh-kieu\): mã phuong-ninh-kieu trùng/,
    ],
    [
      'a duplicate official code among current units',
      (t) => t.replace('officialCode: "31120"', 'officialCode: "31135"'),
      /communes\.1 \(phuong-cai-khe\): mã chính thức 31135 trùng/,
    ],
    [
      'a former unit mapped to two successors',
      (t) =>
        t.replace(
          'formerUnits: [ soc-trang-p5,',
          'formerUnits: [ soc-trang-p1, soc-trang-p5,', // soc-trang-p1 already goes to phường Phú Lợi
        ),
      /\(phuong-soc-trang\): đơn vị cũ soc-trang-p1 đã được gán cho phuong-phu-loi, không thể gán cho hai/,
    ],
    [
      'a current unit whose parent province is retired',
      (t) =>
        t.replace(
          'province: { code: "92", name: Thành phố Cần Thơ }',
          'province: { code: "92", name: Thành phố Cần Thơ, status: retired }',
        ),
      /can-tho\.yaml communes\.0 \(phuong-ninh-kieu\): đơn vị đang hoạt động thuộc tỉnh đã giải thể/,
    ],
  ];
  it.each(badAreas)('refuses %s, naming the row, and loads nothing', async (_label, edit, message) => {
    await loadReferenceData(database.db, 'content');
    const before = await database.db.select().from(areas);
    const dir = await copyContent();
    const file = path.join(dir, 'areas', 'can-tho.yaml');
    const original = await readFile(file, 'utf8');
    const edited = edit(original);
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    await expect(loadReferenceData(database.db, dir)).rejects.toThrow(message);
    expect(await database.db.select().from(areas)).toEqual(before);
  });
});

describe('successor reporting', () => {
  it('reports old codes under their successor and lists a current commune with its former units', async () => {
    await loadReferenceData(database.db, 'content');
    const r = await areaResolver(database.db);
    expect(r.current('soc-trang-p3')).toBe('phuong-phu-loi');
    expect(r.name('soc-trang-p3')).toBe('Phường Phú Lợi');
    expect(r.current('phuong-phu-loi')).toBe('phuong-phu-loi');
    expect(r.current('soc-trang-p9')).toBe('soc-trang-p9');
    expect(r.name('soc-trang-p9')).toBe('Phường 9, thành phố Sóc Trăng (đơn vị cũ)');
    expect(r.codesUnder('phuong-phu-loi').sort()).toEqual([
      'phuong-phu-loi',
      'soc-trang-p1',
      'soc-trang-p2',
      'soc-trang-p3',
      'soc-trang-p4',
    ]);
  });

  it('successorMap follows chains to the current unit and never loops', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }), (links) => {
        // unit i lists unit links[i] as a former unit; only the last unit is current
        const entries = links.map((_, i) => ({
          code: `u${i}`,
          active: i === links.length - 1,
          formerUnits: links[i]! < links.length && links[i] !== i ? [`u${links[i]}`] : [],
        }));
        const map = successorMap(entries);
        for (const [from, to] of map) {
          expect(entries.find((e) => e.code === to)?.active).toBe(true);
          if (entries.find((e) => e.code === from)?.active) expect(to).toBe(from);
        }
      }),
    );
  });
});

describe('commune search', () => {
  it('finds a commune typed without diacritics or kind word', async () => {
    await loadReferenceData(database.db, 'content');
    expect((await searchCommunes(database.db, 'phu loi')).map((c) => c.name)).toEqual(['Phường Phú Lợi']);
    expect((await searchCommunes(database.db, 'Phường phú lợi')).map((c) => c.code)).toEqual([
      'phuong-phu-loi',
    ]);
    expect((await searchCommunes(database.db, 'xa my tu')).map((c) => c.code)).toEqual(['xa-my-tu']);
    // "Vĩnh Châu" is only a ward today; a prefix lists every match.
    const vinh = (await searchCommunes(database.db, 'vinh')).map((c) => c.code);
    expect(vinh).toContain('phuong-vinh-chau');
    expect(vinh).toContain('xa-vinh-hai');
    expect(await searchCommunes(database.db, 'khong co xa nay')).toEqual([]);
  });

  it('any commune name, typed with or without diacritics, finds itself', () => {
    const rows = [
      'Phường Phú Lợi',
      'Xã Hồ Đắc Kiện',
      'Phường Long Phú 1',
      'Xã Long Phú',
      'Xã Vị Thanh 1',
    ].map((name) => ({ name }));
    fc.assert(
      fc.property(fc.constantFrom(...rows), fc.boolean(), (row, strip) => {
        const typed = strip ? row.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd') : row.name;
        expect(matchCommuneNames(rows, typed)).toContain(row);
        expect(communeKey(typed)).toBe(communeKey(row.name));
      }),
    );
  });
});
