import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../helpers/db.ts';
import type { Database } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/client.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadAllPlans } from '../../src/plan/plan.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { contentItems, contentVersions } from '../../src/broadcasts/broadcasts.schema.ts';
import { clearDemo } from '../../src/demo/demo.clear.ts';
import { DEMO_LABEL, seedDemo } from '../../src/demo/demo.seed.ts';
import { lockDataDir } from '../../src/db/pglite-lock.ts';

const run = promisify(execFile);
const TABLES = [
  'followers',
  'conversations',
  'content_items',
  'content_versions',
  'broadcasts',
  'broadcast_deliveries',
  'broadcast_clicks',
  'quiz_campaigns',
  'quiz_rounds',
  'quiz_participants',
  'quiz_attempts',
  'quiz_best_attempts',
  'surveys',
  'survey_versions',
  'survey_responses',
  'survey_daily_counts',
  'survey_answer_tallies',
  'plan_documents',
  'plan_items',
  'demo_registry',
];

let database: Database;
const clock = new FakeClock(new Date('2026-12-01T03:00:00Z'));

/** Every row of every table the demo touches, as JSON, so "untouched" is checked row by row. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES)
    out[t] = rowsOf<{ r: string }>(
      await database.db.execute(sql.raw(`select row_to_json(x)::text as r from ${t} x`)),
    )
      .map((x) => x.r)
      .sort();
  return out;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadReferenceData(database.db, 'content');
  await loadAllPlans(database.db, 'content');
  await loadSurveyFiles(database.db, 'content');
  // Real data next to the demo: a follower and a content item that must survive seed and clear unchanged.
  await database.db
    .insert(followers)
    .values({ zaloUserId: 'real-follower-1', displayName: 'Người thật', following: true });
  const [item] = await database.db
    .insert(contentItems)
    .values({
      unitCode: 'so-noi-vu',
      status: 'draft',
      createdBy: 'real',
      createdAt: clock.now(),
      updatedAt: clock.now(),
    })
    .returning();
  await database.db.insert(contentVersions).values({
    itemId: item!.id,
    version: 1,
    title: 'Tin thật',
    textVi: 'Nội dung thật',
    createdBy: 'real',
    createdAt: clock.now(),
  });
}, 60_000);
afterAll(() => database.close());

describe('demo pack', () => {
  it('fills every kind of data, labelled, relative to today; seeding again gives the same amounts; clear leaves real data as it was', async () => {
    const before = await snapshot();
    const first = await seedDemo({ db: database.db, clock });
    expect(first.followers).toBeGreaterThan(0);
    expect(first.broadcasts).toBeGreaterThan(0);
    expect(first.deliveries).toBeGreaterThan(0);
    expect(first.quizAttempts).toBeGreaterThan(0);
    expect(first.surveyResponses).toBeGreaterThan(0);
    expect(first.planYear).toBe(2026);
    const seeded = await snapshot();
    const again = await seedDemo({ db: database.db, clock });
    expect(again).toEqual(first);
    const reseeded = await snapshot();
    for (const t of TABLES) expect(reseeded[t]!.length, t).toBe(seeded[t]!.length);
    // Labelled: demo followers, titles, the contest and the survey carry "[Bản trình diễn]".
    const demoFollowers = rowsOf<{ display_name: string }>(
      await database.db.execute(sql`select display_name from followers where zalo_user_id like 'demo-%'`),
    );
    expect(demoFollowers.every((f) => f.display_name.startsWith(DEMO_LABEL))).toBe(true);
    const titles = rowsOf<{ title: string }>(
      await database.db.execute(
        sql`select title from quiz_campaigns union all select definition->'title'->>'vi' from survey_versions where survey_id like 'demo-%'`,
      ),
    );
    // The contest, plus a demo survey when no real one was open to take the demo answers.
    const demoSurvey = first.surveyId?.startsWith('demo-') ? 1 : 0;
    expect(titles.filter((t) => t.title.startsWith(DEMO_LABEL)).length).toBe(1 + demoSurvey);
    // The demo round is open today.
    const open = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from quiz_rounds where campaign_id = ${first.campaignId} and opens_at <= ${clock.now().toISOString()}::timestamptz and closes_at > ${clock.now().toISOString()}::timestamptz`,
      ),
    );
    expect(open[0]!.n).toBe(1);
    await clearDemo(database.db);
    expect(await snapshot()).toEqual(before);
    await clearDemo(database.db); // idempotent
    expect(await snapshot()).toEqual(before);
  });
});

describe('demo scripts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-script-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const script = (action: string, env: Record<string, string>) =>
    run('npx', ['tsx', 'scripts/demo.ts', action], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      timeout: 180_000,
    });

  it('refuses in production with a clear message and exit 1', async () => {
    const err = await script('seed', { NODE_ENV: 'production', DATA_DIR: dir }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toContain('production');
  }, 60_000);

  it('refuses beside a process holding the PGlite directory', async () => {
    const release = lockDataDir(dir);
    try {
      const err = await script('seed', { NODE_ENV: 'development', DATA_DIR: dir }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(err).toMatchObject({ code: 1 });
      expect((err as { stderr: string }).stderr).toContain('máy chủ đang chạy');
    } finally {
      release();
    }
  }, 60_000);

  it('seeds and clears a fresh PGlite directory, exit 0 each time', async () => {
    const env = { NODE_ENV: 'development', DATA_DIR: dir, LOG_LEVEL: 'silent' };
    const seeded = await script('seed', env);
    expect(seeded.stdout).toContain('Đã nạp bản trình diễn');
    const cleared = await script('clear', env);
    expect(cleared.stdout).toContain('Đã xóa bản trình diễn');
    await script('clear', env);
  }, 300_000);
});

describe('demo through the running server', () => {
  it('seeds and clears for an administrator, and is refused to other roles', async () => {
    const { createTestApp } = await import('../helpers/app.ts');
    const { createStaff, sessionFor } = await import('../console/helpers.ts');
    const request = (await import('supertest')).default;
    const app = await createTestApp();
    try {
      await loadReferenceData(app.database.db, 'content');
      const admin = await sessionFor(app, (await createStaff(app, 'demo-admin', 'admin')).id);
      const editor = await sessionFor(app, (await createStaff(app, 'demo-editor', 'editor')).id);
      const post = (who: typeof admin, url: string) =>
        request(app.express).post(url).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send({});
      await post(editor, '/api/console/demo/seed').expect(403);
      const seeded = await post(admin, '/api/console/demo/seed').expect(200);
      expect(seeded.body.summary.followers).toBeGreaterThan(0);
      const cleared = await post(admin, '/api/console/demo/clear').expect(200);
      expect(cleared.body.removed.followers).toBe(seeded.body.summary.followers);
    } finally {
      await app.close();
    }
  }, 120_000);
});
