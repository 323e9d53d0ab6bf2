import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createApp, type App } from '../../src/app.ts';
import type { Database } from '../../src/db/client.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { checkContract, type ContractViolation } from './contract-check.ts';
import { createTestDatabase } from './db.ts';

/** What must never reach a log: a Vietnamese phone number or an argon2 hash (issue 19). */
export const personalDataInLog = [/\$argon2(?:id|i|d)\$/, /(?<![\w-])(?:\+?84|0)[35789]\d{8}(?![\w-])/];

/**
 * Log lines written during a test, parsed, so tests can assert on what was (not) logged. Every line is also scanned
 * for phone numbers and password hashes: `close()` of a test app fails the file that leaked one.
 */
export class CapturedLogs extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly leaks: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      this.lines.push(JSON.parse(line));
      if (personalDataInLog.some((re) => re.test(line))) this.leaks.push(line.slice(0, 500));
    }
    cb();
  }
  get text() {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  // Like `npm start` locally: the simulator and the mini-app dev login on, except for production configs.
  const local = overrides.NODE_ENV === 'production' ? {} : { SIMULATOR: '1', MINIAPP_DEV_LOGIN: '1' };
  return loadConfig({
    ...local,
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    ZALO_APP_ID: 'test-app-id',
    ZALO_APP_SECRET: 'test-app-secret',
    ZALO_OA_ID: 'test-oa-id',
    ZALO_OA_SECRET_KEY: 'test-oa-secret-key',
    ZALO_API_BASE: 'http://zalo-api.test',
    ZALO_OAUTH_BASE: 'http://zalo-oauth.test',
    ZALO_GRAPH_BASE: 'http://zalo-graph.test',
    SESSION_SECRET: 'test-session-secret-test-session-secret',
    ...overrides,
  });
}

export interface TestApp extends App {
  database: Database;
  config: Config;
  clock: FakeClock;
  logs: CapturedLogs;
  /** Answers that broke the shared API contract so far; `close()` fails the file when there are any. */
  contractViolations: ContractViolation[];
  close(): Promise<void>;
}

/** A full app on a fresh test database, with captured logs and a fake clock. */
export async function createTestApp(
  opts: { config?: Record<string, string>; database?: Database; clock?: FakeClock } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase());
  const config = testConfig(opts.config);
  const logs = new CapturedLogs();
  const logger = createLogger(config.LOG_LEVEL, logs);
  const clock = opts.clock ?? new FakeClock();
  const app = createApp({ config, database, logger, clock });
  const contractViolations = checkContract(app.express);
  // As on a JOBS=0 instance: the jobs about this instance itself (the FAQ index poll, the storage watch) run.
  app.jobs.start({ everyInstanceOnly: true });
  return {
    ...app,
    contractViolations,
    database,
    config,
    clock,
    logs,
    async close() {
      await app.jobs.stop();
      await database.close();
      if (logs.leaks.length > 0)
        throw new Error(`personal data or a hash reached the log:\n${logs.leaks.slice(0, 3).join('\n')}`);
      if (contractViolations.length > 0)
        throw new Error(
          `answers broke the API contract:\n${JSON.stringify(contractViolations.slice(0, 3), null, 1)}`,
        );
    },
  };
}
