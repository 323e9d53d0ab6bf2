import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { citizenAnswers, surveyDeps } from '../surveys/fixtures.ts';
import { rowsOf } from '../../src/db/client.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadAllPlans } from '../../src/plan/plan.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { submitResponse } from '../../src/surveys/surveys.service.ts';
import { anonymisedRows } from '../../src/surveys/report.exports.ts';
import { reportPeriod } from '../../src/lib/report-periods.ts';
import {
  broadcastDeliveries,
  broadcasts,
  contentItems,
  contentVersions,
} from '../../src/broadcasts/broadcasts.schema.ts';
import { seedDemo } from '../../src/demo/demo.seed.ts';
import { clearDemo } from '../../src/demo/demo.clear.ts';

/**
 * Official figures never count demo rows (issue 20): with a real survey open and a real broadcast sent, seeding the
 * demo leaves the real survey's report and export and the period report to Sở Nội vụ exactly as they were, while the
 * dashboards' survey list does show the demo survey under its label.
 */
let app: TestApp;
let auth: { cookie: string; csrf: string };
const SURVEY = 'citizen-cchc-2025';
const PERIOD = '2025-year';

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  const db = app.database.db;
  await loadReferenceData(db, 'content');
  await loadAllPlans(db, 'content');
  await loadSurveyFiles(db, 'content');
  // Real data: six answers to the open 2025 survey in a commune, one broadcast of Sở Nội vụ read by one person.
  const [commune] = rowsOf<{ code: string }>(
    await db.execute(
      sql`select code from areas where level = 'commune' and active = 1 order by code limit 1`,
    ),
  );
  const deps = { ...surveyDeps(app.database), clock: app.clock };
  app.clock.set('2025-10-20T03:00:00Z');
  for (let i = 0; i < 6; i++)
    await submitResponse(deps, {
      surveyId: SURVEY,
      zaloUserId: `real-citizen-${i}`,
      channel: 'chat',
      consent: true,
      answers: citizenAnswers(i < 4 ? ['b', 'b', 'b', 'b'] : ['a', 'a', 'a', 'a'], 4),
      areaCode: commune!.code,
    });
  const when = new Date('2025-10-20T03:00:00Z');
  const [item] = await db
    .insert(contentItems)
    .values({ unitCode: 'so-noi-vu', status: 'sent', createdBy: 'real', createdAt: when, updatedAt: when })
    .returning();
  await db.insert(contentVersions).values({
    itemId: item!.id,
    version: 1,
    title: 'Tin thật',
    textVi: 'Nội dung thật',
    createdBy: 'real',
    createdAt: when,
  });
  const [b] = await db
    .insert(broadcasts)
    .values({
      itemId: item!.id,
      version: 1,
      segment: {},
      scheduledAt: when,
      status: 'sent',
      linkToken: 'real-broadcast-1',
      plannedAt: when,
      planned: 1,
      finishedAt: when,
      createdBy: 'real',
      createdAt: when,
    })
    .returning();
  await db.insert(broadcastDeliveries).values({
    broadcastId: b!.id,
    zaloUserId: 'real-citizen-0',
    language: 'vi',
    messageKind: 'promotion',
    quotaDay: '2025-10-20',
    quotaMonth: '2025-10',
    status: 'sent',
    attempts: 1,
    sentAt: when,
    receivedAt: when,
    seenAt: when,
  });
  app.clock.set('2025-11-01T03:00:00Z'); // the real survey is still open: the old demo put its answers into it
  auth = await sessionFor(app, (await createStaff(app, 'demo-report-admin', 'admin')).id);
}, 120_000);
afterAll(() => app.close());

const get = (url: string) => request(app.express).get(url).set('cookie', auth.cookie).expect(200);

/** Everything official that the demo must not change. */
async function officialFigures() {
  const survey = (await get(`/api/console/surveys/${SURVEY}/report?period=${PERIOD}`)).body;
  const exported = await anonymisedRows(app.database.db, SURVEY, reportPeriod(2025, 'year'));
  const report = (await get(`/api/console/reports/period/data?unit=so-noi-vu&period=${PERIOD}`)).body.figures;
  const province = (await get(`/api/console/reports/period/data?unit=ubnd-tinh&period=${PERIOD}`)).body
    .figures;
  const rollup = (await get(`/api/console/reports/rollup?period=${PERIOD}`)).body;
  const demoNoticed = [report.demoExcluded, province.demoExcluded];
  delete report.demoExcluded;
  delete province.demoExcluded;
  return { survey, exported, report, province, rollup, demoNoticed };
}

describe('demo data beside real data', () => {
  it('leaves the real survey’s report and export and the period report unchanged, and shows itself labelled', async () => {
    const before = await officialFigures();
    expect(before.survey.overall.n).toBe(6);
    expect(before.report.broadcasts.totals.broadcasts).toBe(1);
    const summary = await seedDemo({ db: app.database.db, clock: app.clock });
    expect(summary.surveyResponses).toBeGreaterThan(0);
    expect(summary.broadcasts).toBeGreaterThan(0);
    expect(summary.quizAttempts).toBeGreaterThan(0);
    expect(summary.surveyId).not.toBe(SURVEY);
    const seeded = await officialFigures();
    // Left out, and said so: the report page warns that demo rows exist and are not counted.
    expect(seeded.demoNoticed).toEqual([true, true]);
    expect({ ...seeded, demoNoticed: before.demoNoticed }).toEqual(before);
    // The dashboards still have something to show: the demo survey is listed, under its label, with its answers.
    const list = (await get(`/api/console/surveys?period=${PERIOD}`)).body.surveys as {
      id: string;
      title: string;
      overall: { n: number };
    }[];
    const demo = list.find((s) => s.id === summary.surveyId);
    expect(demo?.title).toMatch(/^\[Bản trình diễn\]/);
    expect(demo?.overall.n).toBeGreaterThan(0);
    // …and it is not open beside the real one, so citizens are only offered the real survey.
    expect(list.find((s) => s.id === summary.surveyId)).toMatchObject({ state: 'closed' });
    await clearDemo(app.database.db);
    expect(before.demoNoticed).toEqual([false, false]);
    expect(await officialFigures()).toEqual(before);
  }, 120_000);
});
