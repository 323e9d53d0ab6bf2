// Loads content/ (areas, units, plan, quiz banks and campaigns, surveys, knowledge base) into the configured
// database with the same loaders start-up runs; safe to run again.
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import { createApp } from '../src/app.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
await runMigrations(database);
const app = createApp({ config, database, logger: createLogger('warn') });
const loaded = (await app.loadContent()) as {
  areas: { areas: number; units: number };
  quiz: { questions: number };
  surveys: { loaded: number };
};
console.log(
  `content loaded (${database.kind}): ${loaded.areas.areas} areas, ${loaded.areas.units} units, ` +
    `${loaded.quiz.questions} quiz questions, ${loaded.surveys.loaded} surveys`,
);
await database.close();
