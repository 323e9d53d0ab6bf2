// Loads content/ (areas, units, quiz banks and campaigns, surveys) into the configured database; safe to run again.
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadContent } from '../src/load-content.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
await runMigrations(database);
const loaded = await loadContent(database.db, config.CONTENT_DIR);
console.log(
  `content loaded (${database.kind}): ${loaded.areas} areas, ${loaded.units} units, ` +
    `${loaded.quiz.questions} quiz questions, ${loaded.surveys.loaded} surveys`,
);
await database.close();
