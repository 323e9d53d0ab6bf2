import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { staff, staffSessions } from './console.schema.ts';
import type { ConsoleDeps } from './console.deps.ts';
import type { Role } from './policy.ts';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The CSRF token is derived from the session token, so the server can hand it out again without storing it in clear. */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf').digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A new session for a staff member; returns the cookie token (stored only as a hash) and its CSRF token. */
export async function createSession(deps: ConsoleDeps, staffId: string) {
  const token = randomToken();
  const now = deps.clock.now();
  const expiresAt = nextExpiry(deps, now, now);
  await deps.db.insert(staffSessions).values({
    idHash: sha256(token),
    staffId,
    csrfHash: sha256(csrfTokenFor(token)),
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, csrfToken: csrfTokenFor(token), expiresAt };
}

/** Sliding idle expiry, capped by an absolute lifetime from login. */
function nextExpiry(deps: ConsoleDeps, createdAt: Date, now: Date): Date {
  const idle = now.getTime() + deps.config.CONSOLE_SESSION_IDLE_MINUTES * 60_000;
  const max = createdAt.getTime() + deps.config.CONSOLE_SESSION_MAX_HOURS * 3_600_000;
  return new Date(Math.min(idle, max));
}

export interface ResolvedSession {
  idHash: string;
  csrfHash: string;
  staff: { id: string; username: string; displayName: string; role: Role; unitCode: string | null };
}

/** Writing last-seen on every request would turn reads into writes; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

/** Looks a cookie token up: 'ok' with the staff member, 'expired' (and removed), or 'invalid'. */
export async function resolveSession(
  deps: ConsoleDeps,
  token: string,
): Promise<{ state: 'ok'; session: ResolvedSession } | { state: 'expired' | 'invalid' }> {
  const idHash = sha256(token);
  const [row] = await deps.db
    .select({ session: staffSessions, staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(eq(staffSessions.idHash, idHash))
    .limit(1);
  if (!row) return { state: 'invalid' };
  const now = deps.clock.now();
  if (row.session.expiresAt <= now) {
    await deps.db.delete(staffSessions).where(eq(staffSessions.idHash, idHash));
    return { state: 'expired' };
  }
  if (row.staff.active !== 1) return { state: 'invalid' };
  if (now.getTime() - row.session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.db
      .update(staffSessions)
      .set({ lastSeenAt: now, expiresAt: nextExpiry(deps, row.session.createdAt, now) })
      .where(eq(staffSessions.idHash, idHash));
  }
  const s = row.staff;
  return {
    state: 'ok',
    session: {
      idHash,
      csrfHash: row.session.csrfHash,
      staff: {
        id: s.id,
        username: s.username,
        displayName: s.displayName,
        role: s.role as Role,
        unitCode: s.unitCode,
      },
    },
  };
}

export async function destroySession(db: Db, idHash: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.idHash, idHash));
}

/** Ends every session of a staff member (disabled account, new password, role change). */
export async function destroyStaffSessions(db: Db, staffId: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.staffId, staffId));
}

/** Housekeeping: expired rows are useless; removing them keeps the table small. */
export async function purgeExpiredSessions(deps: ConsoleDeps): Promise<void> {
  await deps.db.delete(staffSessions).where(and(lt(staffSessions.expiresAt, deps.clock.now())));
}
