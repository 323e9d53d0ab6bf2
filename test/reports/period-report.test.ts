import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import JSZip from 'jszip';
import { and, asc, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, createStaff, sessionFor } from '../console/helpers.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { areas, units } from '../../src/areas/areas.schema.ts';
import { loadAllPlans } from '../../src/plan/plan.service.ts';
import { approvePlan, submitPlan } from '../../src/plan/plan.editor.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { seedDemo } from '../../src/demo/demo.seed.ts';
import { broadcasts, contentItems } from '../../src/broadcasts/broadcasts.schema.ts';
import { rowsOf } from '../../src/db/client.ts';
import { inSnapshot } from '../../src/reports/period-report.service.ts';
import { findSoffice } from '../../src/reports/period-report.pdf.ts';
import { percent } from '../../src/reports/period-report.content.ts';
import type { PeriodFigures } from '../../src/reports/period-figures.ts';

const run = promisify(execFile);
let app: TestApp;
const UNIT_A = 'a-test-xa-1';
const UNIT_B = 'a-test-xa-2';
let areaA: string;
let auth: Record<'province' | 'admin' | 'reviewerB' | 'editorA', { cookie: string; csrf: string }>;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app.clock.set('2026-12-01T03:00:00Z');
  const db = app.database.db;
  await loadReferenceData(db, 'content');
  await loadAllPlans(db, 'content');
  await loadSurveyFiles(db, 'content');
  // Two commune units of our own, on the first communes of whatever areas are loaded (the demo uses those first).
  const communes = await db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.active, 1)))
    .orderBy(asc(areas.code))
    .limit(2);
  const [province] = await db
    .select({ code: units.code })
    .from(units)
    .where(eq(units.kind, 'province'))
    .limit(1);
  areaA = communes[0]!.code;
  await db.insert(units).values([
    {
      code: UNIT_A,
      name: 'UBND xã Thử Nghiệm Một',
      kind: 'commune',
      parentCode: province!.code,
      areaCode: areaA,
    },
    {
      code: UNIT_B,
      name: 'UBND xã Thử Nghiệm Hai',
      kind: 'commune',
      parentCode: province!.code,
      areaCode: communes[1]!.code,
    },
  ]);
  await seedDemo({ db, clock: app.clock });
  // The demo generator as a fixture of real data: official reports never count demo rows, so unregistered (but for
  // the plan) its followers, broadcasts, contest and survey answers are what this test reports on.
  await db.execute(sql`delete from demo_registry where table_name <> 'plan_documents'`);
  // The demo's 2026 plan is a draft: submit it and approve it (someone who did not edit it) so plan items are due.
  await submitPlan({ db, clock: app.clock }, 2026);
  await approvePlan({ db, clock: app.clock }, 2026, 'another-approver');
  auth = {
    province: await sessionFor(app, (await createStaff(app, 'snv-reviewer', 'reviewer', province!.code)).id),
    admin: await sessionFor(app, (await createStaff(app, 'report-admin', 'admin', province!.code)).id),
    reviewerB: await sessionFor(app, (await createStaff(app, 'xa-b-reviewer', 'reviewer', UNIT_B)).id),
    editorA: await sessionFor(app, (await createStaff(app, 'xa-a-editor', 'editor', UNIT_A)).id),
  };
}, 120_000);
afterAll(() => app.close());

function get(who: keyof typeof auth, url: string) {
  return request(app.express).get(url).set('cookie', auth[who].cookie);
}
function send(who: keyof typeof auth, method: 'put' | 'post', url: string, body: object) {
  const agent = request(app.express);
  const req = method === 'put' ? agent.put(url) : agent.post(url);
  return req.set('cookie', auth[who].cookie).set('x-csrf-token', auth[who].csrf).send(body);
}
function binary(req: request.Test) {
  return req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
async function docxText(file: Buffer, part = 'word/document.xml') {
  const zip = await JSZip.loadAsync(file);
  const xml = await zip.file(part)!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
async function figuresOf(unit: string, period: string): Promise<PeriodFigures> {
  const res = await get('province', `/api/console/reports/period/data?unit=${unit}&period=${period}`).expect(
    200,
  );
  return res.body.figures;
}

describe('period report figures equal the console pages', () => {
  it('survey share, n, Wilson interval and status equal the survey report page for the unit’s commune', async () => {
    const f = await figuresOf(UNIT_A, '2026-year');
    expect(f.surveys.length).toBeGreaterThan(0);
    for (const s of f.surveys) {
      const page = await get('admin', `/api/console/surveys/${s.surveyId}/report?period=2026-year`).expect(
        200,
      );
      const row = page.body.byCommune.find((c: { areaCode: string }) => c.areaCode === areaA);
      // A survey nobody of this commune answered has no row on the page, and n = 0 in the report.
      if (!row) {
        expect(s.estimate.n, s.surveyId).toBe(0);
        continue;
      }
      expect(s.estimate).toEqual({
        n: row.n,
        understands: row.understands,
        p: row.p,
        interval: row.interval,
        status: row.status,
      });
    }
    expect(f.surveys.some((s) => s.estimate.n > 0)).toBe(true);
  });

  it('contest participation by commune equals the contest page with the same period', async () => {
    const f = await figuresOf(UNIT_A, '2026-year');
    expect(f.quiz.campaigns.length).toBeGreaterThan(0);
    for (const c of f.quiz.campaigns) {
      const page = await get(
        'admin',
        `/api/console/quiz/campaigns/${c.id}/participation?period=2026-year`,
      ).expect(200);
      const row = page.body.byCommune.find((r: { key: string }) => r.key === areaA);
      expect(c.rows).toEqual([row]);
    }
  });

  it('reach, reads and clicks equal the sum of the broadcast pages of the unit’s broadcasts in the period', async () => {
    const f = await figuresOf(UNIT_A, '2026-year');
    const ids = await app.database.db
      .select({ id: broadcasts.id })
      .from(broadcasts)
      .innerJoin(contentItems, eq(contentItems.id, broadcasts.itemId))
      .where(eq(contentItems.unitCode, UNIT_A));
    expect(ids.length).toBeGreaterThan(0);
    const sum = { sent: 0, received: 0, seen: 0, clicks: 0 };
    for (const { id } of ids) {
      const page = await get('admin', `/api/console/broadcasts/${id}`).expect(200);
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += page.body.stats.totals[k];
    }
    expect({ ...f.broadcasts.totals, items: undefined, broadcasts: undefined }).toEqual({
      ...sum,
      items: undefined,
      broadcasts: undefined,
    });
    expect(f.broadcasts.totals.broadcasts).toBe(ids.length);
  });

  it('plan items due in Q1 are the unit’s items of months 1–3, done when a broadcast of the theme went out', async () => {
    const f = await figuresOf(UNIT_A, '2026-q1');
    expect(f.plan.available).toBe(true);
    for (const i of f.plan.items) expect(i.months.some((m) => m >= 1 && m <= 3)).toBe(true);
    expect(f.plan.due).toBe(f.plan.items.length);
    expect(f.plan.done).toBe(f.plan.items.filter((i) => i.done).length);
    expect(f.period).toMatchObject({ firstDay: '2025-12-15', lastDay: '2026-03-14', due: '2026-03-18' });
  });
});

describe('the Word document', () => {
  it('has the national motto, unit, number and date placeholders, title with the period, figures and footnotes', async () => {
    const res = await binary(
      get('province', `/api/console/reports/period?unit=${UNIT_A}&period=2026-year&format=docx`),
    ).expect(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(res.body as Buffer);
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'UBND XÃ THỬ NGHIỆM MỘT',
      'Số: …/BC-',
      '…, ngày … tháng … năm …',
      'BÁO CÁO',
      'Kết quả thực hiện công tác tuyên truyền cải cách hành chính năm 2026',
      'KẾT QUẢ ĐẠT ĐƯỢC',
      'TỒN TẠI, HẠN CHẾ',
    ])
      expect(text).toContain(expected);
    const f = await figuresOf(UNIT_A, '2026-year');
    const s = f.surveys.find((x) => x.estimate.n > 0)!;
    expect(text).toContain(percent(s.estimate.p!));
    expect(text).toContain(`${percent(s.estimate.interval!.lower)} – ${percent(s.estimate.interval!.upper)}`);
    expect(text).toContain(`gửi tới ${f.broadcasts.totals.sent.toLocaleString('vi-VN')} lượt`);
    const notes = await docxText(res.body as Buffer, 'word/footnotes.xml');
    expect(notes).toContain('Wilson');
    const styles = await docxText(res.body as Buffer, 'word/styles.xml');
    const rawStyles = await (
      await JSZip.loadAsync(res.body as Buffer)
    )
      .file('word/styles.xml')!
      .async('string');
    expect(rawStyles + styles).toContain('Times New Roman');
  });

  it('says "Chưa có dữ liệu" for a period without data instead of showing 0%', async () => {
    const res = await binary(
      get('province', `/api/console/reports/period?unit=${UNIT_B}&period=2025-q1`),
    ).expect(200);
    const text = await docxText(res.body as Buffer);
    expect(text).toContain('Chưa có dữ liệu');
    expect(text).not.toMatch(/\b0,0%/);
    expect(text).toContain('quý I năm 2025');
  });

  it('opens in LibreOffice headless (text and PDF)', async (ctx) => {
    const soffice = findSoffice();
    if (!soffice)
      return ctx.skip(
        'LibreOffice (soffice) is not installed here; scripts/ensure-browser.sh installs it in CI',
      );
    const res = await binary(
      get('province', `/api/console/reports/period?unit=${UNIT_A}&period=2026-q1`),
    ).expect(200);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'report-test-'));
    try {
      await writeFile(path.join(dir, 'r.docx'), res.body as Buffer);
      await run(
        soffice,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'txt:Text',
          '--outdir',
          dir,
          path.join(dir, 'r.docx'),
        ],
        { timeout: 120_000 },
      );
      const text = await readFile(path.join(dir, 'r.txt'), 'utf8');
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('quý I năm 2026');
      expect(text).toContain('UBND XÃ THỬ NGHIỆM MỘT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const pdf = await binary(
      get('province', `/api/console/reports/period?unit=${UNIT_A}&period=2026-q1&format=pdf`),
    ).expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // Kept as test artefacts, for a person to open.
    const artifacts = path.resolve('test-artifacts', 'reports');
    await mkdir(artifacts, { recursive: true });
    await writeFile(path.join(artifacts, 'bao-cao-2026-q1.docx'), res.body as Buffer);
    await writeFile(path.join(artifacts, 'bao-cao-2026-q1.libreoffice.pdf'), pdf.body as Buffer);
  }, 240_000);
});

describe('the PDF without LibreOffice', () => {
  it('prints the same content through Chromium', async () => {
    const saved = process.env.SOFFICE_PATH;
    process.env.SOFFICE_PATH = 'none';
    try {
      const pdf = await binary(
        get('province', `/api/console/reports/period?unit=${UNIT_A}&period=2026-q1&format=pdf`),
      ).expect(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'report-pdf-'));
      try {
        await writeFile(path.join(dir, 'r.pdf'), pdf.body as Buffer);
        const { stdout: raw } = await run('pdftotext', [path.join(dir, 'r.pdf'), '-']);
        const stdout = raw.replace(/\s+/g, ' ');
        expect(stdout).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
        expect(stdout).toContain('quý I năm 2026');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const entry = (await auditRows(app)).filter((r) => r.action === 'report.period.export').at(-1);
      expect(entry?.details).toMatchObject({ format: 'pdf', via: 'chromium' });
    } finally {
      if (saved === undefined) delete process.env.SOFFICE_PATH;
      else process.env.SOFFICE_PATH = saved;
    }
  }, 120_000);
});

describe('access, narratives and the roll-up', () => {
  it('refuses another unit’s report with 403 and audits it; a unit’s own staff get their unit', async () => {
    await get('reviewerB', `/api/console/reports/period?unit=${UNIT_A}&period=2026-q1`).expect(403);
    const denied = (await auditRows(app)).filter(
      (r) => r.action === 'access.denied' && r.targetType === 'period_report',
    );
    expect(denied.map((r) => r.targetId)).toContain(UNIT_A);
    await binary(get('reviewerB', `/api/console/reports/period?unit=${UNIT_B}&period=2026-q1`)).expect(200);
    await get('editorA', `/api/console/reports/period/data?unit=${UNIT_A}&period=2026-q1`).expect(200);
    await get('reviewerB', `/api/console/reports/rollup?period=2026-q1`).expect(403);
  });

  it('answers bad periods with a message, not a 500', async () => {
    const res = await get('province', `/api/console/reports/period?unit=${UNIT_A}&period=2026-q2`).expect(
      400,
    );
    expect(JSON.stringify(res.body)).toContain('2026-q1');
    await get('province', `/api/console/reports/period?unit=khong-co&period=2026-q1`).expect(404);
  });

  it('keeps pasted HTML as plain text, refuses pictures, then submits; the roll-up shows who has not', async () => {
    const url = '/api/console/reports/narrative';
    const picture = await send('editorA', 'put', url, {
      unit: UNIT_A,
      period: '2026-q1',
      achievements: '<p>Ảnh</p><img src="data:image/png;base64,AAAA">',
    }).expect(400);
    expect(JSON.stringify(picture.body)).toContain('hình ảnh');
    const saved = await send('editorA', 'put', url, {
      unit: UNIT_A,
      period: '2026-q1',
      achievements: '<p>Đăng <b>12</b> tin &amp; 2 hội nghị</p><script>x()</script>',
      limits: 'Ít người xem',
      proposals: '',
    }).expect(200);
    expect(saved.body.narrative.achievements).toBe('Đăng 12 tin & 2 hội nghị');
    await send('editorA', 'post', `${url}/submit`, { unit: UNIT_A, period: '2026-q1' }).expect(200);
    await send('editorA', 'put', url, { unit: UNIT_A, period: '2026-q1', achievements: 'sửa' }).expect(409);
    const doc = await binary(
      get('province', `/api/console/reports/period?unit=${UNIT_A}&period=2026-q1`),
    ).expect(200);
    expect(await docxText(doc.body as Buffer)).toContain('Đăng 12 tin & 2 hội nghị');
    const rollup = await get('province', '/api/console/reports/rollup?period=2026-q1').expect(200);
    const byCode = new Map(
      rollup.body.units.map((u: { code: string; status: string }) => [u.code, u.status]),
    );
    expect(byCode.get(UNIT_A)).toBe('submitted');
    expect(byCode.get(UNIT_B)).toBe('missing');
    expect(rollup.body.notSubmitted.map((u: { code: string }) => u.code)).toContain(UNIT_B);
    expect(rollup.body.notSubmitted.map((u: { code: string }) => u.code)).not.toContain(UNIT_A);
  });

  it('reads every figure inside one repeatable-read snapshot', async () => {
    const level = await inSnapshot(
      app.database.db,
      async (db) =>
        rowsOf<{ transaction_isolation: string }>(await db.execute(sql`show transaction_isolation`))[0]!
          .transaction_isolation,
    );
    expect(level).toBe('repeatable read');
  });
});
