// Applies pending migrations to the configured database (PGlite in DATA_DIR, or DATABASE_URL).
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
await runMigrations(database);
console.log(`migrations applied (${database.kind})`);
await database.close();
