import type { RequestHandler } from 'express';
import type { CoreDeps, Module } from '../app/module.ts';
import { miniappCors } from './miniapp.cors.ts';
import { miniappRoutes } from './miniapp.routes.ts';
import { requireMiniappUser, SessionSigner } from './miniapp.session.ts';

/** The mini-app identity as createApp uses it: its own routes and the guard put in front of every module's. */
export interface MiniappIdentityModule extends Module {
  /** CORS for the mini-app's origins, on everything under /api/miniapp. */
  cors: RequestHandler;
  /** The mini-app session (sets req.miniappUser; 401 without one), in front of every module's miniappRoutes. */
  requireUser: RequestHandler;
}

/**
 * Mini-app identity (issue 7): Zalo access token → signed session, the dev login outside production, the phone
 * number exchange. The one session signer lives here; quiz and surveys only see `req.miniappUser`.
 */
export function createMiniappIdentityModule(core: CoreDeps): MiniappIdentityModule {
  const signer = new SessionSigner(core.config.SESSION_SECRET, core.clock);
  return {
    name: 'miniapp',
    routes: miniappRoutes({ config: core.config, logger: core.logger, signer }),
    cors: miniappCors(core.config.MINIAPP_ALLOWED_ORIGINS),
    requireUser: requireMiniappUser(signer),
  };
}
