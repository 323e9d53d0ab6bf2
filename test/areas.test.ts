import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from './helpers/db.ts';
import type { Database } from '../src/db/client.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { areas, units } from '../src/areas/areas.schema.ts';

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

describe(loadReferenceData.name, () => {
  it('loads areas and units idempotently', async () => {
    const first = await loadReferenceData(database.db, 'content');
    const second = await loadReferenceData(database.db, 'content');
    expect(second).toEqual(first);
    const rows = await database.db.select().from(areas);
    expect(rows.length).toBe(first.areas);
    expect(rows.filter((r) => r.level === 'province')).toHaveLength(1);
    expect(rows.every((r) => r.level === 'province' || r.parentCode?.startsWith('province-'))).toBe(true);
  });

  it('renames through an edit to YAML and marks removed rows inactive, not deleted', async () => {
    const dir = await copyContent();
    const file = path.join(dir, 'areas', 'soc-trang.yaml');
    const text = await readFile(file, 'utf8');
    const edited = text
      .replace('name: "Xã Vĩnh Hải"', 'name: "Xã Vĩnh Hải (mới)"')
      .split('\n')
      .filter((l) => !l.includes('code: vinh-chau-vinh-tan'))
      .join('\n');
    await writeFile(file, edited);
    await loadReferenceData(database.db, dir);
    const [renamed] = await database.db.select().from(areas).where(eq(areas.code, 'vinh-chau-vinh-hai'));
    expect(renamed?.name).toBe('Xã Vĩnh Hải (mới)');
    const [removed] = await database.db.select().from(areas).where(eq(areas.code, 'vinh-chau-vinh-tan'));
    expect(removed?.active).toBe(0);
  });

  it('refuses a bad file naming the file and field, writing nothing', async () => {
    const dir = await copyContent();
    const before = await database.db.select().from(units);
    await writeFile(
      path.join(dir, 'units.yaml'),
      'units:\n  - { code: "Bad Code", name: "", kind: department }\n',
    );
    await expect(loadReferenceData(database.db, dir)).rejects.toThrow(/units\.yaml[\s\S]*units\.0\.code/);
    expect(await database.db.select().from(units)).toEqual(before);
  });
});
