import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../http/errors.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { completeSetup, setupNeeded, setupSchema } from './setup.service.ts';

/**
 * The first administrator's setup, open without a session (like the login): `GET /setup` → `{needed}`,
 * `POST /setup {code, username, displayName, password}` → 201 once, then 409. No CSRF token is asked: the
 * one-time code printed in the server's log is what a forged cross-site request cannot know.
 */
export function setupRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 10,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new AppError('rate_limited', 'setup rate limit', 'Bạn thử quá nhiều lần. Vui lòng chờ một phút.')),
  });

  router.get('/setup', async (_req, res) => {
    res.json({ needed: await setupNeeded(deps.db) });
  });

  router.post('/setup', limiter, async (req, res) => {
    const input = setupSchema.parse(req.body);
    const account = await completeSetup(deps, input, req.ip ?? null);
    res.status(201).json({ account });
  });
  return router;
}
