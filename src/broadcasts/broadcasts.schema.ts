import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Where an item is in its life: approval first, then one broadcast of the approved version. */
export const itemStatuses = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'scheduled',
  'sending',
  'sent',
  'partly_failed',
  'cancelled',
] as const;
export type ItemStatus = (typeof itemStatuses)[number];

/** A piece of CCHC content owned by a unit; its text lives in versions, the status drives the workflow. */
export const contentItems = pgTable(
  'content_items',
  {
    id: serial('id').primaryKey(),
    unitCode: text('unit_code').notNull(),
    themeCode: text('theme_code'),
    planYear: integer('plan_year'),
    planItemNo: integer('plan_item_no'),
    status: text('status', { enum: itemStatuses }).notNull().default('draft'),
    currentVersion: integer('current_version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    submittedBy: text('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('content_items_status_idx').on(t.status), index('content_items_unit_idx').on(t.unitCode)],
);

/** Every edit is a new row: what was approved and what was sent can always be shown as it was. */
export const contentVersions = pgTable(
  'content_versions',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => contentItems.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    textVi: text('text_vi').notNull(),
    textKm: text('text_km'),
    textEn: text('text_en'),
    imageUrl: text('image_url'),
    buttonTitle: text('button_title'),
    buttonUrl: text('button_url'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('content_versions_item_version_uq').on(t.itemId, t.version)],
);

/** Workflow transitions, kept here as well as in the console audit log so an item's history reads in one query. */
export const contentHistory = pgTable(
  'content_history',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('content_history_item_idx').on(t.itemId)],
);

export const broadcastStatuses = ['scheduled', 'sending', 'sent', 'partly_failed', 'cancelled'] as const;
export type BroadcastStatus = (typeof broadcastStatuses)[number];

/** Who should receive an item: every filter is optional; an empty object means every follower. */
export interface SegmentFilter {
  areas?: string[];
  tags?: string[];
  languages?: string[];
  followedFrom?: string;
  followedTo?: string;
  topics?: string[];
}

/** One scheduled send of an item's approved version to a segment. */
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => contentItems.id),
    version: integer('version').notNull(),
    segment: jsonb('segment').$type<SegmentFilter>().notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: broadcastStatuses }).notNull().default('scheduled'),
    /** Random, carries nothing about a person: /r/<linkToken> */
    linkToken: text('link_token').notNull(),
    useConsultationInWindow: integer('use_cs_in_window').notNull().default(1),
    plannedAt: timestamp('planned_at', { withTimezone: true }),
    planned: integer('planned'),
    excludedOptOut: integer('excluded_opt_out'),
    excludedQuota: integer('excluded_quota'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('broadcasts_due_idx').on(t.status, t.scheduledAt),
    uniqueIndex('broadcasts_link_token_uq').on(t.linkToken),
  ],
);

export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * One row per broadcast and follower (unique): the exactly-once ledger. A row is claimed (`sending`, with a lease)
 * in its own commit right before the Zalo call; see README "Exactly once".
 */
export const broadcastDeliveries = pgTable(
  'broadcast_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    broadcastId: integer('broadcast_id').notNull(),
    zaloUserId: text('zalo_user_id').notNull(),
    areaCode: text('area_code'),
    language: text('language'),
    /** promotion (counts against the follower's broadcast quota) or cs (inside the free reply window). */
    messageKind: text('message_kind').notNull(),
    /** Local (Asia/Ho_Chi_Minh) day and month the delivery counts toward, for the per-follower quota. */
    quotaDay: text('quota_day').notNull(),
    quotaMonth: text('quota_month').notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    zaloMsgId: text('zalo_msg_id'),
    errorCode: text('error_code'),
    errorReason: text('error_reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    seenAt: timestamp('seen_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('broadcast_deliveries_once_uq').on(t.broadcastId, t.zaloUserId),
    index('broadcast_deliveries_work_idx').on(t.broadcastId, t.status, t.id),
    index('broadcast_deliveries_quota_idx').on(t.zaloUserId, t.quotaMonth),
    index('broadcast_deliveries_msg_idx').on(t.zaloMsgId),
  ],
);

/** Clicks on the tracked redirect; only the broadcast and the area, never who clicked. */
export const broadcastClicks = pgTable(
  'broadcast_clicks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    broadcastId: integer('broadcast_id').notNull(),
    areaCode: text('area_code'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('broadcast_clicks_broadcast_idx').on(t.broadcastId)],
);
