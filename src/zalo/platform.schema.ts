import { doublePrecision, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One send-rate token bucket per OA, shared by every sender (chat outbox, broadcasts) of every instance. Updated in
 * one statement under its row lock (`send-rate.ts`), with the database's clock, so instances never disagree.
 */
export const zaloSendRate = pgTable('zalo_send_rate', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: timestamp('refilled_at', { withTimezone: true }).notNull(),
  /** Share of the configured rate in use: halved on each -32 from Zalo, back to 1 over RATE_RECOVERY_SECONDS. */
  rateFactor: doublePrecision('rate_factor').notNull().default(1),
  slowedAt: timestamp('slowed_at', { withTimezone: true }),
  /** Last time a reply to a waiting citizen asked for a token: broadcasts hold back while it is recent. */
  replyDemandAt: timestamp('reply_demand_at', { withTimezone: true }),
});

/**
 * A started OAuth v4 (PKCE) connection of the OA: the `state` sent to Zalo (stored as its SHA-256 only) and the
 * code verifier, single use and short-lived (`oauth.service.ts`).
 */
export const zaloOauthStates = pgTable('zalo_oauth_states', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  redirectUri: text('redirect_uri').notNull(),
  startedBy: text('started_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
