import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  timestamp,
  text,
} from 'drizzle-orm/pg-core';

/**
 * Questions the FAQ could not answer confidently, grouped by their normalised text (personal data removed), so staff
 * can add variants or topics. Never holds who asked.
 */
export const faqUnanswered = pgTable(
  'faq_unanswered',
  {
    id: serial('id').primaryKey(),
    normalisedText: text('normalised_text').notNull().unique(),
    count: integer('count').notNull().default(1),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Topic ids the matcher offered last time, best first. */
    suggestions: jsonb('suggestions').$type<string[]>().notNull().default([]),
    confidence: real('confidence').notNull().default(0),
  },
  (t) => [index('faq_unanswered_last_seen_idx').on(t.lastSeenAt)],
);

/**
 * How often each topic was answered, per UTC day: what the menu's "most asked" buttons are chosen from. Counts only,
 * never who asked or what they typed.
 */
export const faqAnswered = pgTable(
  'faq_answered_daily',
  {
    topicId: text('topic_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.day] }), index('faq_answered_daily_day_idx').on(t.day)],
);
