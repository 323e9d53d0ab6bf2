/**
 * The demo pack: `npm run -s demo:seed` fills the database with synthetic data labelled "[Bản trình diễn]" relative
 * to today; `npm run -s demo:clear` removes exactly those rows. Both exit 0 and can be run again. Refused in
 * production, and refused beside a running server on the same PGlite directory (use the console's admin page
 * "Bản trình diễn" then, which does the same through the running server).
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { DataDirLockedError } from '../src/db/pglite-lock.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { loadAllPlans } from '../src/plan/plan.service.ts';
import { loadSurveyFiles } from '../src/surveys/surveys.definitions.ts';
import { systemClock } from '../src/lib/clock.ts';
import { assertNotProduction, clearDemo, DemoRefusedError } from '../src/demo/demo.clear.ts';
import { seedDemo } from '../src/demo/demo.seed.ts';

async function main(action: string | undefined) {
  if (action !== 'seed' && action !== 'clear') throw new Error('Dùng: tsx scripts/demo.ts seed|clear');
  // Before anything else (a production environment may not even load without its secrets).
  assertNotProduction(process.env.NODE_ENV ?? 'development');
  const config = loadConfig();
  assertNotProduction(config.NODE_ENV);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: 2,
  });
  try {
    await runMigrations(database);
    if (action === 'clear') {
      const removed = await clearDemo(database.db);
      console.log(`Đã xóa bản trình diễn: ${JSON.stringify(removed)}`);
      return;
    }
    await loadReferenceData(database.db, config.CONTENT_DIR);
    await loadAllPlans(database.db, config.CONTENT_DIR);
    await loadSurveyFiles(database.db, config.CONTENT_DIR);
    const summary = await seedDemo({ db: database.db, clock: systemClock });
    console.log(`Đã nạp bản trình diễn: ${JSON.stringify(summary)}`);
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  const message =
    err instanceof DataDirLockedError
      ? `máy chủ đang chạy trên thư mục dữ liệu ${err.dataDir} (tiến trình ${err.pid}). ` +
        'Dùng trang quản trị /admin → "Bản trình diễn" (quản trị viên), hoặc dừng máy chủ rồi chạy lại lệnh này.'
      : err instanceof DemoRefusedError || err instanceof Error
        ? err.message
        : String(err);
  console.error(`Không thực hiện được: ${message}`);
  process.exit(1);
});
