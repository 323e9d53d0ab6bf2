import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { AppError } from '../http/errors.ts';
import { permit } from '../console/console.auth.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import { completeOAuth, OAuthConnectError, startOAuth, type OAuthDeps } from './oauth.service.ts';

/** Where Zalo sends the admin back; register this exact URL as the app's "Official Account Callback Url". */
export const OAUTH_CALLBACK_PATH = '/api/console/settings/oa/oauth/callback';

const callbackSchema = z.object({
  code: z.string().min(1).max(2000),
  state: z.string().min(1).max(200),
  oa_id: z.string().min(1).max(100).optional(),
});

function redirectUriOf(config: Pick<Config, 'ZALO_OAUTH_REDIRECT_URI' | 'PUBLIC_BASE_URL'>, req: Request) {
  if (config.ZALO_OAUTH_REDIRECT_URI) return config.ZALO_OAUTH_REDIRECT_URI;
  const base = config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get('host')}`;
  return `${base.replace(/\/$/, '')}${OAUTH_CALLBACK_PATH}`;
}

/**
 * `/api/console/settings/oa/oauth`: connecting the OA from the settings page (the default way; pasting a refresh
 * token stays as the fallback). Both steps behind `settings.manage`; the callback arrives as a top-level GET from
 * Zalo, which carries the SameSite=Lax session cookie, and must be finished by the admin who started it.
 */
export function oauthConsoleRoutes(
  deps: OAuthDeps & {
    config: OAuthDeps['config'] & Pick<Config, 'ZALO_OAUTH_REDIRECT_URI' | 'PUBLIC_BASE_URL'>;
  },
): Router {
  const router = Router();
  router.post('/start', permit('settings.manage'), async (req, res) => {
    try {
      const started = await startOAuth(deps, {
        staffId: req.staff!.id,
        redirectUri: redirectUriOf(deps.config, req),
      });
      await audit(deps, {
        ...auditActor(req),
        action: 'settings.change',
        targetType: 'setting',
        targetId: 'zalo.oauth.start',
      });
      res.json(started);
    } catch (err) {
      if (err instanceof OAuthConnectError) throw new AppError('unavailable', err.message, err.userMessage);
      throw err;
    }
  });
  router.get('/callback', permit('settings.manage'), async (req, res) => {
    const parsed = callbackSchema.safeParse(req.query);
    if (!parsed.success) {
      // Zalo sends the admin back without a code when they refused the permission
      res.redirect(303, '/admin/settings?oa=error&reason=denied');
      return;
    }
    let reason: string | undefined;
    try {
      await completeOAuth(deps, {
        staffId: req.staff!.id,
        code: parsed.data.code,
        state: parsed.data.state,
        oaId: parsed.data.oa_id,
      });
    } catch (err) {
      if (!(err instanceof OAuthConnectError)) throw err;
      reason = err.reason;
    }
    await audit(deps, {
      ...auditActor(req),
      action: 'settings.change',
      targetType: 'setting',
      targetId: 'zalo.oauth.connect',
      details: { accepted: reason === undefined, ...(reason ? { reason } : {}) },
    });
    res.redirect(303, reason ? `/admin/settings?oa=error&reason=${reason}` : '/admin/settings?oa=connected');
  });
  return router;
}
