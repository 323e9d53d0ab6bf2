import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { recordInteraction, setSharedInfo, toChatFollower } from '../followers/followers.service.ts';
import {
  eventDedupeKey,
  eventUserId,
  isUserMessage,
  parseZaloEvent,
  receiptMessageIds,
  type ReceiptEvent,
  type ZaloEvent,
} from '../zalo/zalo.events.ts';
import type { OutboundMessage } from '../zalo/zalo.port.ts';
import { inboxEvents, outboxMessages, type InboxRow } from './chat.schema.ts';
import type { ChatPipeline, TurnOutcome } from './chat.pipeline.ts';
import { enqueueReplies } from './outbox.service.ts';
import type { CoreDeps } from '../app/module.ts';

export interface InboxDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  pipeline: ChatPipeline;
  /** Zalo's received/seen receipts (the broadcasts module counts them); resolves true when a delivery matched. */
  onReceipt?: (receipt: MessageReceipt) => Promise<boolean>;
  /** Called when replies were queued, so the outbox worker need not wait for its next poll. */
  onRepliesQueued?: () => void;
}

export interface MessageReceipt {
  zaloUserId: string;
  msgId: string;
  kind: 'received' | 'seen';
  at: Date;
}

/** A claimed row belongs to its worker this long; after a crash another worker takes it over. */
const LEASE_MS = 2 * 60_000;
export const INBOX_MAX_ATTEMPTS = 5;
const BATCH = 20;

type NewInboxRow = typeof inboxEvents.$inferInsert & { dedupeKey: string };

/** Builds the inbox row for an accepted event. */
export function inboxRow(event: ZaloEvent, payload: unknown, receivedAt: Date): NewInboxRow {
  const eventAt = new Date(Number(event.timestamp));
  return {
    dedupeKey: eventDedupeKey(event),
    eventName: event.event_name,
    zaloUserId: eventUserId(event) ?? null,
    payload,
    eventAt: Number.isFinite(eventAt.getTime()) ? eventAt : null,
    receivedAt,
  };
}

interface Waiting {
  row: NewInboxRow;
  resolve: (r: 'stored' | 'duplicate') => void;
  reject: (err: unknown) => void;
}

/**
 * Stores accepted events with group commit: while one multi-row INSERT … ON CONFLICT DO NOTHING is in flight,
 * events arriving meanwhile wait and go together in the next one. Each caller learns whether its event was new
 * (a redelivery stores nothing). One statement per burst instead of one per request keeps the 200 fast.
 */
export class InboxWriter {
  private queue: Waiting[] = [];
  private flushing = false;
  /** performance.now() of the last event stored; the inbox worker slows down while events pour in. */
  lastStoreAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 500,
  ) {}

  store(row: NewInboxRow): Promise<'stored' | 'duplicate'> {
    this.lastStoreAt = performance.now();
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      // Flush on the next turn of the event loop, not now: requests read in this turn join the same INSERT.
      // (PGlite runs a query synchronously, so flushing at once would never let a second event join.)
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) await this.insert(this.queue.splice(0, this.maxBatch));
    } finally {
      this.flushing = false;
    }
  }

  private async insert(batch: Waiting[]): Promise<void> {
    // The same event twice in one batch: the first occurrence is inserted, the others are duplicates.
    const first = new Map<string, Waiting>();
    for (const w of batch) if (!first.has(w.row.dedupeKey)) first.set(w.row.dedupeKey, w);
    try {
      const inserted = await this.db
        .insert(inboxEvents)
        .values([...first.values()].map((w) => w.row))
        .onConflictDoNothing({ target: inboxEvents.dedupeKey })
        .returning({ dedupeKey: inboxEvents.dedupeKey });
      const stored = new Set(inserted.map((r) => r.dedupeKey));
      for (const w of batch)
        w.resolve(first.get(w.row.dedupeKey) === w && stored.has(w.row.dedupeKey) ? 'stored' : 'duplicate');
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}

export interface InboxRunResult {
  claimed: number;
  processed: number;
  failed: number;
}

/**
 * Processes stored events. A batch is claimed in one statement with `FOR UPDATE SKIP LOCKED` (so concurrent
 * workers never share a row) and leased; the outcome and the replies are committed together, keyed by event, so
 * a worker that dies mid-event leaves a row the next worker re-runs without queuing any reply twice.
 */
export class InboxWorker {
  /** Events handled to completion by this process (the benchmark checks exactly-once with it). */
  handledCount = 0;

  constructor(private readonly deps: InboxDeps) {}

  /**
   * Claims up to `limit` events and handles them one by one. `between(ms)` runs after each event with the time it
   * took, so the caller can yield to more urgent work (acknowledging webhooks) without giving up the claimed rows.
   */
  async runOnce(limit = BATCH, between?: (lastEventMs: number) => Promise<void>): Promise<InboxRunResult> {
    const rows = await this.claim(limit);
    const result: InboxRunResult = { claimed: rows.length, processed: 0, failed: 0 };
    for (const row of rows) {
      const started = performance.now();
      if (await this.processRow(row)) result.processed++;
      else result.failed++;
      await between?.(performance.now() - started);
    }
    return result;
  }

  async drain(): Promise<InboxRunResult> {
    const total: InboxRunResult = { claimed: 0, processed: 0, failed: 0 };
    for (;;) {
      const r = await this.runOnce();
      total.claimed += r.claimed;
      total.processed += r.processed;
      total.failed += r.failed;
      if (r.claimed === 0) return total;
    }
  }

  private async claim(limit: number): Promise<InboxRow[]> {
    const now = this.deps.clock.now();
    const due = this.deps.db
      .select({ id: inboxEvents.id })
      .from(inboxEvents)
      .where(
        or(
          eq(inboxEvents.status, 'pending'),
          and(eq(inboxEvents.status, 'processing'), sql`${inboxEvents.lockedUntil} < ${now.toISOString()}`),
        ),
      )
      .orderBy(inboxEvents.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    return this.deps.db
      .update(inboxEvents)
      .set({
        status: 'processing',
        attempts: sql`${inboxEvents.attempts} + 1`,
        lockedUntil: new Date(now.getTime() + LEASE_MS),
      })
      .where(inArray(inboxEvents.id, due))
      .returning();
  }

  private async processRow(row: InboxRow): Promise<boolean> {
    const { db, clock, logger } = this.deps;
    try {
      const event = parseZaloEvent(row.payload);
      const outcome = await this.dispatch(event, row);
      const replies = outcome?.replies ?? [];
      await db.transaction(async (tx) => {
        const queued = await enqueueReplies(
          tx,
          replies.map((message: OutboundMessage, i) => ({
            idempotencyKey: `${row.dedupeKey}#${i}`,
            followerId: outcome!.follower.id,
            zaloUserId: outcome!.follower.zaloUserId,
            kind: 'cs' as const,
            message,
          })),
          clock.now(),
        );
        await tx
          .update(inboxEvents)
          .set({
            status: outcome ? 'processed' : 'ignored',
            processedAt: clock.now(),
            lockedUntil: null,
            lastError: null,
          })
          .where(eq(inboxEvents.id, row.id));
        return queued;
      });
      this.handledCount++;
      if (replies.length) this.deps.onRepliesQueued?.();
      return true;
    } catch (err) {
      const giveUp = row.attempts >= INBOX_MAX_ATTEMPTS;
      logger.error({ err, eventId: row.dedupeKey, attempts: row.attempts, giveUp }, 'inbox event failed');
      // Not given up: the row keeps its lease and is taken again once the lease runs out (a natural backoff).
      await db
        .update(inboxEvents)
        .set({
          status: giveUp ? 'failed' : 'processing',
          lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500),
        })
        .where(eq(inboxEvents.id, row.id));
      return false;
    }
  }

  /**
   * Credits a receipt to the citizen it names as recipient (the OA is its sender). A receipt for a message we
   * never sent (no broadcast delivery, no outbox row with that Zalo message id) is logged and ignored.
   */
  private async recordReceipt(event: ReceiptEvent, at: Date): Promise<void> {
    const kind = event.event_name === 'user_seen_message' ? 'seen' : 'received';
    const zaloUserId = event.recipient.id;
    let unknown = 0;
    for (const msgId of receiptMessageIds(event)) {
      const matched = (await this.deps.onReceipt?.({ zaloUserId, msgId, kind, at })) === true;
      if (!matched && !(await this.sentByOutbox(zaloUserId, msgId))) unknown++;
    }
    // no user or message ids in the log: the count is enough to notice a mismatch
    if (unknown > 0)
      this.deps.logger.info({ kind, unknown }, 'receipt for a message we did not send; ignored');
  }

  private async sentByOutbox(zaloUserId: string, msgId: string): Promise<boolean> {
    const [row] = await this.deps.db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.zaloMessageId, msgId), eq(outboxMessages.zaloUserId, zaloUserId)))
      .limit(1);
    return row !== undefined;
  }

  /** Routes one event; undefined = nothing to do (stored and ignored). */
  private async dispatch(event: ZaloEvent, row: InboxRow): Promise<TurnOutcome | undefined> {
    if (!event.known) return undefined;
    const { pipeline, db } = this.deps;
    const at = new Date(Number(event.timestamp));
    const base = { eventId: row.dedupeKey, at, userIdByApp: event.user_id_by_app };
    if (event.event_name === 'follow' || event.event_name === 'unfollow') {
      return pipeline.handleFollow({
        ...base,
        zaloUserId: event.follower.id,
        following: event.event_name === 'follow',
      });
    }
    if (event.event_name === 'user_submit_info') {
      const follower = await recordInteraction(db, { ...base, zaloUserId: event.sender.id });
      await setSharedInfo(db, event.sender.id, event.info);
      return { follower: toChatFollower(follower), replies: [], mode: 'bot' };
    }
    if (event.event_name === 'user_received_message' || event.event_name === 'user_seen_message') {
      await this.recordReceipt(event, at);
      return undefined;
    }
    if (!isUserMessage(event)) return undefined;
    if (event.event_name === 'user_send_text') {
      return pipeline.handleText({ ...base, zaloUserId: event.sender.id, text: event.message.text ?? '' });
    }
    const quiet = event.event_name === 'user_send_sticker' || event.event_name === 'user_send_gif';
    return pipeline.handleNonText({ ...base, zaloUserId: event.sender.id, quiet });
  }
}
