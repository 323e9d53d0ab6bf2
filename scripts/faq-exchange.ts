// The knowledge base's exchange format (content/faq's markdown):
//   npm run faq:export -- <dir>                      database → <dir>/<id>.md (published versions)
//   npm run faq:import -- <dir> [--mode auto|seed|drafts]
// Import is one transaction: into an empty database as published topics (seed), otherwise as drafts for approval;
// a broken file stops it with every file's problems and nothing written.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { contentContext } from '../src/faq/faq.module.ts';
import {
  exportTopicFiles,
  FaqImportError,
  importTopicFiles,
  readTopicFiles,
  type ImportMode,
} from '../src/faq/kb.exchange.ts';

const [command, dir, ...rest] = process.argv.slice(2);
const modeArg = rest[rest.indexOf('--mode') + 1];
const mode: ImportMode = rest.includes('--mode') ? (modeArg as ImportMode) : 'auto';
if (!['export', 'import'].includes(command ?? '') || !dir || !['auto', 'seed', 'drafts'].includes(mode)) {
  console.error('usage: faq-exchange.ts export <dir> | import <dir> [--mode auto|seed|drafts]');
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await runMigrations(database);
  if (command === 'export') {
    const files = await exportTopicFiles(database.db);
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(path.join(dir, f.name), f.text);
    console.log(`${files.length} topics written to ${dir}`);
  } else {
    const result = await importTopicFiles(
      {
        db: database.db,
        now: new Date(),
        timeZone: config.TZ_APP,
        content: contentContext(config.CONTENT_DIR, createI18n(config.CONTENT_DIR)),
      },
      readTopicFiles(dir),
      mode,
    );
    console.log(
      `imported (${result.mode}): ${result.created} new, ${result.updated} changed, ${result.unchanged} unchanged`,
    );
  }
} catch (err) {
  if (err instanceof FaqImportError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  await database.close();
}
