import { randomInt } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import type { Db } from '../db/client.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { consoleSetupCodes, staff } from './console.schema.ts';
import { accountView, createAccountSchema, insertAccount } from './accounts.service.ts';
import { hashPassword } from './password.ts';
import { constantTimeEqual, sha256 } from './session.service.ts';

/** How long a printed code stays valid: long enough to read the log and open the browser, short if it leaks. */
export const SETUP_CODE_TTL_MS = 24 * 3_600_000;

// Crockford's base32 without I, L, O, U: easy to read from a log and type.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const setupSchema = z.object({
  code: z.string().trim().min(1, 'Cần nhập mã thiết lập.').max(40),
  username: createAccountSchema.shape.username,
  displayName: createAccountSchema.shape.displayName,
  password: createAccountSchema.shape.password,
});

/** Formats a code as XXXX-XXXX; typing it in lower case or without the dash works too. */
function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** True on a fresh install: no staff account at all (the last administrator can never be removed or disabled). */
export async function setupNeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(staff);
  return (row?.n ?? 0) === 0;
}

/** At start-up: a fresh one-time code while no staff account exists yet, else null (and old codes are dropped). */
export async function issueSetupCode(deps: Pick<ConsoleDeps, 'db' | 'clock'>): Promise<string | null> {
  if (!(await setupNeeded(deps.db))) {
    await deps.db.delete(consoleSetupCodes);
    return null;
  }
  const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const now = deps.clock.now();
  await deps.db.delete(consoleSetupCodes).where(lt(consoleSetupCodes.expiresAt, now));
  await deps.db.insert(consoleSetupCodes).values({
    codeHash: sha256(raw),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SETUP_CODE_TTL_MS),
  });
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * Creates the first administrator when the code matches one printed at start-up. The codes are locked first, so
 * of two requests racing with valid codes exactly one creates an account; the other gets 409.
 */
export async function completeSetup(
  deps: ConsoleDeps,
  input: z.infer<typeof setupSchema>,
  ip: string | null,
) {
  const passwordHash = await hashPassword(input.password);
  const hash = sha256(normaliseCode(input.code));
  const created = await deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const codes = await tx.select().from(consoleSetupCodes).for('update');
    if (!(await setupNeeded(tx))) {
      throw new AppError(
        'conflict',
        'setup already done',
        'Hệ thống đã có quản trị viên. Vui lòng đăng nhập.',
      );
    }
    const now = deps.clock.now().getTime();
    const match = codes.find((c) => c.expiresAt.getTime() > now && constantTimeEqual(c.codeHash, hash));
    if (!match) {
      throw new AppError(
        'forbidden',
        'wrong or expired setup code',
        'Mã thiết lập không đúng hoặc đã hết hạn. Xem mã mới nhất trong nhật ký khởi động của máy chủ.',
      );
    }
    const row = await insertAccount(
      { db: tx, clock: deps.clock },
      { username: input.username, displayName: input.displayName, role: 'admin', unitCode: null },
      passwordHash,
      null,
      ip,
    );
    await tx.delete(consoleSetupCodes);
    return row;
  });
  return accountView(created);
}
