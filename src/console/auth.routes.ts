import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { listUnits } from '../areas/areas.service.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { login } from './auth.service.ts';
import { audit, auditActor } from './audit.service.ts';
import {
  authenticate,
  PRE_CSRF_COOKIE,
  readCookie,
  SESSION_COOKIE,
  sessionCookieOptions,
} from './console.auth.ts';
import { csrfTokenFor, destroySession, randomToken } from './session.service.ts';
import { policy, roleHas, type Permission } from './policy.ts';

const loginSchema = z.object({
  username: z.string().min(1, 'Cần nhập tên đăng nhập.').max(100),
  password: z.string().min(1, 'Cần nhập mật khẩu.').max(200),
});

/** Sign-in, sign-out and "who am I". Login and the CSRF bootstrap are the only console routes open without a session. */
export function authRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: deps.config.CONSOLE_LOGIN_RATE_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new AppError(
          'rate_limited',
          'console login rate limit',
          'Bạn đăng nhập quá nhiều lần. Vui lòng thử lại sau một phút.',
        ),
      ),
  });

  // Pre-session CSRF token for the login form (double submit: httpOnly cookie + header).
  router.get('/auth/csrf', (req, res) => {
    const token = readCookie(req, PRE_CSRF_COOKIE) ?? randomToken();
    res.cookie(PRE_CSRF_COOKIE, token, { ...sessionCookieOptions(req), path: '/api/console/auth' });
    res.json({ csrfToken: token });
  });

  router.post('/auth/login', loginLimiter, async (req, res) => {
    const body = loginSchema.parse(req.body);
    const { session } = await login(deps, { ...body, ip: req.ip ?? null });
    // A new login replaces the session this browser had (no session fixation, no orphaned sessions).
    if (req.consoleAuth?.sessionIdHash) await destroySession(deps.db, req.consoleAuth.sessionIdHash);
    res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, session.expiresAt));
    res.json({ csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  });

  router.post('/auth/logout', authenticate, async (req, res) => {
    await destroySession(deps.db, req.consoleAuth?.sessionIdHash as string);
    await audit(deps, { ...auditActor(req), action: 'logout' });
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    res.status(204).end();
  });

  router.get('/me', authenticate, async (req, res) => {
    const s = req.staff!;
    const unit = s.unitCode ? (await listUnits(deps.db)).find((u) => u.code === s.unitCode) : undefined;
    const permissions = (Object.keys(policy) as Permission[]).filter((p) => roleHas(s.role, p));
    res.json({
      id: s.id,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      unitCode: s.unitCode,
      unitName: unit?.name ?? null,
      provinceWide: s.scope.all,
      permissions,
      csrfToken: csrfTokenFor(readCookie(req, SESSION_COOKIE) as string),
    });
  });
  return router;
}
