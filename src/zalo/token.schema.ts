import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Whether the stored token pair can be used, or a person must authorise the OA again. */
export type ZaloTokenState = 'ok' | 'needs_reauth';

/**
 * The OA's current token pair, one row per OA. The refresh token is single-use, so this row is the only
 * copy that matters: it is replaced under a row lock in the same transaction that called Zalo.
 */
export const zaloTokens = pgTable('zalo_tokens', {
  oaId: text('oa_id').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  state: text('state', { enum: ['ok', 'needs_reauth'] })
    .notNull()
    .default('ok')
    .$type<ZaloTokenState>(),
  /** Why the channel needs re-authorisation (Zalo's error name/code), never a token value. */
  stateReason: text('state_reason'),
  /** Bumped on every write, so a reader can tell that another instance replaced the pair. */
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type ZaloTokenRow = typeof zaloTokens.$inferSelect;
