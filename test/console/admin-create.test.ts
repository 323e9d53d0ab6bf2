import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { staff, auditLog } from '../../src/console/console.schema.ts';
import { verifyPassword } from '../../src/console/password.ts';

const password = 'mat-khau-quan-tri-2025';

function run(dataDir: string, args: string[], stdin: string) {
  return spawnSync('npx', ['tsx', 'scripts/admin-create.ts', ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

describe('npm run admin:create', () => {
  it(
    'creates the first admin from a piped password without echoing it, then refuses a second without --force',
    { timeout: 240_000 },
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-admin-'));
      const first = run(dataDir, ['--username', 'QuanTri', '--name', 'Quản trị viên'], `${password}\n`);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('Đã tạo quản trị viên "quantri"');
      expect(first.stdout + first.stderr).not.toContain(password);
      const second = run(dataDir, ['--username', 'khac'], `${password}\n`);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('Đã có quản trị viên');

      const database = await openDatabase({ dataDir });
      try {
        const [row] = await database.db.select().from(staff).where(eq(staff.username, 'quantri'));
        expect(row).toMatchObject({ role: 'admin', displayName: 'Quản trị viên', active: 1 });
        expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
        expect(await verifyPassword(row!.passwordHash, password)).toBe(true);
        const audits = await database.db.select().from(auditLog);
        expect(audits.map((a) => [a.action, a.ip])).toEqual([['account.create', 'cli']]);
      } finally {
        await database.close();
      }
    },
  );
});

describe('npm run admin:create beside a running server', () => {
  it(
    'refuses with a clear message while another process holds the PGlite directory, and writes nothing',
    { timeout: 240_000 },
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-admin-lock-'));
      // This test process plays the running server: it holds the directory open.
      const server = await openDatabase({ dataDir });
      await runMigrations(server);
      try {
        const refused = run(dataDir, ['--username', 'quantri'], `${password}\n`);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain('máy chủ đang chạy trên thư mục dữ liệu');
        expect(refused.stderr).toContain(String(process.pid));
        expect(await server.db.select().from(staff)).toEqual([]);
      } finally {
        await server.close();
      }
      // Once the server has stopped, the same command works.
      const after = run(dataDir, ['--username', 'quantri'], `${password}\n`);
      expect(after.status, after.stderr).toBe(0);
    },
  );
});
