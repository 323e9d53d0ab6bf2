import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MessageKind, OutboundMessage } from '../zalo/zalo.port.ts';
import { followers } from '../followers/followers.schema.ts';

/**
 * Every accepted webhook event, stored before the 200 goes back. `dedupeKey` is unique, so a redelivery
 * inserts nothing; workers claim `pending` rows (or `processing` rows whose lease ran out after a crash).
 */
export const inboxEvents = pgTable(
  'inbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    eventName: text('event_name').notNull(),
    zaloUserId: text('zalo_user_id'),
    payload: jsonb('payload').notNull(),
    eventAt: timestamp('event_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['pending', 'processing', 'processed', 'ignored', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    index('inbox_events_due_idx')
      .on(t.id)
      .where(sql`status in ('pending', 'processing')`),
  ],
);

/** Conversation state per follower: the features' scratch state and who is answering (bot or a person). */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    followerId: uuid('follower_id')
      .notNull()
      .unique()
      .references(() => followers.id),
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    handoffStatus: text('handoff_status', { enum: ['bot', 'waiting', 'staff'] })
      .notNull()
      .default('bot'),
    handoffReason: text('handoff_reason'),
    assignedStaffId: text('assigned_staff_id'),
    handoffAt: timestamp('handoff_at', { withTimezone: true }),
    lastStaffActivityAt: timestamp('last_staff_activity_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversations_handoff_idx').on(t.handoffStatus)],
);

/**
 * Replies waiting to go out through Zalo. The idempotency key ((event id, reply index) for bot replies)
 * is unique, so re-processing an event never queues a reply twice; workers claim due rows with SKIP LOCKED.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    followerId: uuid('follower_id').references(() => followers.id),
    zaloUserId: text('zalo_user_id').notNull(),
    kind: text('kind').$type<MessageKind>().notNull(),
    message: jsonb('message').$type<OutboundMessage>().notNull(),
    source: text('source', { enum: ['bot', 'staff', 'system'] })
      .notNull()
      .default('bot'),
    /**
     * pending → (reserved: lease_owner + locked_until, still pending) → sending (own commit, right before its
     * request) → sent | failed | unknown. `unknown`: the process died or the answer was lost after the request may
     * have left; never resent, shown in the console.
     */
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'unknown'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** The worker holding the reservation or the in-flight request. */
    leaseOwner: text('lease_owner'),
    lastError: text('last_error'),
    zaloMessageId: text('zalo_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_messages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status in ('pending', 'sending')`),
    index('outbox_messages_follower_idx').on(t.followerId),
  ],
);

/** One option a plain-text fallback numbered for the citizen: typing its number stands for tapping the button. */
export interface OfferedOption {
  title: string;
  /** The text a tap on the button would have sent (oa.query.* payload). */
  payload: string;
}

/**
 * The options the last plain-text fallback offered a citizen ("1. …", "2. …"), so a reply "2" means option 2.
 * One row per Zalo user, replaced by the next fallback; older than a day it is ignored.
 */
export const offeredOptions = pgTable('chat_offered_options', {
  zaloUserId: text('zalo_user_id').primaryKey(),
  options: jsonb('options').$type<OfferedOption[]>().notNull(),
  offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
});

export type InboxRow = typeof inboxEvents.$inferSelect;
export type OutboxRow = typeof outboxMessages.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
