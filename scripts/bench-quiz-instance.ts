/**
 * One more app instance for `bench:quiz --instances N` (PostgreSQL only): the same app on the same database in its
 * own process, as a second instance behind a balancer would be. Started by bench-quiz.ts with fork(); it tells its
 * port over IPC and stops when told to.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openDatabase } from '../src/db/client.ts';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/lib/clock.ts';

const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_MINUTE: '100000000',
  SESSION_SECRET: process.env.BENCH_SESSION_SECRET,
  JOBS: 'false',
  DB_POOL_MAX: process.env.BENCH_POOL_MAX ?? '20',
});
const database = await openDatabase({ databaseUrl: process.env.BENCH_INSTANCE_DATABASE_URL, poolMax: 20 });
const app = createApp({ config, database, logger: createLogger('silent'), clock: systemClock });
const server = app.express.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
process.send?.({ port: (server.address() as AddressInfo).port });
process.on('message', async () => {
  await new Promise((r) => server.close(r));
  await database.close();
  process.exit(0);
});
