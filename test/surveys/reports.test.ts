import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../helpers/db.ts';
import type { Database } from '../../src/db/client.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { areas } from '../../src/areas/areas.schema.ts';
import { customRange, reportPeriod } from '../../src/lib/report-periods.ts';
import { loadSurveyFiles, getCurrentDefinition } from '../../src/surveys/surveys.definitions.ts';
import { submitResponse } from '../../src/surveys/surveys.service.ts';
import { buildReport, listSummaries, type SurveyReport } from '../../src/surveys/reports.service.ts';
import {
  anonymisedRows,
  maskFreeText,
  renderPdf,
  reportHtml,
  reportXlsx,
} from '../../src/surveys/report.exports.ts';
import { citizenAnswers, surveyDeps } from './fixtures.ts';

let database: Database;
let deps: ReturnType<typeof surveyDeps>;
const SURVEY = 'citizen-cchc-2025';
const UNDERSTANDS = citizenAnswers(['b', 'b', 'b', 'a'], 4);
const DOES_NOT = citizenAnswers(['b', 'a', 'a', 'a'], 5);

/** Submits `yes` understanding and `no` not-understanding responses in a commune on a local day. */
async function seed(day: string, areaCode: string | null, yes: number, no: number, segment = 'a') {
  deps.clock.set(`${day}T03:00:00Z`); // 10:00 local
  for (let i = 0; i < yes + no; i++) {
    await submitResponse(deps, {
      surveyId: SURVEY,
      zaloUserId: `${day}-${areaCode}-${segment}-${i}`,
      channel: 'chat',
      consent: true,
      answers: {
        ...(i < yes ? UNDERSTANDS : DOES_NOT),
        r1: segment,
        t1: i === 0 ? 'Gọi tôi 0912 345 678 nhé' : undefined,
      },
      areaCode,
    });
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = surveyDeps(database);
  await loadReferenceData(database.db, 'content');
  await loadSurveyFiles(database.db, 'content');
  await database.db.update(areas).set({ population: 10_000 }).where(eq(areas.code, 'phuong-vinh-chau'));
  await database.db.update(areas).set({ population: 30_000 }).where(eq(areas.code, 'phuong-vinh-phuoc'));
  // Q1 2025 (15/12/2024–14/3/2025): p1 18 of 20, p2 6 of 10 (segment b: organisations)
  await seed('2024-12-20', 'phuong-vinh-chau', 18, 2);
  await seed('2025-03-14', 'phuong-vinh-phuoc', 6, 4, 'b');
  // 15/3 is already the second quarter: 8 of 10
  await seed('2025-03-15', 'phuong-vinh-chau', 8, 2);
  // Q3: 3 of 5 in a commune without population data
  await seed('2025-07-01', 'phuong-khanh-hoa', 3, 2);
  deps.clock.set('2025-07-02T03:00:00Z');
});
afterAll(() => database.close());

describe(buildReport.name, () => {
  let q1: SurveyReport;
  beforeAll(async () => {
    q1 = await buildReport(deps, SURVEY, reportPeriod(2025, 'q1'));
  });

  it('gives p, n, the Wilson interval and the status for an official period', () => {
    expect(q1.period).toMatchObject({ key: '2025-q1', firstDay: '2024-12-15', lastDay: '2025-03-14' });
    expect(q1.overall).toMatchObject({ n: 30, understands: 24, p: 0.8, status: 'undetermined' });
    expect(q1.overall.interval!.lower).toBeCloseTo(0.6269, 3);
    expect(q1.overall.interval!.upper).toBeCloseTo(0.9049, 3);
  });

  it('breaks down by commune, segment, period and quarter', () => {
    expect(q1.byCommune.map((c) => [c.areaCode, c.n, c.understands])).toEqual([
      ['phuong-vinh-chau', 20, 18],
      ['phuong-vinh-phuoc', 10, 6],
    ]);
    expect(q1.bySegment.map((s) => [s.label, s.n])).toEqual([
      ['Người dân', 20],
      ['Đại diện tổ chức, doanh nghiệp', 10],
    ]);
    expect(q1.byPeriod.map((p) => [p.key, p.n, p.understands])).toEqual([
      ['2025-q1', 30, 24],
      ['2025-h1', 40, 32],
      ['2025-q3', 5, 3],
      ['2025-year', 45, 35],
    ]);
    expect(q1.trend.map((t) => [t.key, t.label, t.n])).toEqual([
      ['2025-s1', '15/12–14/03/2025', 30],
      ['2025-s2', '15/03–14/06/2025', 10],
      ['2025-s3', '15/06–14/09/2025', 5],
    ]);
  });

  it('reports responses stored under a pre-2025 commune code under the commune that succeeded it', async () => {
    // As if the Q1 responses of Phường Vĩnh Châu had been stored in 2025 under Phường 1 (thị xã Vĩnh Châu), merged
    // into it by NQ 1668/NQ-UBTVQH15 (khoản 27).
    await database.db.execute(sql`update survey_daily_counts set area_code = 'vinh-chau-p1'
      where area_code = 'phuong-vinh-chau' and day = '2024-12-20'`);
    try {
      const r = await buildReport(deps, SURVEY, reportPeriod(2025, 'q1'));
      expect(r.byCommune.map((c) => [c.areaCode, c.name, c.n, c.understands])).toEqual([
        ['phuong-vinh-chau', 'Phường Vĩnh Châu', 20, 18],
        ['phuong-vinh-phuoc', 'Phường Vĩnh Phước', 10, 6],
      ]);
      expect(r.weighted.available).toBe(true); // population is looked up on the successor
    } finally {
      await database.db.execute(sql`update survey_daily_counts set area_code = 'phuong-vinh-chau'
        where area_code = 'vinh-chau-p1'`);
    }
  });

  it('weights by commune population beside the unweighted figure', () => {
    // p1 0.9 × 10 000 + p2 0.6 × 30 000 → 0.675; nEff = 40000² / (10000²/20 + 30000²/10) = 16.84
    if (!q1.weighted.available) throw new Error(q1.weighted.reason);
    expect(q1.weighted.p).toBeCloseTo(0.675, 10);
    expect(q1.weighted.nEffective).toBeCloseTo(16.842, 2);
  });

  it('says weighting is not available when a commune has no population', async () => {
    const year = await buildReport(deps, SURVEY, reportPeriod(2025, 'year'));
    expect(year.weighted).toEqual({
      available: false,
      reason: 'Chưa có số dân của 1 xã, phường (phuong-khanh-hoa) trong dữ liệu địa bàn.',
    });
    expect(year.overall).toMatchObject({ n: 45, understands: 35 });
  });

  it('reports custom day ranges', async () => {
    const r = await buildReport(deps, SURVEY, customRange('2025-03-14', '2025-03-15'));
    expect(r.overall).toMatchObject({ n: 20, understands: 14 });
    expect(r.period.label).toBe('Từ 14/03/2025 đến 15/03/2025');
    expect(r.questions.find((q) => q.id === 'k1')!.answered).toBe(20);
  });

  it('gives per-question distributions with the correct knowledge option marked', () => {
    const k2 = q1.questions.find((q) => q.id === 'k2')!;
    expect(k2.answered).toBe(30);
    expect(k2.options.find((o) => o.id === 'b')).toMatchObject({ count: 24, correct: true });
    expect(k2.correctShare).toBeCloseTo(0.8, 10);
    const s1 = q1.questions.find((q) => q.id === 's1')!;
    expect(s1.mean).toBeCloseTo((24 * 4 + 6 * 5) / 30, 10);
    const t1 = q1.questions.find((q) => q.id === 't1')!;
    expect(t1.options).toEqual([{ id: '(text)', label: 'Có ý kiến', count: 2, share: 1 }]);
  });

  it('n = 0 is undetermined, without NaN anywhere', async () => {
    const empty = await buildReport(deps, SURVEY, reportPeriod(2024, 'q3'));
    expect(empty.overall).toEqual({ n: 0, understands: 0, p: null, interval: null, status: 'undetermined' });
    expect(JSON.stringify(empty)).not.toContain('NaN');
  });

  it('lists surveys with their headline figure (segment by population)', async () => {
    const list = await listSummaries(deps, reportPeriod(2025, 'year'));
    expect(list.map((s) => [s.id, s.population, s.overall.n])).toEqual([
      ['citizen-cchc-2025', 'citizen', 45],
      ['citizen-cchc-2026', 'citizen', 0],
      ['civil-servant-cchc-2025', 'civil_servant', 0],
      ['civil-servant-cchc-2026', 'civil_servant', 0],
    ]);
  });
});

describe('exports', () => {
  it('XLSX: summary, distributions and anonymised raw rows (no Zalo id, phone numbers masked)', async () => {
    const report = await buildReport(deps, SURVEY, reportPeriod(2025, 'q1'));
    const def = (await getCurrentDefinition(database.db, SURVEY)).definition;
    const rows = await anonymisedRows(database.db, SURVEY, report.period);
    expect(rows.length).toBe(30);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(report, def, rows)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Phân bố câu trả lời', 'Dữ liệu ẩn danh']);
    const summary = JSON.stringify(wb.getWorksheet('Tổng hợp')!.getSheetValues());
    expect(summary).toContain('80,0%');
    expect(summary).toContain('62,7% – 90,5%');
    expect(summary).toContain('Chưa xác định');
    const raw = wb.getWorksheet('Dữ liệu ẩn danh')!;
    expect(raw.rowCount).toBe(31);
    const all = JSON.stringify(raw.getSheetValues());
    expect(all).not.toContain('2024-12-20-phuong-vinh-chau'); // the seeded Zalo ids
    expect(all).not.toContain('0912 345 678');
    expect(all).toContain('Phường Vĩnh Châu');
  });

  it('masks phone numbers written in free text', () => {
    expect(maskFreeText('Gọi 0912 345 678 hoặc +84912345678')).not.toMatch(/345 ?678/);
  });

  it('PDF: Vietnamese text and the figures survive into the extracted text', async () => {
    const report = await buildReport(deps, SURVEY, reportPeriod(2025, 'q1'));
    const pdf = await renderPdf(reportHtml(report));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(tmpdir(), 'survey-pdf-'));
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    // poppler-utils' pdftotext: what a reader copying from the PDF would get.
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(text).toContain('Khảo sát mức độ hiểu biết của người dân');
    expect(text).toContain('80,0%');
    expect(text).toContain('62,7% – 90,5%');
    expect(text).toContain('Chưa xác định');
    expect(text).toContain('Quý I/2025');
    expect(text).toContain('Phường Vĩnh Châu');
    expect(text).toContain('Chỉ tiêu 80,0%');
  }, 60_000);
});
