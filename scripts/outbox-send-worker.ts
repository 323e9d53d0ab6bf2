/**
 * The chat outbox on its own, for the kill -9 test: sends due replies until none is pending or in flight, then
 * exits. Configuration from the environment (DATABASE_URL, or DATA_DIR for a PGlite directory; ZALO_API_BASE;
 * ZALO_SEND_RATE_PER_SECOND); OUTBOX_RESERVE_MS / OUTBOX_SEND_LEASE_MS shorten the leases so a restart does not
 * wait minutes for a killed predecessor's rows. The access token is taken as given (the fake Zalo accepts any).
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/client.ts';
import { openSendWorkerContext } from './send-worker-context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { OutboxWorker } from '../src/chat/outbox.service.ts';
import { createSendRateLimiter } from '../src/zalo/send-rate.ts';

const ms = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

async function main() {
  const { config, logger, database, messenger } = await openSendWorkerContext(4);
  const worker = new OutboxWorker({
    db: database.db,
    clock: systemClock,
    logger,
    config,
    messenger,
    rate: createSendRateLimiter({ db: database.db, config, logger }).lane('reply'),
    reserveMs: ms('OUTBOX_RESERVE_MS'),
    sendLeaseMs: ms('OUTBOX_SEND_LEASE_MS'),
  });
  let sent = 0;
  for (;;) {
    sent += (await worker.drain()).sent;
    const [r] = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from outbox_messages where status in ('pending', 'sending')`,
      ),
    );
    if (Number(r?.n ?? 0) === 0) break;
    await new Promise((res) => setTimeout(res, 250)); // a killed predecessor's leases are still running
  }
  await database.close();
  console.log(JSON.stringify({ sent }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
