// Loads reference data (areas, units) from content/ into the configured database; safe to run again.
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
await runMigrations(database);
const loaded = await loadReferenceData(database.db, config.CONTENT_DIR);
console.log(`reference data loaded: ${loaded.areas} areas, ${loaded.units} units (${database.kind})`);
await database.close();
