import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import {
  createDevSession,
  createZaloSession,
  exchangePhoneToken,
  type MiniappDeps,
} from './miniapp.service.ts';
import { requireMiniappUser, SESSION_COOKIE, SESSION_TTL_MS } from './miniapp.session.ts';

const sessionBody = z.object({ accessToken: z.string().min(1, 'Thiếu access token của Zalo.').max(4096) });
const devBody = z.object({ name: z.string().trim().min(1, 'Vui lòng nhập tên.').max(100) });
const phoneBody = z.object({ token: z.string().min(1).max(4096), accessToken: z.string().min(1).max(4096) });

function sendSession(
  res: Response,
  session: { token: string; expiresAt: string; user: unknown },
  secure: boolean,
) {
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: SESSION_TTL_MS,
    path: '/',
  });
  res.json(session);
}

/** Mini-app identity: Zalo token → session, dev login outside production, phone-number exchange. */
export function miniappRoutes(deps: MiniappDeps): Router {
  const router = Router();
  const secure = deps.config.NODE_ENV === 'production';
  router.post('/session', async (req, res) => {
    const { accessToken } = sessionBody.parse(req.body);
    sendSession(res, await createZaloSession(deps, accessToken), secure);
  });
  router.post('/dev-login', (req, res) => {
    const { name } = devBody.parse(req.body);
    // One random id per browser, kept in its own cookie: re-logging in (any name) keeps the same dev person.
    const known = readDevId(req.headers.cookie);
    const devId = known ?? randomBytes(9).toString('base64url');
    const session = createDevSession(deps, name, devId);
    if (!known)
      res.cookie(DEV_ID_COOKIE, devId, { httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400_000 });
    sendSession(res, session, secure);
  });
  // Public settings the mini-app needs (the OA id for "chat with us"); nothing secret.
  router.get('/config', (_req, res) => {
    res.json({ oaId: deps.config.ZALO_OA_ID ?? null, miniappId: deps.config.ZALO_MINIAPP_ID ?? null });
  });
  router.get('/me', requireMiniappUser(deps.signer), (req, res) => {
    res.json({ user: req.miniappUser });
  });
  router.post('/phone', requireMiniappUser(deps.signer), async (req, res) => {
    const { token, accessToken } = phoneBody.parse(req.body);
    res.json(await exchangePhoneToken(deps, accessToken, token));
  });
  return router;
}

const DEV_ID_COOKIE = 'miniapp_dev_id';

function readDevId(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, v] = part.trim().split('=');
    if (k === DEV_ID_COOKIE && v && /^[\w-]{8,32}$/.test(v)) return v;
  }
  return undefined;
}
