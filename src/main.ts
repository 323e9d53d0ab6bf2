import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { createApp } from './app.ts';
import { issueSetupCode } from './console/setup.service.ts';
import { systemClock } from './lib/clock.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;
/** Of the 10 s: jobs and in-flight requests, then the database; what is left is the hard deadline's margin. */
const DRAIN_MS = 6_000;
const CLOSE_MS = 2_000;

/** True when `work` settles (either way) within `ms`; false at once when `giveUp()` turns true first. */
function settlesWithin(
  work: Promise<unknown>,
  ms: number,
  giveUp: () => boolean = () => false,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
      poll = setInterval(() => giveUp() && resolve(false), 100);
    }),
  ]).finally(() => {
    clearTimeout(timer);
    clearInterval(poll);
  });
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DB_POOL_MAX,
    queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS ?? (config.DATABASE_URL ? 10_000 : undefined),
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });
  await runMigrations(database);
  logger.info({ db: database.kind }, 'database ready');

  const app = createApp({ config, database, logger });
  // Every module's content (areas, units, plan, quiz, surveys, knowledge base) before listening, jobs or not: a bad
  // file stops start-up here with its path and problem.
  await app.loadContent();
  // No administrator yet: a one-time code, printed here only, lets the first one be created from /admin.
  const setupCode = await issueSetupCode({ db: database.db, clock: systemClock });
  if (setupCode) {
    logger.warn(
      { setupCode, path: '/admin' },
      'Chưa có quản trị viên: mở /admin và nhập mã thiết lập này để tạo tài khoản quản trị đầu tiên (dùng một lần, 24 giờ)',
    );
  }
  const server: Server = app.express.listen(config.PORT, config.HOST, () => {
    // The bound port, not the configured one: PORT=0 (tests) picks a free port.
    const port = (server.address() as AddressInfo).port;
    logger.info({ port }, `listening on http://localhost:${port}`);
  });
  // JOBS=0 still runs the jobs about this instance itself: the FAQ index poll, the storage watch.
  app.jobs.start({ everyInstanceOnly: !config.JOBS });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    // Stop accepting; in-flight requests finish, idle keep-alive sockets close now. A dead database must not hold
    // the exit: jobs (the storage watch among them) and requests get DRAIN_MS (less once a storage fault is known:
    // what waits on the database would only time out), the database CLOSE_MS, each step told apart in the log when
    // late.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const jobsStopped = app.jobs.stop();
    const storageGone = () => app.storage.fault !== undefined;
    if (!(await settlesWithin(Promise.all([jobsStopped, closed]), DRAIN_MS, storageGone))) {
      logger.error({ storage: app.storage.fault?.reason }, 'jobs or requests still waiting: cutting them');
      server.closeAllConnections();
    }
    // A database known to be gone has nothing to flush: its close is not waited for.
    if (!(await settlesWithin(database.close(), CLOSE_MS, storageGone))) {
      logger.error({ storage: app.storage.fault?.reason }, 'database not closed cleanly');
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
