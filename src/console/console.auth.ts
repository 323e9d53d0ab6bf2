import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError } from '../http/errors.ts';
import { unitTree } from '../areas/areas.api.ts';
import type { ConsoleDeps } from './console.deps.ts';
import type { CsrfRefusals } from './csrf-refusals.ts';
import { roleHas, type Permission, type Role } from './policy.ts';
import { audit, auditActor } from './audit.service.ts';
import { constantTimeEqual, resolveSession, sha256 } from './session.service.ts';
import { formerCodesOf } from '../areas/areas.service.ts';
import { computeUnitScope, scopeAllowsArea, scopeAllowsUnit, type UnitScope } from './unit-scope.ts';

/** The signed-in staff member of a console request. */
export interface StaffPrincipal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  /** Units and areas this person may see (computed from the unit tree at each request). */
  scope: UnitScope;
}

type AuthState = 'ok' | 'missing' | 'expired' | 'invalid';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffPrincipal;
    /** Set by the console router: how the session cookie resolved, and the deps for auditing refusals. */
    consoleAuth?: { state: AuthState; sessionIdHash?: string; csrfHash?: string; deps: ConsoleDeps };
  }
}

export const SESSION_COOKIE = 'cchc_console';
export const PRE_CSRF_COOKIE = 'cchc_console_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** httpOnly, SameSite=Lax, Secure when the request came over HTTPS (directly or through a trusted proxy). */
export function sessionCookieOptions(req: Request, expires?: Date) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/api/console', expires };
}

export function readCookie(req: Request, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length < 200 ? value : undefined;
}

/** Resolves the session cookie once per request; never refuses by itself (authenticate does). */
export function sessionLoader(deps: ConsoleDeps): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    req.consoleAuth = { state: 'missing', deps };
    if (!token) return next();
    const result = await resolveSession(deps, token);
    if (result.state !== 'ok') {
      req.consoleAuth.state = result.state;
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      return next();
    }
    const { session } = result;
    const unitRows = await unitTree(deps.db);
    const scope = computeUnitScope(session.staff.role, session.staff.unitCode, unitRows);
    // A commune's staff also see data still stored under the communes it was formed from (2025 mergers).
    if (!scope.all && scope.areas.size > 0)
      scope.areas = new Set([...scope.areas, ...(await formerCodesOf(deps.db, scope.areas))]);
    req.staff = { ...session.staff, scope };
    req.consoleAuth = { state: 'ok', sessionIdHash: session.idHash, csrfHash: session.csrfHash, deps };
    next();
  };
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF for every state-changing console request: a signed-in request must carry the session's token in
 * the X-CSRF-Token header; the login form double-submits a pre-session token (cookie + header).
 * Requests without a session pass here so that `authenticate` answers 401.
 */
export function csrfGuard(refusals: CsrfRefusals): RequestHandler {
  return async (req, _res, next) => {
    if (safeMethods.has(req.method)) return next();
    const auth = req.consoleAuth;
    const header = req.get(CSRF_HEADER);
    let expected: { kind: 'session' | 'pre'; value?: string };
    // The login form always double-submits (a second tab may still hold a live session).
    if (req.path === '/auth/login') expected = { kind: 'pre', value: readCookie(req, PRE_CSRF_COOKIE) };
    else if (auth?.state === 'ok') expected = { kind: 'session', value: auth.csrfHash };
    else return next();
    const ok =
      header !== undefined &&
      expected.value !== undefined &&
      (expected.kind === 'session'
        ? constantTimeEqual(sha256(header), expected.value)
        : constantTimeEqual(header, expected.value));
    if (ok) return next();
    // Counted per client and window, audited as one row per window (not one append-only row per request).
    const { limited } = await refusals.record(req, header === undefined ? 'missing' : 'mismatch');
    if (limited) {
      next(
        new AppError(
          'rate_limited',
          'csrf refusals rate limited',
          'Có quá nhiều yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại sau ít phút.',
        ),
      );
      return;
    }
    next(
      new AppError(
        'forbidden',
        'csrf token missing or wrong',
        'Phiên làm việc không hợp lệ (mã chống giả mạo). Vui lòng tải lại trang và thử lại.',
      ),
    );
  };
}

/** Requires a signed-in staff member: 401 JSON when there is no session or it has expired. */
export const authenticate: RequestHandler = (req, _res, next) => {
  if (req.staff) return next();
  const expired = req.consoleAuth?.state === 'expired';
  next(
    new AppError(
      'unauthorized',
      expired ? 'console session expired' : 'no console session',
      expired ? 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.' : 'Bạn cần đăng nhập để tiếp tục.',
      { reason: expired ? 'expired' : 'missing' },
    ),
  );
};

/** A permit middleware carries its permission so tests can walk the router against the policy table. */
export type PermitMiddleware = RequestHandler & { permission: Permission };

/** Requires `permission` per the one policy table (src/console/policy.ts): 401 without a session, 403 (audited) without the right. */
export function permit(permission: Permission): PermitMiddleware {
  const fn: RequestHandler = (req, res, next) => {
    if (!req.staff) return authenticate(req, res, next);
    if (roleHas(req.staff.role, permission)) return next();
    next(new ConsoleAccessDenied(`role ${req.staff.role} lacks ${permission}`, { permission }));
  };
  return Object.assign(fn, { permission });
}

/** A 403 that the console router writes to the audit log before answering. */
export class ConsoleAccessDenied extends AppError {
  constructor(
    message: string,
    readonly auditDetails: {
      permission?: Permission;
      targetType?: string;
      targetId?: string;
      unitCode?: string;
    },
  ) {
    super('forbidden', message);
    this.name = 'ConsoleAccessDenied';
  }
}

/** Refuses (403, audited) when the staff member's unit scope does not include `unitCode`. */
export function assertUnitAccess(
  staffMember: StaffPrincipal,
  unitCode: string,
  target?: { type: string; id: string },
): void {
  if (scopeAllowsUnit(staffMember.scope, unitCode)) return;
  throw new ConsoleAccessDenied(`unit ${unitCode} outside scope of ${staffMember.username}`, {
    unitCode,
    targetType: target?.type ?? 'unit',
    targetId: target?.id ?? unitCode,
  });
}

/** Same for data keyed by area (followers, survey responses): only areas covered by the staff member's units. */
export function assertAreaAccess(
  staffMember: StaffPrincipal,
  areaCode: string | null,
  target?: { type: string; id: string },
): void {
  if (scopeAllowsArea(staffMember.scope, areaCode)) return;
  throw new ConsoleAccessDenied(`area ${areaCode ?? '(none)'} outside scope of ${staffMember.username}`, {
    targetType: target?.type ?? 'area',
    targetId: target?.id ?? areaCode ?? undefined,
    unitCode: staffMember.unitCode ?? undefined,
  });
}

/** Console-wide error hook: records every access refusal (permission or unit) in the audit log, then passes it on. */
export function auditRefusals(): ErrorRequestHandler {
  return async (err, req: Request, _res: Response, next) => {
    if (err instanceof ConsoleAccessDenied && req.consoleAuth) {
      const d = err.auditDetails;
      await audit(req.consoleAuth.deps, {
        ...auditActor(req),
        action: 'access.denied',
        targetType: d.targetType ?? 'route',
        targetId: d.targetId ?? `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`,
        unitCode: d.unitCode ?? null,
        details: { permission: d.permission, method: req.method, path: req.originalUrl.split('?')[0] },
      }).catch((e: unknown) => req.consoleAuth?.deps.logger.error({ err: e }, 'audit write failed'));
    }
    next(err);
  };
}
