import { and, desc, eq, gte, ilike, lt, sql, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Request } from 'express';
import type { Db, Tx } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { auditLog } from './console.schema.ts';

/** Actions the console records; other modules may add their own dotted names (e.g. `broadcast.approve`). */
export type AuditAction =
  | 'login.success'
  | 'login.failed'
  | 'login.lockout'
  | 'logout'
  | 'account.create'
  | 'account.update'
  | 'account.role_change'
  | 'account.disable'
  | 'account.enable'
  | 'account.password_reset'
  | 'settings.change'
  | 'audit.export'
  | 'csrf.rejected'
  | 'access.denied'
  | (string & {});

/** One audited event. `details` must not carry personal data (phones, answers): keys that look like it are dropped. */
export interface AuditEntry {
  action: AuditAction;
  staff?: { id: string; username: string } | null;
  /** For events without a signed-in actor (failed logins): the username that was tried. */
  username?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  unitCode?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

const personalKey = /phone|password|token|secret|answer|email|address|cccd|birth/i;

function scrub(details: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!details) return null;
  return Object.fromEntries(Object.entries(details).filter(([k]) => !personalKey.test(k)));
}

/** Appends one entry to the audit log (inside the caller's transaction when given one). */
export async function audit(deps: { db: Db | Tx; clock: Clock }, entry: AuditEntry): Promise<void> {
  await deps.db.insert(auditLog).values({
    at: deps.clock.now(),
    staffId: entry.staff?.id ?? null,
    username: entry.staff?.username ?? entry.username?.slice(0, 100) ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    unitCode: entry.unitCode ?? null,
    ip: entry.ip ?? null,
    details: scrub(entry.details),
  });
}

/** The actor and address of a console request, to spread into an AuditEntry: `audit(deps, { ...auditActor(req), action })`. */
export function auditActor(req: Request): Pick<AuditEntry, 'staff' | 'ip'> {
  return { staff: req.staff ? { id: req.staff.id, username: req.staff.username } : null, ip: req.ip ?? null };
}

export interface AuditQuery {
  action?: string;
  username?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

function whereOf(q: Omit<AuditQuery, 'page' | 'pageSize'>): SQL | undefined {
  const conds: SQL[] = [];
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.username) conds.push(ilike(auditLog.username, `%${q.username.replace(/[%_\\]/g, '\\$&')}%`));
  if (q.from) conds.push(gte(auditLog.at, q.from));
  if (q.to) conds.push(lt(auditLog.at, q.to));
  return conds.length > 0 ? and(...conds) : undefined;
}

export async function listAudit(db: Db, q: AuditQuery) {
  const where = whereOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { items: rows, total: count?.n ?? 0 };
}

const EXPORT_LIMIT = 50_000;

/** Spreadsheet formula injection: a cell starting with = + - @ is prefixed so Excel shows it as text. */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV of the filtered log (newest first), with a BOM so Excel opens the Vietnamese text correctly. */
export async function exportAuditCsv(db: Db, q: Omit<AuditQuery, 'page' | 'pageSize'>): Promise<string> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(whereOf(q))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(EXPORT_LIMIT);
  const body = stringify(
    rows.map((r) => [
      ...[
        r.at.toISOString(),
        r.username ?? '',
        r.action,
        r.targetType ?? '',
        r.targetId ?? '',
        r.unitCode ?? '',
        r.ip ?? '',
        r.details ? JSON.stringify(r.details) : '',
      ].map(safeCell),
    ]),
    {
      header: true,
      columns: [
        'thoi_gian',
        'tai_khoan',
        'hanh_dong',
        'loai_doi_tuong',
        'ma_doi_tuong',
        'don_vi',
        'ip',
        'chi_tiet',
      ],
    },
  );
  return `\uFEFF${body}`;
}
