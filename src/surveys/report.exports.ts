import ExcelJS from 'exceljs';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { areaNameSql } from '../areas/areas.api.ts';
import { maskPhone } from '../lib/personal-data.ts';
import { viDay, type ReportPeriod } from '../lib/report-periods.ts';
import type { Answers } from './survey.answers.ts';
import type { SurveyDefinition } from './survey.definition.ts';
import { surveyResponses } from './surveys.schema.ts';
import { barChartSvg, trendChartSvg } from './report.charts.ts';
import { inAreas } from './report.queries.ts';
import type { ShareEstimate, TargetStatus } from './statistics.ts';
import type { SurveyReport } from './reports.service.ts';
import { launchChromium } from '../lib/chromium.ts';

export const STATUS_LABEL: Record<TargetStatus, string> = {
  met: 'Đạt',
  not_met: 'Chưa đạt',
  undetermined: 'Chưa xác định',
};

export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1).replace('.', ',')}%`;
const ci = (e: Pick<ShareEstimate, 'interval'>) =>
  e.interval ? `${pct(e.interval.lower)} – ${pct(e.interval.upper)}` : '–';

/** One anonymised raw response row: no Zalo id, no name, phone numbers in free text masked. */
export interface RawRow {
  day: string;
  commune: string;
  segment: string | null;
  understands: boolean;
  knowledgeCorrect: number;
  answers: Answers;
}

/** The responses of a period, oldest first, without any respondent identifier (the column is never selected). */
export async function anonymisedRows(
  db: Db,
  surveyId: string,
  period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>,
  areaScope?: ReadonlySet<string>,
): Promise<RawRow[]> {
  const rows = await db
    .select({
      day: surveyResponses.day,
      areaName: areaNameSql(surveyResponses.areaCode),
      segment: surveyResponses.segment,
      understands: surveyResponses.understands,
      knowledgeCorrect: surveyResponses.knowledgeCorrect,
      answers: surveyResponses.answers,
    })
    .from(surveyResponses)
    .where(
      and(
        eq(surveyResponses.surveyId, surveyId),
        gte(surveyResponses.day, period.firstDay),
        lte(surveyResponses.day, period.lastDay),
        areaScope ? inAreas(surveyResponses.areaCode, areaScope) : undefined,
      ),
    )
    .orderBy(asc(surveyResponses.day));
  return rows.map((r) => ({
    day: r.day,
    commune: r.areaName ?? '',
    segment: r.segment,
    understands: r.understands,
    knowledgeCorrect: r.knowledgeCorrect,
    answers: r.answers as Answers,
  }));
}

/** Phone-like digit runs in free text are masked: respondents are asked not to write them, some will. */
export function maskFreeText(text: string): string {
  return text.replace(/(\+?84|0)[\s.-]?\d(?:[\s.-]?\d){7,9}/g, (m) => maskPhone(m.replace(/[\s.-]/g, '')));
}

function answerText(def: SurveyDefinition, qid: string, value: Answers[string] | undefined): string {
  if (value === undefined) return '';
  const q = def.questions.find((x) => x.id === qid);
  const label = (id: string) => q?.options?.find((o) => o.id === id)?.text.vi ?? id;
  if (Array.isArray(value)) return value.map(label).join('; ');
  if (q?.type === 'yesno') return value === 'yes' ? 'Có' : 'Không';
  if (q?.type === 'text') return maskFreeText(String(value));
  if (typeof value === 'number') return String(value);
  return label(value);
}

/** XLSX with a summary sheet, per-question distributions and the anonymised raw responses. */
export async function reportXlsx(
  report: SurveyReport,
  def: SurveyDefinition,
  rows: RawRow[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC Zalo';
  wb.created = new Date(report.generatedAt);
  summarySheet(wb.addWorksheet('Tổng hợp'), report);
  questionSheet(wb.addWorksheet('Phân bố câu trả lời'), report);
  const raw = wb.addWorksheet('Dữ liệu ẩn danh');
  raw.addRow([
    'STT',
    'Ngày',
    'Xã, phường',
    'Nhóm',
    'Hiểu/nắm vững',
    'Số câu kiến thức đúng',
    ...def.questions.map((q) => `${q.id}. ${q.text.vi}`),
  ]).font = { bold: true };
  rows.forEach((r, i) =>
    raw.addRow([
      i + 1,
      viDay(r.day),
      r.commune,
      r.segment ?? '',
      r.understands ? 'Có' : 'Không',
      r.knowledgeCorrect,
      ...def.questions.map((q) => answerText(def, q.id, r.answers[q.id])),
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function summarySheet(ws: ExcelJS.Worksheet, r: SurveyReport): void {
  ws.columns = [{ width: 34 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 24 }, { width: 16 }];
  ws.addRow([r.survey.title]).font = { bold: true, size: 13 };
  ws.addRow([`Kỳ báo cáo: ${r.period.label} (${viDay(r.period.firstDay)} – ${viDay(r.period.lastDay)})`]);
  ws.addRow([`Chỉ tiêu: ${pct(r.survey.target)}`]);
  ws.addRow([]);
  const header = (title: string) => {
    ws.addRow([title, 'n', 'Số hiểu', 'Tỷ lệ', 'Khoảng tin cậy 95%', 'Đánh giá']).font = { bold: true };
  };
  const line = (label: string, e: ShareEstimate) =>
    ws.addRow([label, e.n, e.understands, pct(e.p), ci(e), STATUS_LABEL[e.status]]);
  header('Toàn bộ');
  line('Không gia quyền', r.overall);
  if (r.weighted.available)
    ws.addRow([
      `Gia quyền theo dân số xã (n hiệu dụng ${r.weighted.nEffective.toFixed(1)})`,
      '',
      '',
      pct(r.weighted.p),
      ci(r.weighted),
      STATUS_LABEL[r.weighted.status],
    ]);
  else ws.addRow([`Gia quyền theo dân số: không thực hiện được – ${r.weighted.reason}`]);
  ws.addRow([]);
  header('Theo kỳ báo cáo');
  for (const p of r.byPeriod) line(p.label, p);
  ws.addRow([]);
  header('Theo xã, phường');
  for (const c of r.byCommune) line(c.name, c);
  ws.addRow([]);
  header('Theo nhóm');
  for (const s of r.bySegment) line(s.label, s);
  ws.addRow([]);
  for (const n of r.notes) ws.addRow([n]);
}

function questionSheet(ws: ExcelJS.Worksheet, r: SurveyReport): void {
  ws.columns = [{ width: 10 }, { width: 60 }, { width: 10 }, { width: 10 }];
  ws.addRow(['Câu', 'Phương án', 'Số lượt', 'Tỷ lệ']).font = { bold: true };
  for (const q of r.questions) {
    ws.addRow([q.id, q.text, q.answered, '']).font = { bold: true };
    for (const o of q.options)
      ws.addRow(['', `${o.label}${o.correct ? ' (đáp án đúng)' : ''}`, o.count, pct(o.share)]);
  }
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The printable report: figures, inline SVG charts, per-question tables. Rendered to PDF by Chromium. */
export function reportHtml(r: SurveyReport): string {
  const row = (label: string, e: ShareEstimate) =>
    `<tr><td>${escHtml(label)}</td><td class="n">${e.n}</td><td class="n">${e.understands}</td><td class="n">${pct(e.p)}</td><td class="n">${ci(e)}</td><td>${STATUS_LABEL[e.status]}</td></tr>`;
  const table = (title: string, rows: string) =>
    `<h2>${escHtml(title)}</h2><table><thead><tr><th></th><th>n</th><th>Số hiểu</th><th>Tỷ lệ</th><th>KTC 95%</th><th>Đánh giá</th></tr></thead><tbody>${rows}</tbody></table>`;
  const weighted = r.weighted.available
    ? `<p>Gia quyền theo dân số xã, phường: <b>${pct(r.weighted.p)}</b> (KTC 95% ${ci(r.weighted)}, n hiệu dụng ${r.weighted.nEffective.toFixed(1)}, hệ số thiết kế ${r.weighted.designEffect.toFixed(2)}) – ${STATUS_LABEL[r.weighted.status]}.</p>`
    : `<p>Gia quyền theo dân số: không thực hiện được. ${escHtml(r.weighted.reason)}</p>`;
  const questions = r.questions
    .map(
      (q) =>
        `<h3>${escHtml(q.id)}. ${escHtml(q.text)} <span class="muted">(${q.answered} lượt trả lời)</span></h3><table class="q">${q.options
          .map(
            (o) =>
              `<tr><td>${escHtml(o.label)}${o.correct ? ' ✓' : ''}</td><td class="n">${o.count}</td><td class="n">${pct(o.share)}</td></tr>`,
          )
          .join('')}</table>`,
    )
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escHtml(r.survey.title)}</title><style>
  body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 11px; margin: 0; color: #111; }
  h1 { font-size: 16px; margin: 0 0 4px; } h2 { font-size: 13px; margin: 18px 0 6px; } h3 { font-size: 11px; margin: 10px 0 4px; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 6px; } td, th { border: 1px solid #bbb; padding: 3px 5px; }
  th { background: #eee; } td.n { text-align: right; white-space: nowrap; } .muted { color: #666; font-weight: normal; }
  .headline { font-size: 14px; border: 2px solid #1565c0; padding: 8px; margin: 10px 0; } table.q { width: 70%; }
  .chart { page-break-inside: avoid; margin: 8px 0; }
  </style></head><body>
  <h1>${escHtml(r.survey.title)}</h1>
  <div>Kỳ báo cáo: <b>${escHtml(r.period.label)}</b> (${viDay(r.period.firstDay)} – ${viDay(r.period.lastDay)}). Chỉ tiêu: ${pct(r.survey.target)}. Lập lúc ${escHtml(viDay(r.generatedAt.slice(0, 10)))}.</div>
  <div class="headline">Tỷ lệ hiểu/nắm vững: <b>${pct(r.overall.p)}</b> (${r.overall.understands}/${r.overall.n}), khoảng tin cậy 95%: <b>${ci(r.overall)}</b> – <b>${STATUS_LABEL[r.overall.status]}</b>.</div>
  ${weighted}
  <div class="chart">${barChartSvg(
    r.byPeriod.map((p) => ({ ...p })),
    r.survey.target,
    { title: 'Theo kỳ báo cáo (KH 196/KH-UBND)' },
  )}</div>
  ${r.trend.length > 0 ? `<div class="chart">${trendChartSvg(r.trend, r.survey.target, { title: 'Diễn biến theo quý' })}</div>` : ''}
  ${
    r.byCommune.length > 0
      ? `<div class="chart">${barChartSvg(
          r.byCommune.map((c) => ({ ...c, label: c.name })),
          r.survey.target,
          { title: 'Theo xã, phường' },
        )}</div>`
      : ''
  }
  ${table('Theo kỳ báo cáo', r.byPeriod.map((p) => row(p.label, p)).join(''))}
  ${table('Theo xã, phường', r.byCommune.map((c) => row(c.name, c)).join(''))}
  ${table('Theo nhóm', r.bySegment.map((s) => row(s.label, s)).join(''))}
  <h2>Phân bố câu trả lời</h2>${questions}
  <h2>Ghi chú</h2><ul>${r.notes.map((n) => `<li>${escHtml(n)}</li>`).join('')}</ul>
  </body></html>`;
}

/** Renders HTML to an A4 PDF in headless Chromium, so Vietnamese diacritics use the system's Noto fonts. */
export async function renderPdf(html: string, executablePath?: string): Promise<Buffer> {
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.newPage();
    // No network: the page is self-contained, and this keeps a stray URL in content from being fetched.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
