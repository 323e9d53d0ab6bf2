/**
 * Survey report speed: `npm run -s bench:survey -- --json`. Bulk-generates N responses (default 1,000,000) in SQL
 * for the citizen survey, then times the full report (all breakdowns: period, quarters/trend, commune, segment,
 * weighting, per-question distributions) against one `SELECT count(*)` over the responses in the same run.
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to create and drop a
 * scratch database. PGlite runs beside it in memory. The last line is one JSON object:
 * {"bench":"survey","db":"postgres","responses":…,"reportMs":…,"scanMs":…,"ratio":…,"pglite":{…}}
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { reportPeriod } from '../src/lib/report-periods.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { loadSurveyFiles } from '../src/surveys/surveys.definitions.ts';
import { rebuildAggregates } from '../src/surveys/surveys.service.ts';
import { buildReport } from '../src/surveys/reports.service.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    responses: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'both' }, // postgres | pglite | both
    rounds: { type: 'string', default: '5' },
  },
});
const N = Math.max(1, Number(values.responses) || 1_000_000);
const ROUNDS = Math.max(1, Number(values.rounds) || 5);
const SURVEY = 'citizen-cchc-2025';
// Progress goes to stderr so stdout carries only the result.
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** 1M plausible responses: days over the 2025 report year, 21 communes (skewed), ~78% understanding. */
async function generate(database: Database): Promise<void> {
  await runMigrations(database);
  await loadReferenceData(database.db, 'content');
  await loadSurveyFiles(database.db, 'content');
  // Give every commune a population so the weighted figure is computed too (bench only).
  await database.db.execute(
    sql`update areas set population = 5000 + (abs(hashtext(code)) % 40000) where level = 'commune'`,
  );
  await database.db.execute(sql`
    insert into survey_responses
      (survey_id, version, day, report_year, slot, area_code, segment, understands, knowledge_correct, answers, channel, language, consent_given)
    select ${SURVEY}, 1, d.day, 2025,
      case when d.day < '2025-03-15' then 1 when d.day < '2025-06-15' then 2 when d.day < '2025-09-15' then 3 else 4 end,
      c.codes[1 + ((i * 7 + i / 13) % array_length(c.codes, 1))],
      case when i % 5 = 0 then 'b' else 'a' end,
      (k.correct >= 3 and k.s1 >= 4), k.correct,
      jsonb_build_object(
        'r1', case when i % 5 = 0 then 'b' else 'a' end, 's1', k.s1,
        'k1', case when k.correct >= 1 then 'b' else 'a' end, 'k2', case when k.correct >= 2 then 'b' else 'dk' end,
        'k3', case when k.correct >= 3 then 'b' else 'c' end, 'k4', case when k.correct >= 4 then 'b' else 'a' end,
        'u1', case when i % 3 = 0 then 'no' else 'yes' end, 'c1', jsonb_build_array('a', case when i % 2 = 0 then 'c' else 'g' end))
        || case when i % 3 = 0 then jsonb_build_object('u3', jsonb_build_array('a')) else jsonb_build_object('u2', 1 + i % 5) end
        || case when i % 10 = 0 then jsonb_build_object('t1', 'Góp ý số ' || i) else '{}'::jsonb end,
      'chat', 'vi', true
    from generate_series(1, ${N}) as i
    cross join lateral (select ('2024-12-15'::date + (i % 365))::date as day) d
    cross join (select array_agg(code order by code) as codes from areas where level = 'commune') c
    cross join lateral (select case when i % 100 < 85 then 4 - (i % 7 = 0)::int else 2 end as correct,
                               case when i % 100 < 92 then 4 + i % 2 else 2 + i % 2 end as s1) k`);
  await rebuildAggregates(database.db, SURVEY);
  await database.db.execute(sql`vacuum analyze survey_responses`);
  await database.db.execute(sql`vacuum analyze survey_answer_tallies`);
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

async function measure(database: Database, kind: string) {
  const t = await time(() => generate(database));
  log(`${kind}: generated ${N} responses in ${round(t.ms / 1000)} s`);
  const deps = { db: database.db, clock: new FakeClock(new Date('2025-12-20T03:00:00Z')) };
  const period = reportPeriod(2025, 'year');
  const count = () => database.db.execute(sql`select count(*) from survey_responses`);
  // Warm both paths once, then take the median of the rounds, alternating so caches favour neither.
  const warm = await buildReport(deps, SURVEY, period);
  await count();
  const reportTimes: number[] = [];
  const scanTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    reportTimes.push((await time(() => buildReport(deps, SURVEY, period))).ms);
    scanTimes.push((await time(count)).ms);
  }
  const reportMs = round(median(reportTimes));
  const scanMs = round(median(scanTimes));
  log(
    `${kind}: report ${reportMs} ms, count(*) ${scanMs} ms, n=${warm.overall.n}, p=${warm.overall.p?.toFixed(4)}`,
  );
  return {
    reportMs,
    scanMs,
    ratio: Math.round((reportMs / scanMs) * 1000) / 1000,
    n: warm.overall.n,
    p: warm.overall.p,
  };
}

async function onPostgres() {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `cchc_bench_survey_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolMax: 4 });
  try {
    return await measure(database, 'postgres');
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function onPglite() {
  const database = await openDatabase({});
  try {
    return await measure(database, 'pglite');
  } finally {
    await database.close();
  }
}

const which = values.db;
const pgResult = which === 'pglite' ? undefined : await onPostgres();
const pgliteResult = which === 'postgres' ? undefined : await onPglite();
const main = pgResult ?? pgliteResult!;
const result = {
  bench: 'survey',
  db: pgResult ? 'postgres' : 'pglite',
  responses: N,
  reportMs: main.reportMs,
  scanMs: main.scanMs,
  ratio: main.ratio,
  targetMet: main.reportMs < 500 && main.reportMs <= 3 * main.scanMs,
  ...(pgResult && pgliteResult ? { pglite: pgliteResult } : {}),
};
console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
