import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadAllPlans } from '../../src/plan/plan.service.ts';
import { planFileSchema } from '../../src/plan/plan.file.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';

let app: TestApp;
type Auth = { cookie: string; csrf: string };
let editor: Auth;
let admin: Auth;
let approver: Auth;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  await loadAllPlans(app.database.db, 'content');
  await loadSurveyFiles(app.database.db, 'content');
  editor = await sessionFor(app, (await createStaff(app, 'plan-editor', 'editor')).id);
  admin = await sessionFor(app, (await createStaff(app, 'plan-admin', 'admin')).id);
  approver = await sessionFor(app, (await createStaff(app, 'plan-approver', 'approver')).id);
});
afterAll(() => app.close());

const call = (who: Auth, method: 'get' | 'post' | 'put', url: string, body?: object) => {
  const agent = request(app.express);
  const req = method === 'get' ? agent.get(url) : method === 'post' ? agent.post(url) : agent.put(url);
  return req.set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body);
};

describe('plans in the console', () => {
  it('creates 2026 from 2025: themes, items with months, units, quotas and report periods; timing moved to 2026', async () => {
    const res = await call(editor, 'post', '/api/console/plan/2026/from-previous').expect(201);
    const prev = (await call(editor, 'get', '/api/console/plan/2025/document').expect(200)).body.document;
    const doc = res.body.document;
    expect(res.body.status).toBe('draft');
    expect(doc.year).toBe(2026);
    expect(doc.themes).toEqual(prev.themes);
    expect(doc.quotas).toEqual(prev.quotas);
    expect(doc.reportPeriods).toEqual(prev.reportPeriods);
    expect(doc.items.map((i: { months: number[] }) => i.months)).toEqual(
      prev.items.map((i: { months: number[] }) => i.months),
    );
    expect(doc.items.map((i: { lead: string[] }) => i.lead)).toEqual(
      prev.items.map((i: { lead: string[] }) => i.lead),
    );
    for (const i of doc.items) expect(i.when).not.toContain('2025');
    expect(doc.issuedAs).toBeUndefined();
  });

  it('refuses a year that already has a plan with 409 and a clear message', async () => {
    const again = await call(editor, 'post', '/api/console/plan/2026/from-previous').expect(409);
    expect(JSON.stringify(again.body)).toContain('Kế hoạch năm 2026 đã có');
    await call(editor, 'post', '/api/console/plan/2025/from-previous').expect(409);
    const none = await call(editor, 'post', '/api/console/plan/2030/from-previous').expect(404);
    expect(JSON.stringify(none.body)).toContain('năm 2029');
  });

  it('validates edits as a plan file would be, and keeps them', async () => {
    const { document } = (await call(editor, 'get', '/api/console/plan/2026/document').expect(200)).body;
    const bad = structuredClone(document);
    bad.items[0].theme = 'khong-co-chu-de';
    const refused = await call(editor, 'put', '/api/console/plan/2026/document', { document: bad }).expect(
      400,
    );
    expect(JSON.stringify(refused.body)).toContain('chưa khai báo');
    document.items[0].months = [2, 3];
    document.items[0].title = 'Kết quả CCHC năm 2025; kế hoạch CCHC năm 2026';
    await call(editor, 'put', '/api/console/plan/2026/document', { document }).expect(200);
    await call(admin, 'put', '/api/console/plan/2026/document', { document }).expect(200);
  });

  it('edits themes, items’ units, quotas and report periods; refuses unknown units, duplicate codes and periods', async () => {
    const { document } = (await call(editor, 'get', '/api/console/plan/2026/document').expect(200)).body;
    const refuse = async (change: (d: typeof document) => void, text: string) => {
      const bad = structuredClone(document);
      change(bad);
      const res = await call(editor, 'put', '/api/console/plan/2026/document', { document: bad }).expect(400);
      expect(JSON.stringify(res.body)).toContain(text);
    };
    await refuse((d) => (d.items[0].lead = ['khong-co-don-vi']), 'khong-co-don-vi');
    await refuse((d) => d.themes.push({ ...d.themes[0] }), 'trùng');
    await refuse((d) => (d.reportPeriods[1].id = 'q1'), 'trùng');
    await refuse((d) => (d.reportPeriods[0].due = '3-18'), 'MM-DD');
    await refuse((d) => (d.quotas[0].min = 0), 'quotas');
    document.themes.push({ code: 'chinh-quyen-hai-cap', label: 'Chính quyền địa phương hai cấp' });
    document.themes[0].label = 'PAR Index, SIPAS (đổi tên)';
    document.items[2].theme = 'chinh-quyen-hai-cap';
    document.items[2].lead = ['so-noi-vu'];
    document.items[2].cooperating = ['ubnd-tinh'];
    document.quotas[0].min = 3;
    document.reportPeriods[0].due = '03-20';
    document.reportPeriods[0].to = '03-31'; // a plan may close Q1 on another day than KH 196's 14/3
    await call(editor, 'put', '/api/console/plan/2026/document', { document }).expect(200);
    const saved = (await call(editor, 'get', '/api/console/plan/2026/document').expect(200)).body.document;
    expect(saved.themes.at(-1)).toEqual({
      code: 'chinh-quyen-hai-cap',
      label: 'Chính quyền địa phương hai cấp',
    });
    expect(saved.items[2]).toMatchObject({
      theme: 'chinh-quyen-hai-cap',
      lead: ['so-noi-vu'],
      cooperating: ['ubnd-tinh'],
    });
    expect(saved.quotas[0].min).toBe(3);
    // A draft's periods are a proposal: the year's report periods follow the plan once it is approved.
    const periods = (await call(editor, 'get', '/api/console/plan/2026/report-periods').expect(200)).body
      .periods;
    expect(periods[0]).toMatchObject({ key: '2026-q1', fromPlan: false });
  });

  it('is approved only by someone who did not edit it (four eyes), after submission, and then is the year’s plan', async () => {
    const early = await call(approver, 'post', '/api/console/plan/2026/approve').expect(409);
    expect(JSON.stringify(early.body)).toContain('chưa được trình duyệt');
    await call(approver, 'post', '/api/console/plan/2026/submit').expect(403); // approvers do not submit
    expect((await call(editor, 'post', '/api/console/plan/2026/submit').expect(200)).body.status).toBe(
      'submitted',
    );
    await call(editor, 'post', '/api/console/plan/2026/submit').expect(409);
    // An edit after submission withdraws it: the approver approves what they saw.
    const { document: submitted } = (await call(editor, 'get', '/api/console/plan/2026/document').expect(200))
      .body;
    const edited = await call(editor, 'put', '/api/console/plan/2026/document', {
      document: submitted,
    }).expect(200);
    expect(edited.body.status).toBe('draft');
    await call(editor, 'post', '/api/console/plan/2026/submit').expect(200);
    await call(editor, 'post', '/api/console/plan/2026/approve').expect(403); // no permission
    const own = await call(admin, 'post', '/api/console/plan/2026/approve').expect(403); // edited it
    expect(JSON.stringify(own.body)).toContain('bốn mắt');
    await call(approver, 'get', '/api/console/plan/2026').expect(404); // a draft is not the plan yet
    const ok = await call(approver, 'post', '/api/console/plan/2026/approve').expect(200);
    expect(ok.body).toMatchObject({ status: 'approved', approvedBy: expect.any(String) });
    const plan = (await call(approver, 'get', '/api/console/plan/2026').expect(200)).body;
    expect(plan.items[0]).toMatchObject({
      months: [2, 3],
      title: 'Kết quả CCHC năm 2025; kế hoạch CCHC năm 2026',
    });
    const { document } = (await call(editor, 'get', '/api/console/plan/2026/document').expect(200)).body;
    await call(editor, 'put', '/api/console/plan/2026/document', { document }).expect(409);
  });

  it('exports content/plan/2026.yaml that loads back as the same plan', async () => {
    const res = await call(editor, 'get', '/api/console/plan/2026/export.yaml').expect(200);
    expect(res.headers['content-disposition']).toContain('2026.yaml');
    const file = planFileSchema.parse(parse(res.text));
    const plan = (await call(editor, 'get', '/api/console/plan/2026').expect(200)).body;
    expect(file.year).toBe(2026);
    expect(file.items.map((i) => [i.no, i.theme, i.months])).toEqual(
      plan.items.map((i: { no: number; theme: string; months: number[] }) => [i.no, i.theme, i.months]),
    );
  });

  it('gives the survey report and the quota report the approved plan’s days for an official period', async () => {
    const survey = await call(
      approver,
      'get',
      '/api/console/surveys/citizen-cchc-2026/report?period=2026-q1',
    );
    expect(survey.status).toBe(200);
    expect(survey.body.period).toMatchObject({ firstDay: '2025-12-15', lastDay: '2026-03-31' });
    const quotas = await call(approver, 'get', '/api/console/plan/2026/quota-report?period=q1').expect(200);
    expect(quotas.body.period).toMatchObject({ lastDay: '2026-03-31' });
    // A year without an approved plan keeps KH 196's days.
    const old = await call(approver, 'get', '/api/console/surveys/citizen-cchc-2026/report?period=2027-q1');
    expect(old.body.period).toMatchObject({ firstDay: '2026-12-15', lastDay: '2027-03-14' });
  });

  it('takes the report periods and their due days from the plan', async () => {
    const res = await call(editor, 'get', '/api/console/plan/2026/report-periods').expect(200);
    expect(
      res.body.periods.map((p: { key: string; due: string; fromPlan: boolean }) => [
        p.key,
        p.due,
        p.fromPlan,
      ]),
    ).toEqual([
      ['2026-q1', '2026-03-20', true],
      ['2026-h1', '2026-06-18', true],
      ['2026-q3', '2026-09-18', true],
      ['2026-year', '2026-12-18', true],
    ]);
  });
});
