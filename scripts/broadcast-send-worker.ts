/**
 * A broadcast sender on its own, for crash tests and the benchmark: drains due deliveries until none is pending or
 * in flight, then exits. Configuration from the environment (DATABASE_URL, or DATA_DIR for a PGlite directory;
 * ZALO_API_BASE; ZALO_SEND_RATE_PER_SECOND, the OA's shared rate; BROADCAST_*); the access token is taken as given (the fake Zalo server accepts any).
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/client.ts';
import { openSendWorkerContext } from './send-worker-context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { BroadcastSender } from '../src/broadcasts/sender.ts';
import { httpImageProbe } from '../src/broadcasts/content.limits.ts';
import { createSendRateLimiter } from '../src/zalo/send-rate.ts';

async function main() {
  const { config, logger, database, messenger } = await openSendWorkerContext(8);
  const deps = {
    db: database.db,
    clock: systemClock,
    logger,
    config,
    messenger,
    probeImage: httpImageProbe,
    // BENCH_RATE_GATE=local: the old per-process token bucket, only as the benchmark's same-run baseline
    sendRate:
      process.env.BENCH_RATE_GATE === 'local'
        ? undefined
        : createSendRateLimiter({ db: database.db, config, logger }),
  };
  const rssStart = process.memoryUsage().rss;
  let rssMax = rssStart;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 200);
  let sent = 0;
  for (;;) {
    sent += (await new BroadcastSender(deps, { workerId: process.env.WORKER_ID }).drain()).sent;
    const [r] = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from broadcast_deliveries where status in ('pending', 'sending')`,
      ),
    );
    if (Number(r?.n ?? 0) === 0) break;
    await new Promise((res) => setTimeout(res, 250)); // a killed predecessor's leases are still running
  }
  clearInterval(sampler);
  await database.close();
  // one JSON line for the benchmark: how much this process grew while sending
  console.log(JSON.stringify({ sent, rssGrowthMb: Math.round((rssMax - rssStart) / 1048576) }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
