/**
 * Webhook benchmark: `npm run -s bench:webhook -- [--json] [--events 20000] [--concurrency 32] [--redeliver 0.05]`.
 * Starts the app itself (PGlite in a temp dir, or DATABASE_URL) with the fake Zalo server, sends N signed events
 * on loopback (a share of them delivered twice), waits until every event is processed and every reply sent, and
 * checks exactly-once against the inbox, the outbox and what the fake Zalo received. In the same run it measures a
 * bare Express endpoint that only answers 200. The last stdout line is one JSON object.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { count, inArray, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { createApp } from '../src/app.ts';
import { createJobRunner } from '../src/jobs/runner.ts';
import { inboxEvents, outboxMessages } from '../src/chat/chat.schema.ts';
import { signWebhook } from '../src/zalo/webhook-signature.ts';
import { startFakeZalo } from '../src/zalo/fake-zalo-server.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg('events', 20_000);
const CONCURRENCY = arg('concurrency', 32);
const REDELIVER = arg('redeliver', 0.05);
const keys = { appId: 'bench-app', oaSecretKey: 'bench-oa-secret' };
const log = (msg: string) => process.stderr.write(`${msg}\n`);

interface Shot {
  body: string;
  signature: string;
  /** Index of the unique event (a redelivery shares its original's). */
  event: number;
}

/** N requests: unique events plus a share delivered again later in the run (as Zalo does after a slow ack). */
function buildEvents(runId: string): { shots: Shot[]; unique: number } {
  const unique = Math.round(N / (1 + REDELIVER));
  const now = Date.now();
  const texts = ['menu', 'xin chào', 'gặp cán bộ', 'làm căn cước ở đâu?', 'ngôn ngữ'];
  const events: Shot[] = [];
  for (let i = 0; i < unique; i++) {
    const timestamp = String(now + i);
    const body = JSON.stringify({
      app_id: keys.appId,
      sender: { id: `bench-${runId}-${i}` },
      recipient: { id: 'bench-oa' },
      event_name: 'user_send_text',
      message: { text: texts[i % texts.length], msg_id: `bench-${runId}-m${i}` },
      timestamp,
      user_id_by_app: `app-${i}`,
    });
    events.push({ body, signature: signWebhook(keys, body, timestamp), event: i });
  }
  const shots = [...events];
  for (let k = 0; shots.length < N; k++) {
    const j = Math.floor(((k * 7919) % unique) as number);
    shots.splice(Math.min(shots.length, j + 200), 0, events[j]!); // a redelivery shortly after the original
  }
  return { shots, unique };
}

async function fire(
  port: number,
  shots: Shot[],
): Promise<{ seconds: number; latencies: number[]; errors: number; acked: Set<number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const acked = new Set<number>();
  const one = (shot: Shot) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/webhooks/zalo',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'x-zevent-signature': shot.signature,
            'content-length': Buffer.byteLength(shot.body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode !== 200) errors++;
            else acked.add(shot.event);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(shot.body);
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < shots.length) await one(shots[next++]!);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { seconds, latencies, errors, acked };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function listen(app: express.Express): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    // The load generator keeps connections open; a short server idle timeout would reset some mid-request.
    server.keepAliveTimeout = 65_000;
  });
}

async function bare(shots: Shot[]): Promise<number> {
  const app = express();
  app.post('/webhooks/zalo', (_req, res) => void res.status(200).json({ ok: true }));
  const server = await listen(app);
  await fire((server.address() as AddressInfo).port, shots.slice(0, 2000)); // warm-up
  const r = await fire((server.address() as AddressInfo).port, shots);
  server.close();
  return shots.length / r.seconds;
}

async function main() {
  const runId = Date.now().toString(36);
  const tmp = mkdtempSync(path.join(tmpdir(), 'cchc-bench-webhook-'));
  const fake = await startFakeZalo({ acceptAnyAccessToken: true });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: tmp,
    ZALO_APP_ID: keys.appId,
    ZALO_OA_SECRET_KEY: keys.oaSecretKey,
    ZALO_OA_ID: 'bench-oa',
    ZALO_ACCESS_TOKEN: 'bench-access',
    ZALO_REFRESH_TOKEN: 'bench-refresh',
    ZALO_API_BASE: fake.url,
    ZALO_OAUTH_BASE: fake.url,
    ZALO_GRAPH_BASE: fake.url,
    OUTBOX_RATE_PER_SECOND: '5000',
  });
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: tmp,
    poolMax: config.DB_POOL_MAX,
  });
  await runMigrations(database);
  const logger = createLogger('warn');
  const app = createApp({ config, database, logger });
  // Only the chat channel's workers (inbox, outbox, follower sync), as the bench measures the reply path.
  const chatJobs = createJobRunner(app.chat.jobs, logger, { timeZone: config.TZ_APP });
  const server = await listen(app.express);
  const port = (server.address() as AddressInfo).port;
  // --workers-after: process only once every ack is in (shows what the ack path costs on its own).
  const workersAfter = process.argv.includes('--workers-after');
  if (!workersAfter) chatJobs.start();

  const { shots, unique } = buildEvents(runId);
  log(
    `webhook bench: ${shots.length} requests (${unique} unique events), concurrency ${CONCURRENCY}, db ${database.kind}`,
  );
  const firstRequestAt = performance.now();
  const run = await fire(port, shots);
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const eventsPerSec = shots.length / run.seconds;
  log(
    `acked in ${round(run.seconds, 2)} s (${Math.round(eventsPerSec)} ev/s), non-200: ${run.errors}; waiting for processing…`,
  );

  if (process.argv.includes('--ack-only')) process.exit(0); // profiling the ack path alone
  if (workersAfter) chatJobs.start();
  const db = database.db;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const [open] = await db
      .select({ n: count() })
      .from(inboxEvents)
      .where(inArray(inboxEvents.status, ['pending', 'processing']));
    const [unsent] = await db
      .select({ n: count() })
      .from(outboxMessages)
      .where(inArray(outboxMessages.status, ['pending', 'sending']));
    if ((open!.n === 0 && unsent!.n === 0) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // From the first request until every event is processed and every reply sent: the end-to-end rate.
  const drainSeconds = (performance.now() - firstRequestAt) / 1000;
  const like = `bench-${runId}-%`;
  const [stored] = await db
    .select({ n: count() })
    .from(inboxEvents)
    .where(sql`${inboxEvents.zaloUserId} like ${like}`);
  const [processed] = await db
    .select({ n: count() })
    .from(inboxEvents)
    .where(sql`${inboxEvents.zaloUserId} like ${like} and ${inboxEvents.status} = 'processed'`);
  const [replyRows] = await db
    .select({ n: count(), users: sql<number>`count(distinct ${outboxMessages.zaloUserId})` })
    .from(outboxMessages)
    .where(sql`${outboxMessages.zaloUserId} like ${like}`);
  const received = fake.sent.filter((m) => m.userId.startsWith(`bench-${runId}-`));
  const receivedUsers = new Set(received.map((m) => m.userId)).size;
  // Each event is one citizen's one message and gets exactly one reply.
  const duplicates =
    Math.max(0, stored!.n - unique) +
    Math.max(0, app.chat.inbox.handledCount - unique) +
    Math.max(0, replyRows!.n - replyRows!.users) +
    (received.length - receivedUsers);
  // Lost = acknowledged (200) but never processed or never answered. An event that got no 200 is Zalo's to redeliver.
  const ackedUnique = run.acked.size;
  const lost = Math.max(0, ackedUnique - processed!.n) + Math.max(0, ackedUnique - receivedUsers);

  await chatJobs.stop();
  server.close();
  server.closeAllConnections();
  await database.close();
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });

  const bareEventsPerSec = await bare(shots);
  const result = {
    eventsPerSec: Math.round(eventsPerSec),
    p50Ms: round(pct(sorted, 50), 2),
    p99Ms: round(pct(sorted, 99), 2),
    duplicates,
    lost,
    bareEventsPerSec: Math.round(bareEventsPerSec),
    ratio: round(eventsPerSec / bareEventsPerSec, 2),
    db: database.kind,
    requests: shots.length,
    uniqueEvents: unique,
    non200: run.errors,
    repliesSent: received.length,
    processedPerSec: Math.round(unique / drainSeconds),
    drainSeconds: round(drainSeconds, 1),
  };
  if (!process.argv.includes('--json')) log(JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
