import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { useFreeReplies } from '../followers/followers.service.ts';
import {
  ZaloApiError,
  ZaloNetworkError,
  type MessageKind,
  type OutboundMessage,
  type ZaloMessenger,
} from '../zalo/zalo.port.ts';
import { outboxMessages, type OutboxRow } from './chat.schema.ts';
import type { ReplyFallback } from './reply-fallback.ts';

/** One reply to queue. The idempotency key makes queuing the same reply again a no-op. */
export interface OutboxItem {
  idempotencyKey: string;
  followerId: string | null;
  zaloUserId: string;
  kind: MessageKind;
  message: OutboundMessage;
  source?: 'bot' | 'staff' | 'system';
}

export interface OutboxDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'OUTBOX_RATE_PER_SECOND'>;
  messenger: ZaloMessenger;
  /** Real-time wait used for rate pacing and idle polling; tests may pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Awaited before each send: lets the module hold replies back while webhooks pour in. */
  beforeSend?: () => Promise<void>;
  /** Sends a refused rich reply once more as plain text (reply-fallback.ts). */
  replyFallback?: ReplyFallback;
}

/** Give up after this many tries; the row stays `failed` with its last error for staff to see. */
export const OUTBOX_MAX_ATTEMPTS = 8;
/** How long a claimed row belongs to its worker: far longer than one Zalo call with the client's own retries. */
const LEASE_MS = 5 * 60_000;
const BATCH = 50;
const MAX_IN_FLIGHT = 8;

/**
 * Queues replies inside the caller's transaction. Returns how many were new; consultation replies count
 * against the follower's free window only when actually queued.
 */
export async function enqueueReplies(q: Db | Tx, items: OutboxItem[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const inserted = await q
    .insert(outboxMessages)
    .values(items.map((i) => ({ ...i, source: i.source ?? 'bot', nextAttemptAt: now, createdAt: now })))
    .onConflictDoNothing({ target: outboxMessages.idempotencyKey })
    .returning({ followerId: outboxMessages.followerId, kind: outboxMessages.kind });
  const csByFollower = new Map<string, number>();
  for (const r of inserted)
    if (r.kind === 'cs' && r.followerId)
      csByFollower.set(r.followerId, (csByFollower.get(r.followerId) ?? 0) + 1);
  for (const [followerId, n] of csByFollower) await useFreeReplies(q, followerId, n);
  return inserted.length;
}

/** Retry delay after the n-th failed attempt: 2 s, 4 s, 8 s… capped at 10 min, with ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(600_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * A network failure is retried only when the request surely never reached Zalo; after a timeout or a reset the
 * message may have been delivered, and sending it again could give the citizen the same reply twice.
 */
function isRetryable(err: unknown): boolean {
  if (err instanceof ZaloNetworkError) return !err.maybeDelivered;
  if (err instanceof ZaloApiError) return err.retryable;
  return false;
}

function describeError(err: unknown): string {
  if (err instanceof ZaloApiError) return `${err.category} ${err.zaloCode}: ${err.description}`.slice(0, 500);
  if (err instanceof ZaloNetworkError) {
    const unknown = err.maybeDelivered ? ' (may have been delivered; not resent)' : '';
    return `network: ${err.reason}${unknown}`.slice(0, 500);
  }
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
}

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends queued replies. Rows are claimed with `FOR UPDATE SKIP LOCKED` in one statement (pending → sending), so two
 * workers never take the same row; the outcome is written with a guard on `status = 'sending'`. A row left
 * `sending` by a crashed worker may or may not have reached Zalo: it is marked failed ("outcome unknown") rather
 * than sent again, so nobody ever gets a reply twice.
 */
export class OutboxWorker {
  private readonly sleep: (ms: number) => Promise<void>;
  private nextSlot = 0;

  constructor(private readonly deps: OutboxDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Claims and sends one batch of due rows. */
  async runOnce(limit = BATCH): Promise<OutboxRunResult> {
    await this.failAbandoned();
    const rows = await this.claim(limit);
    const result: OutboxRunResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    const inFlight = new Set<Promise<void>>();
    for (const row of rows) {
      await this.pace();
      await this.deps.beforeSend?.();
      const p = this.sendOne(row, result).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return result;
  }

  /** Runs batches until nothing is due (tests and shutdown). */
  async drain(): Promise<OutboxRunResult> {
    const total: OutboxRunResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const r = await this.runOnce();
      for (const k of Object.keys(total) as (keyof OutboxRunResult)[]) total[k] += r[k];
      if (r.claimed === 0) return total;
    }
  }

  private async claim(limit: number): Promise<OutboxRow[]> {
    const now = this.deps.clock.now();
    const due = this.deps.db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.status, 'pending'),
          sql`${outboxMessages.nextAttemptAt} <= ${now.toISOString()}`,
        ),
      )
      .orderBy(outboxMessages.nextAttemptAt, outboxMessages.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    return this.deps.db
      .update(outboxMessages)
      .set({
        status: 'sending',
        attempts: sql`${outboxMessages.attempts} + 1`,
        lockedUntil: new Date(now.getTime() + LEASE_MS),
      })
      .where(inArray(outboxMessages.id, due))
      .returning();
  }

  private async failAbandoned(): Promise<void> {
    const rows = await this.deps.db
      .update(outboxMessages)
      .set({
        status: 'failed',
        lockedUntil: null,
        lastError: 'interrupted while sending; outcome unknown, not resent',
      })
      .where(and(eq(outboxMessages.status, 'sending'), lt(outboxMessages.lockedUntil, this.deps.clock.now())))
      .returning({ id: outboxMessages.id });
    if (rows.length) this.deps.logger.warn({ ids: rows.map((r) => r.id) }, 'outbox rows abandoned mid-send');
  }

  /** Spaces send starts to OUTBOX_RATE_PER_SECOND (per worker process). */
  private async pace(): Promise<void> {
    const interval = 1000 / this.deps.config.OUTBOX_RATE_PER_SECOND;
    const now = performance.now();
    const wait = this.nextSlot - now;
    this.nextSlot = Math.max(now, this.nextSlot) + interval;
    if (wait > 0) await this.sleep(wait);
  }

  private async sendOne(row: OutboxRow, result: OutboxRunResult): Promise<void> {
    const guard = and(eq(outboxMessages.id, row.id), eq(outboxMessages.status, 'sending'));
    try {
      const sent = this.deps.replyFallback
        ? await this.deps.replyFallback.send(row, this.deps.messenger)
        : await this.deps.messenger.send(row.kind, row.zaloUserId, row.message);
      await this.deps.db
        .update(outboxMessages)
        .set({
          status: 'sent',
          sentAt: this.deps.clock.now(),
          zaloMessageId: sent.messageId,
          lockedUntil: null,
        })
        .where(guard);
      result.sent++;
    } catch (err) {
      const retry = isRetryable(err) && row.attempts < OUTBOX_MAX_ATTEMPTS;
      const next = new Date(this.deps.clock.now().getTime() + retryDelayMs(row.attempts));
      await this.deps.db
        .update(outboxMessages)
        .set(
          retry
            ? { status: 'pending', nextAttemptAt: next, lockedUntil: null, lastError: describeError(err) }
            : { status: 'failed', lockedUntil: null, lastError: describeError(err) },
        )
        .where(guard);
      if (retry) result.retried++;
      else result.failed++;
      this.deps.logger.warn(
        { outboxId: row.id, attempts: row.attempts, retry, error: describeError(err) },
        retry ? 'outbox send failed, will retry' : 'outbox send failed permanently',
      );
    }
  }
}
