import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Everyone who follows (or once followed, or wrote to) the OA. One row per Zalo user id. */
export const followers = pgTable(
  'followers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zaloUserId: text('zalo_user_id').notNull().unique(),
    userIdByApp: text('user_id_by_app'),
    displayName: text('display_name'),
    language: text('language', { enum: ['vi', 'km', 'en'] })
      .notNull()
      .default('vi'),
    /** The commune the citizen gave (chat question, "đổi xã", or a survey/contest form they agreed to save from). */
    areaCode: text('area_code'),
    /** When the bot asked for the commune after a follow; it asks once, never again on a re-follow. */
    communeAskedAt: timestamp('commune_asked_at', { withTimezone: true }),
    /**
     * Only what the citizen sent through Zalo's "share information" form (user_submit_info): their act is the
     * consent. Shown to the roles that need it (policy `followers.phone.read`), masked for the others, never logged.
     */
    phone: text('phone'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    consentBroadcasts: boolean('consent_broadcasts').notNull().default(true),
    consentSurveys: boolean('consent_surveys').notNull().default(true),
    optedOut: boolean('opted_out').notNull().default(false),
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    following: boolean('following').notNull().default(false),
    followedAt: timestamp('followed_at', { withTimezone: true }),
    unfollowedAt: timestamp('unfollowed_at', { withTimezone: true }),
    /** When the citizen last wrote or acted; opens Zalo's free consultation window. */
    lastInteractionAt: timestamp('last_interaction_at', { withTimezone: true }),
    /** Consultation replies already used in the window opened by `lastInteractionAt`. */
    freeRepliesUsed: integer('free_replies_used').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('followers_area_idx').on(t.areaCode),
    index('followers_interaction_idx').on(t.lastInteractionAt),
  ],
);

export type FollowerRow = typeof followers.$inferSelect;

/**
 * The citizen's own choices about CCHC news, as they made them in chat ("tin 2", "huỷ tin 3", "huỷ tin"): the record
 * of consent behind the `topic:<theme>` tags and the opt-out. Append-only; `themeCode` null means all news.
 */
export const newsConsents = pgTable(
  'news_consents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    followerId: uuid('follower_id')
      .notNull()
      .references(() => followers.id),
    action: text('action', { enum: ['subscribe', 'unsubscribe', 'stop'] }).notNull(),
    themeCode: text('theme_code'),
    channel: text('channel').notNull().default('chat'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('news_consents_follower_idx').on(t.followerId, t.at)],
);
