import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';

/** Who is using the mini-app: the Zalo user id verified by the backend (or a dev login outside production). */
export interface MiniappUser {
  zaloUserId: string;
  name: string;
  kind: 'zalo' | 'dev';
}

interface SessionPayload extends MiniappUser {
  exp: number;
}

export const SESSION_COOKIE = 'miniapp_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Signs and checks session tokens: base64url(JSON payload) + "." + HMAC-SHA256, no server-side state. */
export class SessionSigner {
  private readonly key: Buffer;
  constructor(
    secret: string | undefined,
    private readonly clock: Clock,
  ) {
    // Without SESSION_SECRET (development only: config requires it in production) sessions last one process.
    this.key = Buffer.from(`miniapp-session:${secret ?? randomBytes(32).toString('hex')}`);
  }

  sign(user: MiniappUser, ttlMs = SESSION_TTL_MS): { token: string; expiresAt: Date } {
    const exp = this.clock.now().getTime() + ttlMs;
    const payload: SessionPayload = { zaloUserId: user.zaloUserId, name: user.name, kind: user.kind, exp };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(exp) };
  }

  verify(token: string): MiniappUser | undefined {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionPayload;
      if (typeof p.zaloUserId !== 'string' || typeof p.exp !== 'number') return undefined;
      if (p.exp <= this.clock.now().getTime()) return undefined;
      return { zaloUserId: p.zaloUserId, name: p.name, kind: p.kind };
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    miniappUser?: MiniappUser;
  }
}

/** Reads the session from `Authorization: Bearer` (the Zalo webview) or the cookie (the browser); 401 otherwise. */
export function requireMiniappUser(signer: SessionSigner): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const cookie =
      (req as { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE] ??
      readCookie(req.headers.cookie);
    const user = [bearer, cookie]
      .filter((t): t is string => Boolean(t))
      .map((t) => signer.verify(t))
      .find(Boolean);
    if (!user) {
      next(
        new AppError(
          'unauthorized',
          'no valid mini-app session',
          'Phiên đăng nhập đã hết hạn. Vui lòng mở lại mini-app.',
        ),
      );
      return;
    }
    req.miniappUser = user;
    next();
  };
}

function readCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
