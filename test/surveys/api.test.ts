import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { SessionSigner } from '../../src/miniapp/miniapp.session.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { eq } from 'drizzle-orm';
import { surveyResponses } from '../../src/surveys/surveys.schema.ts';
import { citizenAnswers } from './fixtures.ts';

let app: TestApp;
let bearer: (zaloUserId: string) => string;
const staff: Record<string, { cookie: string; csrf: string }> = {};

beforeAll(async () => {
  app = await createTestApp();
  await loadReferenceData(app.database.db, 'content');
  await loadSurveyFiles(app.database.db, 'content');
  const signer = new SessionSigner(app.config.SESSION_SECRET, app.clock);
  bearer = (zaloUserId) => `Bearer ${signer.sign({ zaloUserId, name: 'Người thử', kind: 'dev' }).token}`;
  for (const role of ['reviewer', 'editor', 'admin', 'agent'] as const) {
    const account = await createStaff(app, `survey-${role}`, role);
    staff[role] = await sessionFor(app, account.id);
  }
});
afterAll(() => app.close());

describe('mini-app survey API', () => {
  it('needs a mini-app session', async () => {
    expect((await request(app.express).get('/api/miniapp/surveys')).status).toBe(401);
  });

  it('lists open surveys and serves the form without the answer key', async () => {
    const list = await request(app.express)
      .get('/api/miniapp/surveys?lang=en')
      .set('authorization', bearer('mini-1'));
    expect(list.status).toBe(200);
    expect(list.body.surveys.map((s: { id: string; answered: boolean }) => [s.id, s.answered])).toEqual([
      ['citizen-cchc-2025', false],
      ['civil-servant-cchc-2025', false],
    ]);
    const form = await request(app.express)
      .get('/api/miniapp/surveys/citizen-cchc-2025')
      .set('authorization', bearer('mini-1'));
    expect(form.status).toBe(200);
    expect(form.body.form.consent).toContain('Nghị định số 13/2023/NĐ-CP');
    expect(form.body.communes.length).toBeGreaterThan(10);
    expect(JSON.stringify(form.body)).not.toContain('"correct"');
    expect(JSON.stringify(form.body)).not.toContain('000_97d3f2a78031f67b');
  });

  it('accepts one submission, then refuses a second with 409 and a Vietnamese message', async () => {
    const body = { consent: true, answers: citizenAnswers(), areaCode: 'phuong-vinh-phuoc', language: 'vi' };
    const first = await request(app.express)
      .post('/api/miniapp/surveys/citizen-cchc-2025')
      .set('authorization', bearer('mini-2'))
      .send(body);
    expect(first.status).toBe(201);
    const second = await request(app.express)
      .post('/api/miniapp/surveys/citizen-cchc-2025')
      .set('authorization', bearer('mini-2'))
      .send(body);
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain('Bạn đã trả lời khảo sát này');
    const list = await request(app.express)
      .get('/api/miniapp/surveys')
      .set('authorization', bearer('mini-2'));
    expect(list.body.surveys[0].answered).toBe(true);
  });

  it('answers bad input with 400 and the reasons, never a 500', async () => {
    const post = (body: unknown) =>
      request(app.express)
        .post('/api/miniapp/surveys/citizen-cchc-2025')
        .set('authorization', bearer('mini-3'))
        .send(body as object);
    const noConsent = await post({ answers: citizenAnswers() });
    expect(noConsent.status).toBe(400);
    expect(JSON.stringify(noConsent.body)).toContain('Bạn cần đồng ý tham gia khảo sát');
    const likert = await post({ consent: true, answers: { ...citizenAnswers(), s1: 9, zz: 1 } });
    expect(likert.status).toBe(400);
    expect(JSON.stringify(likert.body)).toContain('điểm 9 nằm ngoài thang 1–5');
    expect(JSON.stringify(likert.body)).toContain('Câu hỏi \\"zz\\" không có trong khảo sát này.');
    expect((await post({ consent: true, answers: 'x' })).status).toBe(400);
    expect(
      (await request(app.express).get('/api/miniapp/surveys/khong-co').set('authorization', bearer('mini-3')))
        .status,
    ).toBe(404);
  });

  it('refuses outside the survey period', async () => {
    app.clock.set('2025-12-14T17:00:00Z'); // 15/12/2025 00:00 local: the 2025 surveys have ended
    const res = await request(app.express)
      .post('/api/miniapp/surveys/citizen-cchc-2025')
      .set('authorization', bearer('mini-4'))
      .send({ consent: true, answers: citizenAnswers() });
    expect(res.status).toBe(410);
    expect(JSON.stringify(res.body)).toContain('Khảo sát này đã kết thúc');
    app.clock.set('2025-06-02T02:00:00Z');
  });
});

describe('console survey API', () => {
  const get = (role: string, url: string) => request(app.express).get(url).set('cookie', staff[role]!.cookie);

  it('reviewer reads the report and exports XLSX; cannot edit', async () => {
    const report = await get('reviewer', '/api/console/surveys/citizen-cchc-2025/report?period=2025-h1');
    expect(report.status).toBe(200);
    expect(report.body.period.key).toBe('2025-h1');
    expect(report.body.overall).toMatchObject({ n: 1, understands: 1, status: 'undetermined' });
    const xlsx = await get('reviewer', '/api/console/surveys/citizen-cchc-2025/export.xlsx?period=2025-year')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    expect(wb.getWorksheet('Dữ liệu ẩn danh')!.rowCount).toBe(2);
    expect((await get('reviewer', '/api/console/surveys/citizen-cchc-2025/definition')).status).toBe(403);
  });

  it('custom ranges and bad periods', async () => {
    const ok = await get(
      'reviewer',
      '/api/console/surveys/citizen-cchc-2025/report?from=2025-06-01&to=2025-06-30',
    );
    expect(ok.body.period.label).toBe('Từ 01/06/2025 đến 30/06/2025');
    const bad = await get('reviewer', '/api/console/surveys/citizen-cchc-2025/report?period=2025-q2');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Kỳ báo cáo hoặc khoảng ngày không hợp lệ');
  });

  it('editor edits the definition (new version, validated) but cannot read reports; agent gets nothing', async () => {
    const current = await get('editor', '/api/console/surveys/citizen-cchc-2025/definition');
    expect(current.status).toBe(200);
    const def = { ...current.body.definition, target: { share: 0.85 } };
    const put = (definition: unknown) =>
      request(app.express)
        .put('/api/console/surveys/citizen-cchc-2025/definition')
        .set('cookie', staff.editor!.cookie)
        .set('x-csrf-token', staff.editor!.csrf)
        .send({ definition });
    const saved = await put(def);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.body.version + 1);
    // Saved, with the definition check's warning for the editor (2025: every correct option second).
    expect(current.body.warnings).toEqual([
      'citizen-cchc-2025: đáp án đúng của cả 4 câu kiến thức đều ở vị trí thứ 2',
    ]);
    expect(saved.body.warnings).toEqual(current.body.warnings);
    const broken = await put({ ...def, questions: [{ ...def.questions[0], type: 'likert' }] });
    expect(broken.status).toBe(400);
    expect((await get('editor', '/api/console/surveys/citizen-cchc-2025/report')).status).toBe(403);
    expect((await get('agent', '/api/console/surveys')).status).toBe(403);
    const list = await get('admin', '/api/console/surveys');
    expect(list.body.surveys[0]).toMatchObject({ id: 'citizen-cchc-2025', target: 0.85, version: 2 });
  });
});

describe('mini-app survey API in 2026: shuffled knowledge options', () => {
  it('serves the 2026 form in a per-respondent order and stores that order with the answers', async () => {
    app.clock.set('2026-12-01T03:00:00Z');
    const list = await request(app.express)
      .get('/api/miniapp/surveys')
      .set('authorization', bearer('mini-26'));
    expect(list.body.surveys.map((s: { id: string }) => s.id)).toEqual([
      'citizen-cchc-2026',
      'civil-servant-cchc-2026',
    ]);
    const form = await request(app.express)
      .get('/api/miniapp/surveys/citizen-cchc-2026')
      .set('authorization', bearer('mini-26'));
    expect(form.status).toBe(200);
    const { optionSeed, questions, consent } = form.body.form as {
      optionSeed: number;
      consent: string;
      questions: { id: string; options?: { id: string }[] }[];
    };
    expect(consent).toContain('91/2025/QH15');
    expect(Number.isInteger(optionSeed)).toBe(true);
    const shown = Object.fromEntries(
      questions.filter((q) => q.id.startsWith('k')).map((q) => [q.id, q.options!.map((o) => o.id)]),
    );
    for (const order of Object.values(shown)) expect(order.at(-1)).toBe('dk');

    const answers = {
      r1: 'a',
      s1: 5,
      s2: 5,
      s3: 4,
      k1: 'a',
      k2: 'c',
      k3: 'd',
      k4: 'b',
      k5: 'a',
      u1: 'no',
      u3: ['a'],
      c1: ['b'],
    };
    const bad = await request(app.express)
      .post('/api/miniapp/surveys/citizen-cchc-2026')
      .set('authorization', bearer('mini-26'))
      .send({ consent: true, answers, optionSeed: -1 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Mã thứ tự phương án không hợp lệ');

    const ok = await request(app.express)
      .post('/api/miniapp/surveys/citizen-cchc-2026')
      .set('authorization', bearer('mini-26'))
      .send({ consent: true, answers, optionSeed, areaCode: 'phuong-vinh-chau' });
    expect(ok.status).toBe(201);
    const [row] = await app.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, 'citizen-cchc-2026'));
    expect(row!.optionOrder).toEqual(shown);
    // Stored in the definition's terms: option ids, whatever positions they had on this phone.
    expect(row!.answers).toMatchObject({ k1: 'a', k2: 'c', k3: 'd', k4: 'b', k5: 'a' });
    expect(row).toMatchObject({ knowledgeCorrect: 4, understands: true });
    // The dashboard follows the survey open now, not the first citizen survey by id (2025, closed).
    // A session of today (the ones made at the start are a year old on this clock).
    const admin = await sessionFor(app, (await createStaff(app, 'survey-admin-2026', 'admin')).id);
    const dashboard = await request(app.express).get('/api/console/dashboard').set('cookie', admin.cookie);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.surveyProgress).toMatchObject({ rate: 1, sampleSize: 1, target: 0.8 });
  });
});
