import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../helpers/db.ts';
import { rowsOf, type Database } from '../../src/db/client.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadAllPlans } from '../../src/plan/plan.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { seedDemo } from '../../src/demo/demo.seed.ts';
import { clearDemo } from '../../src/demo/demo.clear.ts';

/**
 * Each module writes its own demo rows (src/<module>/<module>.demo.ts) and src/demo runs them in one transaction: a
 * failure in the last writer (the plan's) leaves no demo row in any module's tables, and no registry entry.
 */
let database: Database;
const clock = new FakeClock(new Date('2026-12-01T03:00:00Z'));
const TABLES = [
  'followers',
  'conversations',
  'broadcasts',
  'broadcast_deliveries',
  'content_items',
  'quiz_campaigns',
];
const more = [
  'quiz_attempts',
  'surveys',
  'survey_responses',
  'survey_daily_counts',
  'plan_documents',
  'demo_registry',
];

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [...TABLES, ...more])
    out[t] = rowsOf<{ n: number }>(
      await database.db.execute(sql.raw(`select count(*)::int as n from ${t}`)),
    )[0]!.n;
  return out;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadReferenceData(database.db, 'content');
  await loadAllPlans(database.db, 'content');
  await loadSurveyFiles(database.db, 'content');
}, 60_000);
afterAll(() => database.close());

describe('demo pack, all or nothing', () => {
  it('a writer failing after the others leaves nothing behind; once it works the same seed goes through', async () => {
    const before = await counts();
    await database.db.execute(sql`create function plan_refused() returns trigger language plpgsql as $$ begin
      raise exception 'plan write refused by the test'; end $$`);
    await database.db.execute(
      sql`create trigger plan_refused before insert on plan_documents for each row execute function plan_refused()`,
    );
    await expect(seedDemo({ db: database.db, clock })).rejects.toThrow();
    expect(await counts()).toEqual(before);

    await database.db.execute(sql`drop trigger plan_refused on plan_documents`);
    const summary = await seedDemo({ db: database.db, clock });
    expect(summary.planYear).toBe(2026); // the failing step did run in the first attempt
    const seeded = await counts();
    for (const t of TABLES) expect(seeded[t]!, t).toBeGreaterThan(before[t]!);
    expect(seeded.plan_documents).toBe(before.plan_documents! + 1);
    await clearDemo(database.db);
    expect(await counts()).toEqual(before);
  }, 60_000);
});
