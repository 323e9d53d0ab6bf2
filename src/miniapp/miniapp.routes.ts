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
    const session = createDevSession(deps, devBody.parse(req.body).name);
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
