/**
 * Period report speed: `npm run -s bench:report`. On an in-memory PGlite with the demo pack seeded (today's date),
 * times the whole Word report for a commune unit and for the province unit (snapshot transaction, every figure,
 * DOCX rendering) against the same run's baseline: the survey report page's one call (`buildReport`). Medians of
 * `--rounds` runs. The last line is one JSON object.
 */
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { units } from '../src/areas/areas.schema.ts';
import { loadAllPlans } from '../src/plan/plan.service.ts';
import { loadSurveyFiles, listDefinitions } from '../src/surveys/surveys.definitions.ts';
import { buildReport } from '../src/surveys/reports.service.ts';
import { reportPeriod, reportYearOf } from '../src/lib/report-periods.ts';
import { systemClock } from '../src/lib/clock.ts';
import { seedDemo } from '../src/demo/demo.seed.ts';
import { buildPeriodReport, periodParam } from '../src/reports/period-report.service.ts';
import { renderReportDocx } from '../src/reports/period-report.docx.ts';
import { docxToPdf, findSoffice } from '../src/reports/period-report.pdf.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Math.max(1, Number(values.rounds) || 5);

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

async function main() {
  const database = await openDatabase({});
  await runMigrations(database);
  const db = database.db;
  await loadReferenceData(db, 'content');
  await loadAllPlans(db, 'content');
  await loadSurveyFiles(db, 'content');
  const demo = await seedDemo({ db, clock: systemClock });
  // Official reports never count demo rows: unregistered, the demo's rows are data the report has to read.
  await db.execute(sql`delete from demo_registry where table_name <> 'plan_documents'`);
  const year = reportYearOf(systemClock.now());
  const period = periodParam.parse(`${year}-year`);
  const [province] = await db.select().from(units).where(eq(units.kind, 'province')).limit(1);
  const [commune] = await db.select().from(units).where(eq(units.kind, 'commune')).limit(1);
  const deps = { db, clock: systemClock };
  const surveyId = demo.surveyId ?? (await listDefinitions(db))[0]!.id;
  const baselineMs = await median(() => buildReport(deps, surveyId, reportPeriod(year, 'year')));
  const docx = async (code: string) =>
    renderReportDocx((await buildPeriodReport(deps, code, period)).document);
  const communeMs = await median(() => docx(commune!.code));
  const provinceMs = await median(() => docx(province!.code));
  const file = await docx(province!.code);
  const soffice = findSoffice();
  // One conversion (LibreOffice starts a process each time): the PDF's cost on top of the DOCX.
  const t = performance.now();
  if (soffice) await docxToPdf(soffice, file);
  const libreofficePdfMs = soffice ? Math.round(performance.now() - t) : null;
  await database.close();
  console.log(
    JSON.stringify({
      bench: 'period-report',
      db: 'pglite',
      period: period.key,
      demo: {
        broadcasts: demo.broadcasts,
        deliveries: demo.deliveries,
        surveyResponses: demo.surveyResponses,
      },
      baselineSurveyReportMs: baselineMs,
      communeDocxMs: communeMs,
      provinceDocxMs: provinceMs,
      provinceDocxBytes: file.length,
      libreofficePdfMs,
      communeRatio: Math.round((communeMs / baselineMs) * 10) / 10,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
