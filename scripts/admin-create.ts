/**
 * Creates the first console administrator: `npm run admin:create -- --username admin --name "Quản trị"`.
 * The password is read without echo from the terminal (twice), or from the first line of stdin when piped
 * (`printf '%s\n' "$PW" | npm run admin:create -- --username admin`); it is never a command-line argument.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openDatabase } from '../src/db/client.ts';
import { DataDirLockedError } from '../src/db/pglite-lock.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createAccount, createAccountSchema } from '../src/console/accounts.service.ts';
import { staff } from '../src/console/console.schema.ts';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});

/** Asks a question; with `hidden` nothing typed is echoed. */
function ask(question: string, hidden = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer);
    });
    muted = hidden;
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return ask('');
  const first = await ask('Mật khẩu (không hiển thị): ', true);
  const second = await ask('Nhập lại mật khẩu: ', true);
  if (first !== second) throw new Error('Hai lần nhập mật khẩu không khớp.');
  return first;
}

async function main() {
  const config = loadConfig();
  const username = values.username ?? (await ask('Tên đăng nhập: '));
  const displayName = values.name ?? (process.stdin.isTTY ? await ask('Họ tên: ') : 'Quản trị hệ thống');
  const password = await readPassword();
  const input = createAccountSchema.parse({
    username,
    displayName,
    password,
    role: 'admin',
    unitCode: values.unit ?? null,
  });

  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: 2,
  });
  try {
    await runMigrations(database);
    await loadReferenceData(database.db, config.CONTENT_DIR);
    const admins = await database.db
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.role, 'admin'), eq(staff.active, 1)));
    if (admins.length > 0 && !values.force) {
      throw new Error('Đã có quản trị viên. Dùng bảng điều khiển để tạo thêm tài khoản (hoặc thêm --force).');
    }
    const logger = createLogger('warn');
    const created = await createAccount(
      { db: database.db, clock: systemClock, logger, config },
      input,
      null,
      'cli',
    );
    console.log(`Đã tạo quản trị viên "${created.username}". Đăng nhập tại /admin.`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  const message =
    err instanceof DataDirLockedError
      ? `máy chủ đang chạy trên thư mục dữ liệu ${err.dataDir} (tiến trình ${err.pid}). ` +
        'Tạo tài khoản trong bảng điều khiển /admin (lần đầu: mã thiết lập in trong nhật ký khởi động), ' +
        'hoặc dừng máy chủ rồi chạy lại lệnh này.'
      : err instanceof Error && 'issues' in err
        ? (err as { issues: { message: string }[] }).issues.map((i) => i.message).join('\n')
        : err instanceof Error
          ? err.message
          : String(err);
  console.error(`Không tạo được tài khoản: ${message}`);
  process.exit(1);
});
