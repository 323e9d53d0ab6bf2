// npm run areas:import -- <list.xlsx|list.csv> [--dry-run] [--province 92]
// Imports the official list of a province's communes into content/areas (and the database): prints the diff
// (added, renamed, merged, retired, updated); with --dry-run writes nothing. Errors name the row; nothing is half-loaded.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { AreasImportError, formatDiff, importAreas } from '../src/areas/areas.import.ts';
import { loadProvince } from '../src/province/province.ts';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--province');
const dryRun = args.includes('--dry-run');
const config = loadConfig();
const provinceArg = args.includes('--province') ? args[args.indexOf('--province') + 1] : undefined;
if (!file || !/\.(xlsx|csv)$/i.test(file)) {
  console.error(
    'Cách dùng: npm run areas:import -- <danh-sach.xlsx|danh-sach.csv> [--dry-run] [--province 92]',
  );
  process.exit(2);
}
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await runMigrations(database);
  const result = await importAreas({
    db: database.db,
    contentDir: config.CONTENT_DIR,
    data: await readFile(file),
    format: /\.xlsx$/i.test(file) ? 'xlsx' : 'csv',
    provinceCode: provinceArg ?? loadProvince(config.CONTENT_DIR).code,
    dryRun,
  });
  console.log(formatDiff(result.diff));
  console.log(
    dryRun
      ? 'Chạy thử (--dry-run): chưa ghi gì.'
      : result.written
        ? `Đã ghi ${result.file} và cơ sở dữ liệu.`
        : 'Không có thay đổi.',
  );
} catch (err) {
  if (!(err instanceof AreasImportError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
