import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { staff } from '../console/console.schema.ts';
import type { TopicContent } from './topic-content.ts';

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
    /** open → staff attached it to a topic (assigned) or marked it out of scope. */
    status: text('status').$type<UnansweredStatus>().notNull().default('open'),
    /** low_confidence: the bot did not answer; feedback: it answered and the citizen said "Chưa đúng". */
    source: text('source').$type<'low_confidence' | 'feedback'>().notNull().default('low_confidence'),
    /** The topic the citizen got when they said "Chưa đúng". */
    reportedTopicId: text('reported_topic_id'),
    resolvedTopicId: text('resolved_topic_id'),
    resolvedBy: uuid('resolved_by').references(() => staff.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('faq_unanswered_last_seen_idx').on(t.lastSeenAt)],
);
export type UnansweredStatus = 'open' | 'assigned' | 'out_of_scope';

/** One knowledge-base topic; its words live in versions, the latest of which is the one being edited. */
export const faqTopics = pgTable('faq_topics', {
  id: text('id').primaryKey(),
  latestVersion: integer('latest_version').notNull(),
  /** The version the bot answers with; null until the first publish. */
  publishedVersion: integer('published_version'),
  /** Set only by a person's "reviewed" action (or the seed pack's own date on first start). */
  lastReviewedAt: date('last_reviewed_at', { mode: 'string' }),
  lastReviewedBy: uuid('last_reviewed_by').references(() => staff.id),
  reviewBy: date('review_by', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => staff.id),
});

export type VersionStatus = 'draft' | 'submitted' | 'published' | 'superseded';

export const faqTopicVersions = pgTable(
  'faq_topic_versions',
  {
    id: serial('id').primaryKey(),
    topicId: text('topic_id')
      .notNull()
      .references(() => faqTopics.id),
    number: integer('number').notNull(),
    status: text('status').$type<VersionStatus>().notNull(),
    /** Raw texts, {{local.*}} placeholders kept: filled when the index is built. */
    content: jsonb('content').$type<TopicContent>().notNull(),
    note: text('note'),
    /** null = seeded or imported from markdown. */
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    submittedBy: uuid('submitted_by').references(() => staff.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => staff.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    rejectedBy: uuid('rejected_by').references(() => staff.id),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
  },
  (t) => [unique('faq_topic_versions_number_uq').on(t.topicId, t.number)],
);

/**
 * What staff taught from the unanswered list: a question attached to a topic (provenance: the variant itself lives in
 * the topic's next version) or marked out of scope (a negative example the matcher trains on at once).
 */
export const faqTaughtExamples = pgTable('faq_taught_examples', {
  id: serial('id').primaryKey(),
  kind: text('kind').$type<'variant' | 'negative'>().notNull(),
  text: text('text').notNull(),
  lang: text('lang').$type<'vi' | 'km' | 'en'>().notNull(),
  topicId: text('topic_id'),
  versionNumber: integer('version_number'),
  unansweredId: integer('unanswered_id'),
  createdBy: uuid('created_by').references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** "Hữu ích / Chưa đúng" after an answer: counts per topic, nothing about who. */
export const faqFeedback = pgTable(
  'faq_feedback',
  {
    id: serial('id').primaryKey(),
    topicId: text('topic_id').notNull(),
    helpful: boolean('helpful').notNull(),
    lang: text('lang').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('faq_feedback_topic_idx').on(t.topicId)],
);

/** One row (id 1): bumped on every publish and teach; every instance polls it and rebuilds its index when it moves. */
export const faqIndexState = pgTable('faq_index_state', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
