import type { CoreDeps, Module } from '../app/module.ts';
import { oauthConsoleRoutes } from './oauth.routes.ts';
import { createSendRateLimiter, type SendRateLimiter } from './send-rate.ts';
import { createZaloClient, type ZaloChannel } from './zalo.client.ts';

/** The OA channel as other modules use it: the client, its token store and the OA's one shared send rate. */
export interface ZaloModule extends Module {
  channel: ZaloChannel;
  sendRate: SendRateLimiter;
}

/**
 * The OA channel: API client (a ZaloMessenger) and token store; /health shows zalo: ok|needs_reauth|not_configured.
 * One send rate per OA for the outbox and broadcasts of every instance (a token bucket row in the database);
 * Zalo's -32 lowers it for everyone. Connecting the OA with OAuth v4 + PKCE is a settings page route.
 */
export function createZaloModule(core: CoreDeps): ZaloModule {
  const { db, config, logger, clock } = core;
  const sendRate = createSendRateLimiter({ db, config, logger });
  const channel = createZaloClient({
    ...core,
    onRateLimited: () =>
      void sendRate.slowDown().catch((err: unknown) => logger.error({ err }, 'send rate slow-down failed')),
  });
  return {
    name: 'zalo',
    channel,
    sendRate,
    consoleRoutes: oauthConsoleRoutes({ db, clock, logger, config, tokens: channel.tokens }),
    mount: { consoleRoutes: '/settings/oa/oauth' },
    healthChecks: [channel.healthCheck],
    consolePages: {
      oa: {
        state: async () => ({ status: await channel.tokens.channelState(), expiresAt: null, detail: null }),
        reauthorise: (refreshToken) => channel.tokens.reauthorise(refreshToken),
      },
    },
  };
}
