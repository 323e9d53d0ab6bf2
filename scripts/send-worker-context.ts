/**
 * What the stand-alone send workers (outbox, broadcasts) share: configuration from the environment, a silent
 * logger, the database and a Zalo client whose access token is taken as given (the fake Zalo accepts any).
 */
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { ZaloClient } from '../src/zalo/zalo.client.ts';
import { FixedAccessTokens } from '../src/zalo/token.service.ts';

export async function openSendWorkerContext(poolMax: number) {
  const config = loadConfig();
  const logger = pino({ level: 'silent' });
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax,
  });
  const messenger = new ZaloClient({
    config,
    tokens: new FixedAccessTokens(process.env.ZALO_ACCESS_TOKEN ?? 'worker'),
    logger,
    retry: { attempts: 3 },
  });
  return { config, logger, database, messenger };
}
