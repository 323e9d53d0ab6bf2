import type { Server } from 'node:http';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { createApp } from './app.ts';
import { issueSetupCode } from './console/setup.service.ts';
import { systemClock } from './lib/clock.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

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
    logger.info({ port: config.PORT }, `listening on http://localhost:${config.PORT}`);
  });
  if (config.JOBS) app.jobs.start();

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
    // Stop accepting; in-flight requests finish, idle keep-alive sockets close now.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await app.jobs.stop();
    await closed;
    await database.close();
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
