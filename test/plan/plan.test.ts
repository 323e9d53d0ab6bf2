import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Database } from '../../src/db/client.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { getPlan, loadPlan } from '../../src/plan/plan.service.ts';
import { monthView } from '../../src/plan/calendar.service.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { testConfig } from '../helpers/app.ts';

const SEED = '/work/shared/seeds/000_97d3f2a78031f67b.txt';
const seedPath = process.env.SEEDS_DIR ? `${process.env.SEEDS_DIR}/000_97d3f2a78031f67b.txt` : SEED;

/** Reads the appendix table of the seed plan: one row per item, months from the last (THỜI GIAN) column. */
async function seedAppendix(): Promise<Map<number, { months: number[]; deadline: boolean }>> {
  const text = await readFile(seedPath, 'utf8');
  const rows = new Map<number, { months: number[]; deadline: boolean }>();
  for (const line of text.split('\n')) {
    const cols = line.split('\t');
    if (cols.length < 5 || !/^\d+$/.test(cols[0]!.trim())) continue;
    const when = cols[cols.length - 1]!.trim();
    // "Tháng 01/2025", "Tháng 2-12/2025", "Chậm nhất tháng 4/2025", "Từ tháng 1 – 12/2025"
    const m = /tháng\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\/(\d{4})/i.exec(when);
    if (!m) throw new Error(`month column not understood: ${when}`);
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    const deadline = /chậm nhất/i.test(when);
    const months = [];
    for (let i = deadline ? 1 : from; i <= to; i++) months.push(i);
    rows.set(Number(cols[0]), { months, deadline });
  }
  return rows;
}

describe('plan calendar', () => {
  let database: Database;
  const config = testConfig({ CONTENT_DIR: './content' });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadReferenceData(database.db, './content');
    await loadPlan(database.db, './content', 2025);
  });
  afterAll(async () => database?.close());

  it('matches the seed appendix: every item with its months', async () => {
    const appendix = await seedAppendix();
    expect(appendix.size).toBe(14);
    const plan = await getPlan(database.db, 2025);
    expect(plan.items.map((i) => i.no)).toEqual([...appendix.keys()].sort((a, b) => a - b));
    for (const item of plan.items) {
      const seed = appendix.get(item.no)!;
      expect(item.months, `item ${item.no}`).toEqual(seed.months);
      expect(item.deadline, `item ${item.no} deadline`).toBe(seed.deadline);
    }
  });

  it('names only units that exist in units.yaml', async () => {
    const units = new Set(
      (parse(await readFile('./content/units.yaml', 'utf8')) as { units: { code: string }[] }).units.map(
        (u) => u.code,
      ),
    );
    const plan = await getPlan(database.db, 2025);
    for (const item of plan.items)
      for (const u of [...item.lead, ...item.cooperating]) expect(units, `item ${item.no}`).toContain(u);
    for (const q of plan.quotas) {
      expect(units).toContain(q.unit);
      for (const r of q.rotation ?? []) expect(units).toContain(r.unit);
    }
  });

  it('loads idempotently', async () => {
    const before = await getPlan(database.db, 2025);
    await loadPlan(database.db, './content', 2025);
    const after = await getPlan(database.db, 2025);
    expect(after.items).toEqual(before.items);
    expect(after.themes.length).toBe(before.themes.length);
    expect(after.quotas.map((q) => q.id)).toEqual(before.quotas.map((q) => q.id));
  });

  it('shows May with Đề án 06 and the year-long item as gaps when nothing is scheduled', async () => {
    const view = await monthView({ db: database.db, config }, 2025, 5);
    expect(view.planned.map((i) => i.no).sort((a, b) => a - b)).toEqual([2, 6, 7, 14]);
    expect(view.gaps.map((g) => g.planItemNo).sort()).toEqual([14, 6]);
    expect(view.gaps.find((g) => g.planItemNo === 6)!.message).toMatch(
      /^Chưa có tin về chủ đề “Đề án 06.*” trong tháng 5/,
    );
  });

  it('refuses a month out of range and a year without a plan', async () => {
    await expect(monthView({ db: database.db, config }, 2025, 13)).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(monthView({ db: database.db, config }, 2031, 1)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
