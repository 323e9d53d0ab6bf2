/**
 * Broadcast benchmark: 100,000 followers against the fake Zalo server, on PostgreSQL and PGlite.
 *   npm run -s bench:broadcast -- --json [--followers 100000] [--rate 2000] [--db both|postgres|pglite]
 * Per database: a baseline broadcast sent with the old per-process token bucket (baseline.sendPerSec), then one
 * planned (planMs) and sent through the OA's shared database limiter (sendPerSec, ratio, rssGrowthMb), then a
 * second broadcast sent by a child process that is SIGKILLed mid-send and restarted (duplicates, lost, unknownOutcome).
 * The last line is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database, rowsOf } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { loadPlan } from '../src/plan/plan.service.ts';
import { FakeClock, systemClock } from '../src/lib/clock.ts';
import { startFakeZalo, type FakeZalo } from '../src/zalo/fake-zalo-server.ts';
import { ZaloClient } from '../src/zalo/zalo.client.ts';
import { FixedAccessTokens } from '../src/zalo/token.service.ts';
import { createItem, transitionItem } from '../src/broadcasts/content.service.ts';
import { contentInputSchema } from '../src/broadcasts/content.limits.ts';
import { scheduleInputSchema, scheduleItem } from '../src/broadcasts/broadcast.service.ts';
import { planDueBroadcast } from '../src/broadcasts/planner.ts';
import type { Actor, SenderDeps } from '../src/broadcasts/broadcasts.deps.ts';
import { createSendRateLimiter } from '../src/zalo/send-rate.ts';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const logger = pino({ level: 'silent' });

function benchConfig(zaloUrl: string, databaseUrl?: string): Config {
  return loadConfig({
    NODE_ENV: 'test',
    ZALO_API_BASE: zaloUrl,
    DATABASE_URL: databaseUrl,
    ZALO_SEND_RATE_PER_SECOND: arg('rate', '1000'),
    // Quiet hours off and a quota that lets two broadcasts reach everyone the same day: the bench measures sending.
    QUIET_HOURS_START: '00:00',
    QUIET_HOURS_END: '00:00',
    BROADCAST_PER_DAY: '10',
    BROADCAST_PER_MONTH: '40',
    BROADCAST_LEASE_SECONDS: '5',
    PUBLIC_BASE_URL: 'https://cchc.example.vn',
  });
}

function senderDeps(db: Database, config: Config): SenderDeps {
  const messenger = new ZaloClient({
    config,
    tokens: new FixedAccessTokens('bench'),
    logger,
    retry: { attempts: 3 },
  });
  return {
    db: db.db,
    clock: systemClock,
    logger,
    config,
    messenger,
    probeImage: async () => ({ status: 200, contentType: 'image/png' }),
    // the OA's shared rate (a token bucket row in the database), as the app and the worker use it
    sendRate: createSendRateLimiter({ db: db.db, config, logger }),
  };
}

async function seed(db: Database, n: number) {
  await runMigrations(db);
  await loadReferenceData(db.db, './content');
  await loadPlan(db.db, './content', 2025);
  await db.db.execute(sql`insert into followers (zalo_user_id, language, area_code, following, followed_at)
    select 'fake-user-' || lpad(g::text, 6, '0'), case when g % 5 = 0 then 'km' else 'vi' end,
      case when g % 2 = 0 then 'vinh-chau-p1' else 'vinh-chau-p2' end, true, now() from generate_series(1, ${n}) g`);
}

async function scheduledBroadcast(deps: SenderDeps, title: string): Promise<number> {
  const clock = new FakeClock(new Date(Date.now() - 60_000));
  const d = { ...deps, clock };
  const author: Actor = {
    id: crypto.randomUUID(),
    username: 'bench-editor',
    role: 'editor',
    unitCode: 'so-noi-vu',
  };
  const boss: Actor = {
    id: crypto.randomUUID(),
    username: 'bench-approver',
    role: 'approver',
    unitCode: 'so-noi-vu',
  };
  const item = await createItem(
    d,
    author,
    contentInputSchema.parse({
      title,
      textVi: `${title}: nội dung tuyên truyền CCHC.`,
      buttonTitle: 'Xem',
      buttonUrl: 'https://dichvucong.gov.vn',
    }),
  );
  await transitionItem(d, author, item.id, 'submit');
  await transitionItem(d, boss, item.id, 'approve');
  const { broadcast } = await scheduleItem(
    d,
    boss,
    item.id,
    scheduleInputSchema.parse({ scheduledAt: new Date(Date.now() - 1_000).toISOString() }),
  );
  return broadcast.id;
}

function receipts(zalo: FakeZalo, planned: number) {
  const per = new Map<string, number>();
  for (const m of zalo.sent) per.set(m.userId, (per.get(m.userId) ?? 0) + 1);
  let duplicates = 0;
  for (const c of per.values()) duplicates += c - 1;
  return { duplicates, lost: planned - per.size };
}

async function runOn(kind: 'postgres' | 'pglite', n: number) {
  const zalo = await startFakeZalo({ acceptAnyAccessToken: true });
  let dbUrl: string | undefined;
  let dataDir: string | undefined;
  const dbName = `cchc_bench_${process.pid}_${Date.now().toString(36)}`;
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    dbUrl = `${PG_BASE}/${dbName}`;
  } else dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-bench-'));
  const config = benchConfig(zalo.url, dbUrl);
  try {
    let db = await openDatabase({ databaseUrl: dbUrl, dataDir, poolMax: 8 });
    await seed(db, n);
    let deps = senderDeps(db, config);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      ZALO_API_BASE: zalo.url,
      DATABASE_URL: dbUrl ?? '',
      DATA_DIR: dataDir ?? '',
      ZALO_SEND_RATE_PER_SECOND: String(config.ZALO_SEND_RATE_PER_SECOND),
      BROADCAST_LEASE_SECONDS: '5',
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    };
    // The sender runs in its own process (as in production), the fake Zalo server in this one.
    const start = (extra: NodeJS.ProcessEnv = {}): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'scripts/broadcast-send-worker.ts'], {
        env: { ...env, ...extra },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    const spanOf = async (broadcastId: number) => {
      const [span] = rowsOf<{ seconds: number; n: number }>(
        await db.db
          .execute(sql`select extract(epoch from max(sent_at) - min(sent_at))::float as seconds, count(*)::int as n
          from broadcast_deliveries where broadcast_id = ${broadcastId} and status = 'sent'`),
      );
      const sent = Number(span?.n ?? 0);
      return { sent, perSec: Math.round(sent / Math.max(0.001, Number(span?.seconds ?? 0))) };
    };
    const finished = (c: ChildProcess) =>
      new Promise<{ sent: number; rssGrowthMb: number } | undefined>((res) => {
        let out = '';
        c.stdout?.on('data', (b: Buffer) => (out += b.toString()));
        c.once('exit', () => {
          const last = out.trim().split('\n').pop();
          try {
            res(last ? (JSON.parse(last) as { sent: number; rssGrowthMb: number }) : undefined);
          } catch {
            res(undefined);
          }
        });
      });
    // 0. the same-run baseline: a broadcast sent by the same worker pacing itself with the old in-process bucket
    const b0 = await scheduledBroadcast(deps, 'Bản tin CCHC số 0');
    await planDueBroadcast(deps);
    if (kind === 'pglite') await db.close();
    await finished(start({ BENCH_RATE_GATE: 'local' }));
    if (kind === 'pglite') db = await openDatabase({ dataDir });
    const baseline = await spanOf(b0);
    deps = senderDeps(db, config);
    zalo.reset();
    // 1. plan one broadcast here, send it in a child process through the shared (database) limiter
    const b1 = await scheduledBroadcast(deps, 'Bản tin CCHC số 1');
    const t0 = performance.now();
    const planned = await planDueBroadcast(deps);
    const planMs = Math.round(performance.now() - t0);
    // 2. the second broadcast is planned now too, but scheduled later (sent in the crash run)
    if (kind === 'pglite') await db.close(); // one process at a time may open a PGlite data directory
    const run1 = await finished(start());
    if (kind === 'pglite') db = await openDatabase({ dataDir });
    deps = senderDeps(db, config);
    const measured = await spanOf(b1);
    const sentCount = measured.sent;
    const first = receipts(zalo, planned?.planned ?? 0);
    // 2. a second broadcast sent by a child process, SIGKILLed mid-send, then restarted
    zalo.reset();
    await scheduledBroadcast(deps, 'Bản tin CCHC số 2');
    const planned2 = await planDueBroadcast(deps);
    if (kind === 'pglite') await db.close();
    const child = start();
    const killAt = Math.floor((planned2?.planned ?? 0) * 0.4);
    while (zalo.sent.length < killAt) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await finished(child);
    const atKill = zalo.sent.length;
    await finished(start());
    if (kind === 'pglite') db = await openDatabase({ dataDir });
    const second = receipts(zalo, planned2?.planned ?? 0);
    const [u] = rowsOf<{ n: number }>(
      await db.db.execute(
        sql`select count(*)::int as n from broadcast_deliveries where error_reason = 'outcome_unknown'`,
      ),
    );
    await db.close();
    const sendPerSec = measured.perSec;
    return {
      db: kind,
      followers: n,
      planMs,
      sent: sentCount,
      sendPerSec,
      configuredRate: config.ZALO_SEND_RATE_PER_SECOND,
      ratio: Number((sendPerSec / config.ZALO_SEND_RATE_PER_SECOND).toFixed(3)),
      baseline: {
        what: 'same worker, per-process token bucket (no shared limiter)',
        sendPerSec: baseline.perSec,
        ratio: Number((baseline.perSec / config.ZALO_SEND_RATE_PER_SECOND).toFixed(3)),
      },
      rssGrowthMb: run1?.rssGrowthMb ?? -1,
      duplicates: first.duplicates + second.duplicates,
      lost: first.lost + second.lost,
      crash: {
        killedAfter: atKill,
        duplicates: second.duplicates,
        lost: second.lost,
        unknownOutcome: Number(u?.n ?? 0),
      },
    };
  } finally {
    await zalo.close();
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    } else if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const n = Number(arg('followers', '100000'));
  const which = arg('db', 'both');
  const runs = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    if (which !== 'both' && which !== kind) continue;
    const r = await runOn(kind, n);
    if (!args.includes('--json')) console.log(r);
    runs.push(r);
  }
  const worst = runs.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  console.log(
    JSON.stringify({
      planMs: Math.max(...runs.map((r) => r.planMs)),
      sendPerSec: worst.sendPerSec,
      configuredRate: worst.configuredRate,
      ratio: worst.ratio,
      rssGrowthMb: Math.max(...runs.map((r) => r.rssGrowthMb)),
      duplicates: runs.reduce((s, r) => s + r.duplicates, 0),
      lost: runs.reduce((s, r) => s + r.lost, 0),
      db: runs,
    }),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
