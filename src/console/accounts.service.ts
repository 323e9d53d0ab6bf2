import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { unitExists } from '../areas/areas.api.ts';
import type { Db } from '../db/client.ts';
import { staff } from './console.schema.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { roles } from './policy.ts';
import { audit } from './audit.service.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.ts';
import { destroyStaffSessions } from './session.service.ts';
import { normaliseUsername } from './auth.service.ts';

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`)
  .max(200, 'Mật khẩu quá dài.');

export const createAccountSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9._-]{3,50}$/,
      'Tên đăng nhập 3–50 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.',
    ),
  displayName: z.string().trim().min(1, 'Cần nhập họ tên.').max(120),
  password,
  role: z.enum(roles, 'Vai trò không hợp lệ.'),
  unitCode: z.string().trim().min(1).max(100).nullish(),
});

export const updateAccountSchema = z
  .object({
    displayName: z.string().trim().min(1).max(120),
    role: z.enum(roles, 'Vai trò không hợp lệ.'),
    unitCode: z.string().trim().min(1).max(100).nullable(),
    active: z.boolean(),
    password,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào.');

export type CreateAccount = z.infer<typeof createAccountSchema>;
export type UpdateAccount = z.infer<typeof updateAccountSchema>;

type Actor = { id: string; username: string };

/** Public view of an account: never the hash. */
function view(row: typeof staff.$inferSelect) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    unitCode: row.unitCode,
    active: row.active === 1,
    lockedUntil: row.lockedUntil,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listAccounts(db: Db) {
  const rows = await db.select().from(staff).orderBy(asc(staff.username));
  return rows.map(view);
}

async function assertUnitExists(db: Db, unitCode: string | null | undefined, role: string) {
  if (!unitCode) {
    if (role !== 'admin')
      throw new AppError('validation', 'unit required', 'Cần chọn đơn vị cho vai trò này.');
    return;
  }
  if (!(await unitExists(db, unitCode)))
    throw new AppError('validation', `unknown unit ${unitCode}`, 'Đơn vị không có trong danh mục.');
}

export async function createAccount(
  deps: ConsoleDeps,
  input: CreateAccount,
  actor: Actor | null,
  ip: string | null,
) {
  await assertUnitExists(deps.db, input.unitCode, input.role);
  const passwordHash = await hashPassword(input.password);
  const row = await deps.db.transaction((tx) =>
    insertAccount({ db: tx as unknown as Db, clock: deps.clock }, input, passwordHash, actor, ip),
  );
  return view(row);
}

/** Inserts an account and its audit row inside the caller's transaction (the first-admin setup shares it). */
export async function insertAccount(
  deps: { db: Db; clock: ConsoleDeps['clock'] },
  input: Omit<CreateAccount, 'password'>,
  passwordHash: string,
  actor: Actor | null,
  ip: string | null,
) {
  const username = normaliseUsername(input.username);
  const now = deps.clock.now();
  const [created] = await deps.db
    .insert(staff)
    .values({
      username,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      unitCode: input.unitCode ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: staff.username })
    .returning();
  if (!created) throw new AppError('conflict', 'username taken', 'Tên đăng nhập này đã có.');
  await audit(deps, {
    action: 'account.create',
    staff: actor,
    ip,
    targetType: 'staff',
    targetId: created.id,
    unitCode: created.unitCode,
    details: { username, role: created.role },
  });
  return created;
}

/** Public view of an account (never the hash). */
export const accountView = view;

/** Applies an admin's change; role changes, (de)activation and password resets are audited separately and end the sessions. */
export async function updateAccount(
  deps: ConsoleDeps,
  id: string,
  input: UpdateAccount,
  actor: Actor,
  ip: string | null,
) {
  const [current] = await deps.db.select().from(staff).where(eq(staff.id, id)).limit(1);
  if (!current) throw new AppError('not_found', `staff ${id}`, 'Không tìm thấy tài khoản.');
  const role = input.role ?? current.role;
  if (input.unitCode !== undefined || input.role !== undefined) {
    await assertUnitExists(deps.db, input.unitCode !== undefined ? input.unitCode : current.unitCode, role);
  }
  const losesAdmin = current.role === 'admin' && (role !== 'admin' || input.active === false);
  const now = deps.clock.now();
  const updated = await deps.db.transaction(async (tx) => {
    if (losesAdmin) await assertAnotherAdmin(tx as unknown as Db, id);
    const [row] = await tx
      .update(staff)
      .set({
        displayName: input.displayName,
        role: input.role,
        unitCode: input.unitCode,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
        passwordHash: input.password ? await hashPassword(input.password) : undefined,
        // An admin re-enabling or resetting an account also lifts a lockout.
        ...(input.password || input.active ? { failedAttempts: 0, lockedUntil: null } : {}),
        updatedAt: now,
      })
      .where(eq(staff.id, id))
      .returning();
    const auditDeps = { db: tx, clock: deps.clock };
    const base = { staff: actor, ip, targetType: 'staff', targetId: id, unitCode: row?.unitCode ?? null };
    for (const entry of changeEntries(current, input)) await audit(auditDeps, { ...base, ...entry });
    return row as typeof staff.$inferSelect;
  });
  if (
    input.password ||
    input.active === false ||
    (input.role && input.role !== current.role) ||
    input.unitCode !== undefined
  ) {
    await destroyStaffSessions(deps.db, id);
  }
  return view(updated);
}

function changeEntries(current: typeof staff.$inferSelect, input: UpdateAccount) {
  const entries: { action: string; details?: Record<string, unknown> }[] = [];
  if (input.role && input.role !== current.role)
    entries.push({ action: 'account.role_change', details: { from: current.role, to: input.role } });
  if (input.active === false && current.active === 1) entries.push({ action: 'account.disable' });
  if (input.active === true && current.active !== 1) entries.push({ action: 'account.enable' });
  if (input.password) entries.push({ action: 'account.password_reset' });
  const other: Record<string, unknown> = {};
  if (input.displayName !== undefined && input.displayName !== current.displayName) other.displayName = true;
  if (input.unitCode !== undefined && input.unitCode !== current.unitCode)
    other.unit = { from: current.unitCode, to: input.unitCode };
  if (Object.keys(other).length > 0) entries.push({ action: 'account.update', details: other });
  return entries;
}

/** The console must never lose its last active admin. */
async function assertAnotherAdmin(db: Db, exceptId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, 1), ne(staff.id, exceptId)));
  if ((row?.n ?? 0) === 0) {
    throw new AppError('conflict', 'last admin', 'Không thể bỏ quyền hoặc khoá quản trị viên cuối cùng.');
  }
}
