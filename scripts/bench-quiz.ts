/**
 * Quiz benchmark (issue 7). Starts the real app on loopback and measures:
 *  - 2,000 simulated participants starting and submitting an attempt concurrently (HTTP, `--concurrency` keep-alive
 *    connections, 64 by default); the same-run baseline is as many requests to GET /api/miniapp/me (session check, no
 *    database) through the same stack and connections. `--instances N` adds N-1 app processes on the same PostgreSQL;
 *  - a round leaderboard over 1,000,000 attempts (bulk-generated with generate_series): the fast path (best-attempt
 *    table + index) against a naive query over every attempt (DISTINCT ON + ORDER BY), measured in the same run, after
 *    the round-close job has frozen the round's count (freezeAtCloseMs), as it would have long before anyone looks.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to create and drop a
 * database of its own. PGlite: in memory. `--db postgres|pglite|both` (default both; the last line is PostgreSQL's
 * with PGlite's figures under "pglite"). Prints one JSON object as its last line with --json.
 */
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SessionSigner } from '../src/miniapp/miniapp.session.ts';
import { loadQuizContent, upsertCampaign } from '../src/quiz/quiz.content.ts';
import { campaignInputSchema } from '../src/quiz/quiz.validation.ts';
import { freezeClosedRounds, naiveRoundLeaderboard, roundLeaderboard } from '../src/quiz/quiz.results.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    db: { type: 'string', default: 'both' },
    participants: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
    instances: { type: 'string', default: '1' },
    attempts: { type: 'string', default: '1000000' },
  },
});
const PARTICIPANTS = Number(args.participants);
const CONCURRENCY = Number(args.concurrency);
const INSTANCES = Math.max(1, Number(args.instances));
const ATTEMPTS = Number(args.attempts);
const SECRET = 'bench-session-secret-bench-session-secret';
const log = (msg: string) => {
  if (!args.json) console.error(msg);
  else process.stderr.write(`${msg}\n`);
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0;
};
const median = (xs: number[]) => percentile(xs, 50);
const round1 = (n: number) => Math.round(n * 10) / 10;

const benchCampaign = (now: Date) =>
  campaignInputSchema.parse({
    id: 'bench-quiz',
    title: 'Bench',
    organiserUnit: 'so-noi-vu',
    audience: 'citizen',
    bank: 'cchc-2025',
    startsAt: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
    endsAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    rules: 'bench',
    questionsPerRound: 9,
    draw: { byTopic: { cchc: 3, dvc: 2, vneid: 1, 'de-an-06': 1, 'chuyen-doi-so': 2 } },
    timeLimitSeconds: 600,
    graceSeconds: 10,
    attemptsPerRound: 4,
    prediction: { text: 'Bao nhiêu?', min: 0, max: 1_000_000 },
    registration: { fields: [{ key: 'fullName', label: 'Họ và tên', required: true }] },
    consentText: 'bench',
    rounds: [
      {
        no: 1,
        title: 'Vòng mở',
        opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
        closesAt: new Date(now.getTime() + 86_400_000).toISOString(),
      },
      {
        no: 2,
        title: 'Vòng đã đóng',
        opensAt: new Date(now.getTime() - 10 * 86_400_000).toISOString(),
        closesAt: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
      },
    ],
  });

async function roundIds(database: Database) {
  const rows = (await database.db.execute(
    sql`select id, no from quiz_rounds where campaign_id = 'bench-quiz' order by no`,
  )) as unknown as { rows: { id: string }[] } | { id: string }[];
  const list = Array.isArray(rows) ? rows : rows.rows;
  return { open: list[0]!.id, closed: list[1]!.id };
}

/** Runs the load generator on its own thread: a crowd of phones does not share the server's event loop. */
function runLoad<T>(workerData: Record<string, unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(new URL('./bench-quiz-load.worker.mjs', import.meta.url), { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** More app instances in processes of their own on the same PostgreSQL database (as behind a balancer). */
async function startInstances(count: number, databaseUrl: string) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = fork(new URL('./bench-quiz-instance.ts', import.meta.url), {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, BENCH_INSTANCE_DATABASE_URL: databaseUrl, BENCH_SESSION_SECRET: SECRET },
      });
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (m) => resolve((m as { port: number }).port));
        child.once('exit', (code) => reject(new Error(`bench instance exited with ${code}`)));
      });
      const stop = () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.send('stop');
        });
      return { port, stop };
    }),
  );
}

/** 2,000 participants start and submit at once; latency per request from socket assignment to response end. */
async function submitLoad(database: Database, kind: string, databaseUrl?: string) {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SESSION_SECRET: SECRET,
    JOBS: 'false',
    DB_POOL_MAX: '20',
  });
  const app = createApp({ config, database, logger: createLogger('silent'), clock: systemClock });
  const server = app.express.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const extra = kind === 'postgres' && databaseUrl ? await startInstances(INSTANCES - 1, databaseUrl) : [];
  const ports = [(server.address() as AddressInfo).port, ...extra.map((x) => x.port)];
  const { open } = await roundIds(database);
  await database.db.execute(sql`
    insert into quiz_participants (campaign_id, zalo_user_id, registration, commune, consent_at, consent_version)
    select 'bench-quiz', 'load-' || g, jsonb_build_object('fullName', 'Người dự thi ' || g), 'xa-' || (g % 50), now(), 'v1'
    from generate_series(1, ${PARTICIPANTS}) g`);
  const signer = new SessionSigner(SECRET, systemClock);
  const tokens = Array.from(
    { length: PARTICIPANTS },
    (_, i) => signer.sign({ zaloUserId: `load-${i + 1}`, name: `P${i}`, kind: 'dev' }).token,
  );
  // Same-run baseline: as many requests through the same HTTP stack (session check, no database) at the same
  // concurrency. At a fixed number of connections latency is about connections / throughput, so this is the floor
  // the machine gives any endpoint of this app.
  const floor = await runLoad<{ latencies: number[]; errors: number; wallMs: number }>({
    mode: 'floor',
    ports,
    tokens,
    concurrency: CONCURRENCY,
    requests: 2 * PARTICIPANTS,
  });
  const elu0 = performance.eventLoopUtilization();
  const { starts, submits, submitsQueued, errors, wallMs } = await runLoad<{
    starts: number[];
    submits: number[];
    submitsQueued: number[];
    errors: number;
    wallMs: number;
  }>({ mode: 'quiz', ports, roundId: open, tokens, concurrency: CONCURRENCY });
  const elu = performance.eventLoopUtilization(elu0).utilization;
  await new Promise((r) => server.close(r));
  await Promise.all(extra.map((x) => x.stop()));
  log(`[${kind}] ${PARTICIPANTS} start+submit in ${Math.round(wallMs)} ms, errors ${errors}`);
  return {
    participants: PARTICIPANTS,
    concurrency: CONCURRENCY,
    instances: ports.length,
    p50SubmitMs: round1(median(submits)),
    p99SubmitMs: round1(percentile(submits, 99)),
    p99SubmitWithClientQueueMs: round1(percentile(submitsQueued, 99)),
    p99StartMs: round1(percentile(starts, 99)),
    loadWallMs: Math.round(wallMs),
    requestsPerSecond: Math.round((2 * PARTICIPANTS * 1000) / wallMs),
    serverEventLoopUtilization: Math.round(elu * 100) / 100,
    errors,
    baseline: {
      what: 'GET /api/miniapp/me (session check, no database), same stack, same connections',
      p50Ms: round1(median(floor.latencies)),
      p99Ms: round1(percentile(floor.latencies, 99)),
      requestsPerSecond: Math.round((2 * PARTICIPANTS * 1000) / floor.wallMs),
      errors: floor.errors,
    },
    p99SubmitToBaselineP99: round1(percentile(submits, 99) / percentile(floor.latencies, 99)),
  };
}

/** Bulk-generates ATTEMPTS submitted attempts (4 per participant) in the closed round, plus the best-attempt table. */
async function generateAttempts(database: Database, closed: string) {
  const people = Math.ceil(ATTEMPTS / 4);
  const t0 = performance.now();
  await database.db.execute(sql`
    insert into quiz_participants (campaign_id, zalo_user_id, registration, commune, consent_at, consent_version)
    select 'bench-quiz', 'lb-' || g, jsonb_build_object('fullName', 'Người ' || g), 'xa-' || (g % 50), now(), 'v1'
    from generate_series(1, ${people}) g`);
  // random() in the select list is evaluated per row (an uncorrelated LATERAL would be evaluated once).
  await database.db.execute(sql`
    insert into quiz_attempts (campaign_id, round_id, participant_id, attempt_no, status, started_at, deadline_at, questions,
                               submitted_at, answers, score, duration_ms, prediction)
    select 'bench-quiz', ${closed}::uuid, x.id, x.n, 'submitted', x.s, x.s + interval '10 minutes', '[]'::jsonb,
           x.s + x.ms * interval '1 millisecond', '[]'::jsonb, x.score, x.ms, x.prediction
    from (
      select p.id, n, date_trunc('milliseconds', now() - interval '5 days' + random() * interval '3 days') as s,
             (30000 + floor(random() * 570000))::int as ms, floor(random() * 10)::int as score,
             floor(random() * 20000)::bigint as prediction
      from (select id from quiz_participants where campaign_id = 'bench-quiz' and zalo_user_id like 'lb-%') p
      cross join generate_series(1, 4) n
      limit ${ATTEMPTS}
    ) x`);
  await database.db.execute(sql`
    insert into quiz_best_attempts (round_id, participant_id, campaign_id, attempt_id, score, duration_ms, prediction, submitted_at)
    select distinct on (participant_id) round_id, participant_id, campaign_id, id, score, duration_ms, prediction, submitted_at
    from quiz_attempts where round_id = ${closed}::uuid and status = 'submitted'
    order by participant_id, score desc, duration_ms asc, submitted_at asc`);
  await database.db.execute(sql`analyze`);
  log(`generated ${ATTEMPTS} attempts in ${Math.round(performance.now() - t0)} ms`);
}

async function leaderboard(database: Database, kind: string) {
  const { closed } = await roundIds(database);
  await generateAttempts(database, closed);
  const deps = { db: database.db, clock: systemClock, logger: createLogger('silent') };
  // What the quiz-round-close job does once a round's results open: count the round's submissions and freeze it.
  let t = performance.now();
  await freezeClosedRounds(deps);
  const freezeMs = performance.now() - t;
  t = performance.now();
  const first = await roundLeaderboard(deps, closed, 100);
  const firstLeaderboardMs = performance.now() - t;
  const fast: number[] = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    await roundLeaderboard(deps, closed, 100);
    fast.push(performance.now() - t);
  }
  const naive: number[] = [];
  let naiveRows: { id: unknown }[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    naiveRows = (await naiveRoundLeaderboard(database.db, closed, first.actual, 100)) as { id: unknown }[];
    naive.push(performance.now() - t);
  }
  const same = first.rows.every((r, i) => r.entry.attemptId === naiveRows[i]?.id);
  const miss = first.rows.findIndex((r, i) => r.entry.attemptId !== naiveRows[i]?.id);
  if (miss >= 0)
    log(
      `first difference at ${miss}: ${JSON.stringify(first.rows[miss])} vs ${JSON.stringify(naiveRows[miss])}`,
    );
  log(
    `[${kind}] leaderboard ${round1(median(fast))} ms (first ${Math.round(firstLeaderboardMs)} ms), naive ${round1(median(naive))} ms, same=${same}`,
  );
  return {
    attempts: ATTEMPTS,
    leaderboardMs: round1(median(fast)),
    firstLeaderboardMs: round1(firstLeaderboardMs),
    freezeAtCloseMs: round1(freezeMs),
    naiveLeaderboardMs: round1(median(naive)),
    sameTop100: same,
  };
}

async function runOn(kind: 'pglite' | 'postgres') {
  let cleanup = async () => undefined as void;
  let database: Database;
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `cchc_bench_quiz_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    database = await openDatabase({ databaseUrl, poolMax: 20 });
    cleanup = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).finally(() => a.end());
    };
  } else {
    database = await openDatabase({});
  }
  try {
    await runMigrations(database);
    await loadQuizContent(database.db, 'content');
    await upsertCampaign(database.db, benchCampaign(new Date()));
    const load = await submitLoad(database, kind, databaseUrl);
    const board = await leaderboard(database, kind);
    return { db: kind, ...load, ...board, loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10 };
  } finally {
    await database.close();
    await cleanup();
  }
}

async function main() {
  const which = args.db;
  if (which === 'pglite' || which === 'postgres') {
    console.log(JSON.stringify({ bench: 'quiz', ...(await runOn(which)) }));
    return;
  }
  const lite = await runOn('pglite');
  let pgResult: Awaited<ReturnType<typeof runOn>> | undefined;
  try {
    pgResult = await runOn('postgres');
  } catch (err) {
    log(`PostgreSQL not available (${(err as Error).message}); PGlite figures only`);
  }
  console.log(
    JSON.stringify(pgResult ? { bench: 'quiz', ...pgResult, pglite: lite } : { bench: 'quiz', ...lite }),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
