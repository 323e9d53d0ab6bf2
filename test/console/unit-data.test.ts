import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { discoverRoutes } from '../helpers/routes.ts';
import { submitResponse } from '../../src/surveys/surveys.service.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { quizRounds } from '../../src/quiz/quiz.schema.ts';
import { createLogger } from '../../src/logger.ts';
import { citizenAnswers } from '../surveys/fixtures.ts';
import { auditRows, createStaff, sessionFor } from './helpers.ts';

/**
 * A second unit's data, route by route: staff of Phường 1 (Vĩnh Châu) may hold every permission of their role and
 * still neither read nor change what belongs to Xã Vĩnh Hải or to Sở Nội vụ (the demo contest's organiser).
 * Every console route that takes an id is listed below, or exempt with the reason, so a new one must be added.
 */
const OWN = 'ubnd-phuong-vinh-chau';
const OTHER = 'ubnd-xa-vinh-hai';
const DEMO = 'demo-cchc-citizen';
const SURVEY = 'citizen-cchc-2025';

let app: TestApp;
type Auth = { cookie: string; csrf: string };
const as = {} as Record<'editor' | 'approver' | 'reviewer' | 'organiser' | 'otherEditor', Auth>;
let otherItem = 0;
let ownItem = 0;
let demoRound = '';

async function session(username: string, role: 'editor' | 'approver' | 'reviewer', unit: string) {
  return sessionFor(app, (await createStaff(app, username, role, unit)).id);
}

function call(auth: Auth, method: 'get' | 'post' | 'put' | 'patch' | 'delete', url: string, body?: object) {
  const req = request(app.express)[method](url).set('cookie', auth.cookie).set('x-csrf-token', auth.csrf);
  return method === 'get' ? req : req.send(body ?? {});
}

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await app.loadContent();
  // Followers and survey answers in both communes.
  await app.database.db.insert(followers).values([
    { following: true, zaloUserId: 'z-p1', displayName: 'Người P1', areaCode: 'phuong-vinh-chau' },
    { following: true, zaloUserId: 'z-vh-1', displayName: 'Người VH 1', areaCode: 'xa-vinh-hai' },
    { following: true, zaloUserId: 'z-vh-2', displayName: 'Người VH 2', areaCode: 'xa-vinh-hai' },
  ]);
  const surveyDeps = {
    db: app.database.db,
    clock: app.clock,
    logger: createLogger('silent'),
    participationSecret: 'x',
  };
  app.clock.set('2025-06-10T03:00:00Z');
  for (const [i, areaCode] of ['phuong-vinh-chau', 'xa-vinh-hai', 'xa-vinh-hai'].entries())
    await submitResponse(surveyDeps, {
      surveyId: SURVEY,
      zaloUserId: `s-${i}`,
      channel: 'chat',
      consent: true,
      answers: citizenAnswers(),
      areaCode,
    });
  app.clock.set('2026-12-01T03:00:00Z'); // the demo contest's round is open
  as.editor = await session('bt-p1', 'editor', OWN);
  as.approver = await session('pd-p1', 'approver', OWN);
  as.reviewer = await session('xem-p1', 'reviewer', OWN);
  as.organiser = await session('bt-snv', 'editor', 'so-noi-vu');
  as.otherEditor = await session('bt-vh', 'editor', OTHER);
  const item = async (auth: Auth) =>
    (await call(auth, 'post', '/api/console/broadcasts/items', { title: 'Tin', textVi: 'Nội dung' })).body
      .item.id as number;
  otherItem = await item(as.otherEditor);
  ownItem = await item(as.editor);
  demoRound = (await app.database.db.select().from(quizRounds).where(eq(quizRounds.campaignId, DEMO)))[0]!.id;
});
afterAll(() => app.close());

/** `METHOD /pattern` → who asks and what a second unit's id gives (403 or 404, never its data). */
const cases: Record<string, { auth: keyof typeof as; url: () => string; body?: object }> = {
  'GET /api/console/broadcasts/items/:id': {
    auth: 'editor',
    url: () => `/api/console/broadcasts/items/${otherItem}`,
  },
  'PUT /api/console/broadcasts/items/:id': {
    auth: 'editor',
    url: () => `/api/console/broadcasts/items/${otherItem}`,
    body: { title: 'Sửa', textVi: 'Sửa' },
  },
  'POST /api/console/broadcasts/items/:id/submit': {
    auth: 'editor',
    url: () => `/api/console/broadcasts/items/${otherItem}/submit`,
  },
  'POST /api/console/broadcasts/items/:id/approve': {
    auth: 'approver',
    url: () => `/api/console/broadcasts/items/${otherItem}/approve`,
  },
  'POST /api/console/broadcasts/items/:id/reject': {
    auth: 'approver',
    url: () => `/api/console/broadcasts/items/${otherItem}/reject`,
    body: { reason: 'Không đúng kế hoạch' },
  },
  'POST /api/console/broadcasts/items/:id/cancel': {
    auth: 'editor',
    url: () => `/api/console/broadcasts/items/${otherItem}/cancel`,
  },
  'POST /api/console/broadcasts/items/:id/schedule': {
    auth: 'approver',
    url: () => `/api/console/broadcasts/items/${otherItem}/schedule`,
    body: { scheduledAt: '2026-12-05T08:00:00+07:00' },
  },
  'GET /api/console/reference/units/:code': {
    auth: 'editor',
    url: () => `/api/console/reference/units/${OTHER}`,
  },
  'GET /api/console/surveys/:id/definition': {
    auth: 'editor',
    url: () => `/api/console/surveys/${SURVEY}/definition`,
  },
  'PUT /api/console/surveys/:id/definition': {
    auth: 'editor',
    url: () => `/api/console/surveys/${SURVEY}/definition`,
    body: { definition: {} },
  },
  'GET /api/console/quiz/campaigns/:id': { auth: 'editor', url: () => `/api/console/quiz/campaigns/${DEMO}` },
  'PUT /api/console/quiz/campaigns/:id': {
    auth: 'editor',
    url: () => `/api/console/quiz/campaigns/${DEMO}`,
    body: {},
  },
  'DELETE /api/console/quiz/campaigns/:id': {
    auth: 'editor',
    url: () => `/api/console/quiz/campaigns/${DEMO}`,
  },
  'POST /api/console/quiz/campaigns/:id/rounds': {
    auth: 'editor',
    url: () => `/api/console/quiz/campaigns/${DEMO}/rounds`,
    body: {
      no: 9,
      title: 'Vòng 9',
      opensAt: '2027-01-01T00:00:00+07:00',
      closesAt: '2027-01-08T00:00:00+07:00',
    },
  },
  'PATCH /api/console/quiz/rounds/:id': {
    auth: 'editor',
    url: () => `/api/console/quiz/rounds/${demoRound}`,
    body: { title: 'Đổi tên' },
  },
  'DELETE /api/console/quiz/rounds/:id': {
    auth: 'editor',
    url: () => `/api/console/quiz/rounds/${demoRound}`,
  },
  'GET /api/console/quiz/campaigns/:id/preview': {
    auth: 'editor',
    url: () => `/api/console/quiz/campaigns/${DEMO}/preview`,
  },
  'GET /api/console/quiz/banks/:bank/questions': {
    auth: 'editor',
    url: () => '/api/console/quiz/banks/cchc-2025/questions',
  },
  'POST /api/console/quiz/banks/:bank/import': {
    auth: 'editor',
    url: () => '/api/console/quiz/banks/cchc-2025/import',
    body: { format: 'csv', fileBase64: 'YQ==', dryRun: true },
  },
  'GET /api/console/quiz/campaigns/:id/participation': {
    auth: 'reviewer',
    url: () => `/api/console/quiz/campaigns/${DEMO}/participation`,
  },
  'GET /api/console/quiz/campaigns/:id/overall': {
    auth: 'reviewer',
    url: () => `/api/console/quiz/campaigns/${DEMO}/overall`,
  },
  'GET /api/console/quiz/campaigns/:id/export.xlsx': {
    auth: 'reviewer',
    url: () => `/api/console/quiz/campaigns/${DEMO}/export.xlsx`,
  },
  'GET /api/console/quiz/rounds/:id/leaderboard': {
    auth: 'reviewer',
    url: () => `/api/console/quiz/rounds/${demoRound}/leaderboard`,
  },
  'GET /api/console/quiz/rounds/:id/export.xlsx': {
    auth: 'reviewer',
    url: () => `/api/console/quiz/rounds/${demoRound}/export.xlsx`,
  },
  'POST /api/console/quiz/rounds/:id/publish': {
    auth: 'approver',
    url: () => `/api/console/quiz/rounds/${demoRound}/publish`,
  },
};

/** Id routes whose data is not a unit's, or whose second-unit case lives elsewhere (with where). */
const exempt: Record<string, string> = {
  // The year's plan is the province's one document (KH of UBND); editing and approving are plan.edit / plan.approve.
  'GET /api/console/plan/:year/report-periods': 'province-wide plan document',
  'GET /api/console/plan/:year/document': 'province-wide plan document',
  'POST /api/console/plan/:year/from-previous': 'province-wide plan document',
  'PUT /api/console/plan/:year/document': 'province-wide plan document',
  'POST /api/console/plan/:year/approve': 'province-wide plan document',
  'GET /api/console/plan/:year/export.yaml': 'province-wide plan document',
  'POST /api/console/plan/:year/submit': 'province-wide plan document',
  // The knowledge base is the province's one set of answers: every unit reads it, only province-unit staff change
  // it (a commune editor's save is 403 "đơn vị cấp tỉnh": test/faq/kb-workflow.test.ts).
  'GET /api/console/faq/topics/:id': 'province-wide knowledge base, read by every unit',
  'GET /api/console/faq/topics/:id/versions': 'province-wide knowledge base, read by every unit',
  'PUT /api/console/faq/topics/:id': 'province-unit writes only: test/faq/kb-workflow.test.ts',
  'POST /api/console/faq/topics/:id/submit': 'province-unit writes only (as PUT)',
  'POST /api/console/faq/topics/:id/reject': 'province-unit writes only (as PUT)',
  'POST /api/console/faq/topics/:id/publish': 'province-unit writes only (as PUT)',
  'POST /api/console/faq/topics/:id/versions/:number/restore': 'province-unit writes only (as PUT)',
  'POST /api/console/faq/topics/:id/review': 'province-unit writes only (as PUT)',
  'POST /api/console/faq/unanswered/:id/assign': 'province-unit writes only (as PUT)',
  'PATCH /api/console/accounts/:id': 'accounts.manage is admin-only; admins are province-wide',
  'GET /api/console/plan/:year': "the province's plan, read by every unit",
  'GET /api/console/plan/:year/months/:month': "the province's plan, read by every unit",
  'GET /api/console/plan/:year/quota-report': "the province's plan, read by every unit",
  'GET /api/console/surveys/:id/report': 'scoped by filtering: see "survey reports" below',
  'GET /api/console/surveys/:id/export.xlsx': 'scoped by filtering: see "survey reports" below',
  'GET /api/console/surveys/:id/export.pdf': 'scoped by filtering (same report as export.xlsx)',
  'GET /api/console/broadcasts/:id': 'a broadcast of another unit: 404 in test/broadcasts/api.test.ts',
  'GET /api/console/broadcasts/:id/export': 'as GET /broadcasts/:id',
  'POST /api/console/broadcasts/:id/resume': 'as GET /broadcasts/:id',
  'GET /api/console/followers/:id': 'second area: test/console/scope.test.ts',
  'GET /api/console/handoff/:id': 'second area: test/console/scope.test.ts',
  'POST /api/console/handoff/:id/assign': 'second area: test/console/scope.test.ts (reply)',
  'POST /api/console/handoff/:id/close': 'second area: test/console/scope.test.ts (reply)',
  'POST /api/console/handoff/:id/reply': 'second area: test/console/scope.test.ts',
};

describe("a second unit's data", () => {
  it('every console route that takes an id has a second-unit case or a stated exemption', () => {
    const idRoutes = discoverRoutes(app.express)
      .filter((r) => r.path.startsWith('/api/console') && r.path.includes('/:'))
      .map((r) => `${r.method} ${r.path}`);
    expect(idRoutes.filter((k) => !(k in cases) && !(k in exempt))).toEqual([]);
  });

  it.each(Object.keys(cases))(
    '%s: refused (403/404) for a commune of another unit, and audited',
    async (key) => {
      const c = cases[key]!;
      const method = key.split(' ')[0]!.toLowerCase() as 'get';
      const res = await call(as[c.auth], method, c.url(), c.body);
      expect([403, 404], `${key} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain(
        res.status,
      );
    },
  );

  it('the organiser unit itself reads the key and manages rounds; a commune its own items', async () => {
    expect((await call(as.organiser, 'get', `/api/console/quiz/campaigns/${DEMO}/preview`)).status).toBe(200);
    expect((await call(as.organiser, 'get', '/api/console/quiz/banks/cchc-2025/questions')).status).toBe(200);
    const round = await call(as.organiser, 'post', `/api/console/quiz/campaigns/${DEMO}/rounds`, {
      no: 7,
      title: 'Vòng 7',
      opensAt: '2027-02-01T00:00:00+07:00',
      closesAt: '2027-02-08T00:00:00+07:00',
    });
    expect(round.status).toBe(201);
    expect((await call(as.organiser, 'delete', `/api/console/quiz/rounds/${round.body.id}`)).status).toBe(
      204,
    );
    expect((await call(as.editor, 'get', `/api/console/broadcasts/items/${ownItem}`)).status).toBe(200);
    const denied = (await auditRows(app)).filter(
      (r) => r.action === 'access.denied' && r.username === 'bt-p1',
    );
    expect(denied.map((r) => r.targetType)).toEqual(expect.arrayContaining(['unit', 'quiz_campaign']));
  });

  it("Sở Nội vụ's survey: its editors read and save the definition, a commune's editor is refused and audited", async () => {
    const url = `/api/console/surveys/${SURVEY}/definition`;
    const denied = await call(as.editor, 'get', url);
    expect(denied.status).toBe(403);
    expect((await call(as.editor, 'get', '/api/console/surveys/definitions')).body.surveys).toEqual([]);

    const own = await call(as.organiser, 'get', url);
    expect(own.status).toBe(200);
    expect(own.body.definition.ownerUnit).toBe('so-noi-vu');
    const listed = (await call(as.organiser, 'get', '/api/console/surveys/definitions')).body.surveys;
    expect(listed.map((d: { id: string }) => d.id)).toContain(SURVEY);
    const edited = { ...own.body.definition, source: `${own.body.definition.source ?? ''} (sửa)` };
    const saved = await call(as.organiser, 'put', url, { definition: edited });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(own.body.version + 1);

    // Nor may the owner hand the survey to a unit outside its scope, or to one that does not exist.
    const handOver = await call(as.organiser, 'put', url, { definition: { ...edited, ownerUnit: OWN } });
    expect(handOver.status).toBe(403);
    const province = await session('bt-tinh-ks', 'editor', 'ubnd-tinh'); // province-wide: any unit in scope
    const unknown = await call(province, 'put', url, { definition: { ...edited, ownerUnit: 'so-khong-co' } });
    expect(unknown.status).toBe(400);
    const refused = await call(as.editor, 'put', url, { definition: edited });
    expect(refused.status).toBe(403);
    const current = await call(as.organiser, 'get', url);
    expect(current.body.version).toBe(saved.body.version); // nothing saved by the refused edits

    const audited = (await auditRows(app)).filter(
      (r) => r.action === 'access.denied' && r.username === 'bt-p1' && r.targetType === 'survey',
    );
    expect(audited.length).toBeGreaterThanOrEqual(2);
  });

  it('the answer key opens to others once every round has closed', async () => {
    // A province-level editor (not Sở Nội vụ): in scope for the contest, but not its organiser.
    const before = await session('bt-tinh', 'editor', 'ubnd-tinh');
    expect((await call(before, 'get', `/api/console/quiz/campaigns/${DEMO}/preview`)).status).toBe(403);
    expect((await call(before, 'get', `/api/console/quiz/campaigns/${DEMO}`)).status).toBe(200);
    const rounds = await app.database.db.select().from(quizRounds).where(eq(quizRounds.campaignId, DEMO));
    const lastClose = Math.max(...rounds.map((r) => r.closesAt.getTime()));
    app.clock.set(new Date(lastClose + 11_000)); // every round closed, late-submit grace (10 s) included
    try {
      const after = await session('bt-tinh-2', 'editor', 'ubnd-tinh');
      expect((await call(after, 'get', `/api/console/quiz/campaigns/${DEMO}/preview`)).status).toBe(200);
      const keyDenied = (await auditRows(app)).filter((r) => r.username === 'bt-tinh');
      expect(keyDenied.map((r) => [r.action, r.targetType])).toEqual([['access.denied', 'quiz_answer_key']]);
    } finally {
      app.clock.set('2026-12-01T03:00:00Z');
    }
  });

  it('survey reports and exports count only the communes of the unit; province staff see all', async () => {
    const mine = await call(as.reviewer, 'get', `/api/console/surveys/${SURVEY}/report?period=2025-year`);
    expect(mine.status).toBe(200);
    expect(mine.body.overall.n).toBe(1);
    expect(mine.body.byCommune.map((c: { areaCode: string }) => c.areaCode)).toEqual(['phuong-vinh-chau']);
    expect(mine.body.questions).toEqual([]);
    const list = await call(as.reviewer, 'get', '/api/console/surveys?period=2025-year');
    expect(list.body.surveys.find((s: { id: string }) => s.id === SURVEY).overall.n).toBe(1);
    const province = await session('xem-snv', 'reviewer', 'so-noi-vu');
    const all = await call(province, 'get', `/api/console/surveys/${SURVEY}/report?period=2025-year`);
    expect(all.body.overall.n).toBe(3);
  });

  it('broadcast audience previews count only the unit’s followers and refuse another commune', async () => {
    const preview = (segment: object) =>
      call(as.approver, 'post', '/api/console/broadcasts/preview', {
        scheduledAt: '2026-12-05T08:00:00+07:00',
        segment,
      });
    const own = await preview({});
    expect(own.status).toBe(200);
    expect(own.body.matched).toBe(1);
    expect((await preview({ areas: ['xa-vinh-hai'] })).status).toBe(403);
  });
});
