import { integer, jsonb, pgTable, real, serial, timestamp, text, index } from 'drizzle-orm/pg-core';

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
