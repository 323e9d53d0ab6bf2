import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';

/** What console services need; built once in createApp. */
export interface ConsoleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
}
