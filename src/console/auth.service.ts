import { eq, sql } from 'drizzle-orm';
import { AppError } from '../http/errors.ts';
import { staff } from './console.schema.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { audit } from './audit.service.ts';
import { verifyPassword } from './password.ts';
import { createSession } from './session.service.ts';

/** One message for every failed login (unknown user, wrong password, locked, disabled): no user enumeration. */
export const LOGIN_FAILED_MESSAGE =
  'Tên đăng nhập hoặc mật khẩu không đúng. Sau nhiều lần sai liên tiếp, tài khoản sẽ bị tạm khoá trong ít phút.';

export function normaliseUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
}

/**
 * Checks a password and opens a session. Every path verifies one argon2 hash (a dummy for unknown
 * users) so timing does not reveal which usernames exist; N wrong passwords lock the account for a while.
 */
export async function login(deps: ConsoleDeps, input: LoginInput) {
  const username = normaliseUsername(input.username);
  const [account] = await deps.db.select().from(staff).where(eq(staff.username, username)).limit(1);
  const passwordOk = await verifyPassword(account?.passwordHash, input.password);
  const now = deps.clock.now();
  const fail = (reason: string) => {
    deps.logger.info({ reason }, 'console login refused');
    return new AppError('unauthorized', `login refused: ${reason}`, LOGIN_FAILED_MESSAGE);
  };
  if (!account) {
    await audit(deps, {
      action: 'login.failed',
      username,
      ip: input.ip,
      details: { reason: 'unknown_user' },
    });
    throw fail('unknown_user');
  }
  const actor = { id: account.id, username: account.username };
  if (account.lockedUntil && account.lockedUntil > now) {
    await audit(deps, { action: 'login.failed', staff: actor, ip: input.ip, details: { reason: 'locked' } });
    throw fail('locked');
  }
  if (account.active !== 1) {
    await audit(deps, {
      action: 'login.failed',
      staff: actor,
      ip: input.ip,
      details: { reason: 'disabled' },
    });
    throw fail('disabled');
  }
  if (!passwordOk) {
    await recordWrongPassword(deps, account.id, actor, input.ip);
    throw fail('wrong_password');
  }
  await deps.db
    .update(staff)
    .set({ failedAttempts: 0, lockedUntil: null, updatedAt: now })
    .where(eq(staff.id, account.id));
  const session = await createSession(deps, account.id);
  await audit(deps, { action: 'login.success', staff: actor, unitCode: account.unitCode, ip: input.ip });
  return { session, staffId: account.id };
}

/** Counts a wrong password atomically (parallel guesses must not slip past the limit) and locks at the limit. */
async function recordWrongPassword(
  deps: ConsoleDeps,
  staffId: string,
  actor: { id: string; username: string },
  ip: string | null,
) {
  const limit = deps.config.CONSOLE_LOCKOUT_ATTEMPTS;
  const lockedUntil = new Date(deps.clock.now().getTime() + deps.config.CONSOLE_LOCKOUT_MINUTES * 60_000);
  const [row] = await deps.db
    .update(staff)
    .set({
      failedAttempts: sql`case when ${staff.failedAttempts} + 1 >= ${limit} then 0 else ${staff.failedAttempts} + 1 end`,
      lockedUntil: sql`case when ${staff.failedAttempts} + 1 >= ${limit} then ${lockedUntil.toISOString()}::timestamptz else ${staff.lockedUntil} end`,
    })
    .where(eq(staff.id, staffId))
    .returning({ failedAttempts: staff.failedAttempts, lockedUntil: staff.lockedUntil });
  const lockedNow = row?.failedAttempts === 0 && row.lockedUntil?.getTime() === lockedUntil.getTime();
  await audit(deps, { action: 'login.failed', staff: actor, ip, details: { reason: 'wrong_password' } });
  if (lockedNow) {
    await audit(deps, {
      action: 'login.lockout',
      staff: actor,
      ip,
      details: { attempts: limit, minutes: deps.config.CONSOLE_LOCKOUT_MINUTES },
    });
  }
}
