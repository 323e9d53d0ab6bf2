import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/client.ts';
import { useFreeReplies } from '../followers/followers.service.ts';
import {
  ZaloApiError,
  ZaloNetworkError,
  type MessageKind,
  type OutboundMessage,
  type ZaloMessenger,
} from '../zalo/zalo.port.ts';
import type { RateGate } from '../zalo/send-rate.ts';
import { TokenBucket } from '../broadcasts/token-bucket.ts';
import { outboxMessages, type OutboxRow } from './chat.schema.ts';
import type { ReplyFallback } from './reply-fallback.ts';
import type { CoreDeps } from '../app/module.ts';

/** One reply to queue. The idempotency key makes queuing the same reply again a no-op. */
export interface OutboxItem {
  idempotencyKey: string;
  followerId: string | null;
  zaloUserId: string;
  kind: MessageKind;
  message: OutboundMessage;
  source?: 'bot' | 'staff' | 'system';
}

export interface OutboxDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  config: Pick<Config, 'ZALO_SEND_RATE_PER_SECOND'>;
  messenger: ZaloMessenger;
  /** The OA's shared send rate at reply priority; without one, a local bucket at ZALO_SEND_RATE_PER_SECOND. */
  rate?: RateGate;
  /** Names this process in the lease columns; unique per process. */
  workerId?: string;
  /** How long a reserved, not yet started row stays this worker's (then any worker may take it: nothing was sent). */
  reserveMs?: number;
  /** How long a row may stay `sending` before its outcome counts as unknown (longer than a call with retries). */
  sendLeaseMs?: number;
  /** Real-time wait used for idle polling; tests may pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Awaited before each send: lets the module hold replies back while webhooks pour in. */
  beforeSend?: () => Promise<void>;
  /** Sends a refused rich reply once more as plain text (reply-fallback.ts). */
  replyFallback?: ReplyFallback;
}

/** Give up after this many tries; the row stays `failed` with its last error for staff to see. */
export const OUTBOX_MAX_ATTEMPTS = 8;
/** How long a row may stay 'sending': far longer than one Zalo call with the client's own retries. */
const SEND_LEASE_MS = 5 * 60_000;
/** Reserved rows not yet started are free again after this (a crashed worker's reservation). */
const RESERVE_MS = 30_000;
const BATCH = 50;
/** Requests in flight per worker at most: after a kill -9 at most these can end "outcome unknown". */
export const OUTBOX_MAX_IN_FLIGHT = 8;
/** What a row left 'sending' by a dead worker says in the console. */
export const OUTCOME_UNKNOWN = 'interrupted while sending; outcome unknown, not resent';

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
 * Sends queued replies at most once each. A batch is *reserved* with `FOR UPDATE SKIP LOCKED` (a lease; the rows
 * stay `pending`, so a worker that dies here leaves nothing sent and another takes them after the lease). Each row
 * is marked `sending` in its own commit right before its own request (as the broadcast sender does), and its
 * outcome is written only while this worker still holds it. A row left `sending` by a dead worker may or may not
 * have reached Zalo: it becomes `unknown` (never resent, shown in the console). At most OUTBOX_MAX_IN_FLIGHT
 * requests are in flight, so that is all a kill -9 can leave unknown.
 */
export class OutboxWorker {
  readonly workerId: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly rate: RateGate;
  private stopping = false;

  constructor(private readonly deps: OutboxDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.workerId = deps.workerId ?? `o-${randomUUID().slice(0, 8)}`;
    this.rate = deps.rate ?? new TokenBucket(deps.config.ZALO_SEND_RATE_PER_SECOND);
  }

  /** Finish the requests in flight, start no new one (graceful shutdown). */
  stop(): void {
    this.stopping = true;
  }

  /** Reserves and sends one batch of due rows. */
  async runOnce(limit = BATCH): Promise<OutboxRunResult> {
    await this.markAbandoned();
    const rows = await this.reserve(limit);
    const result: OutboxRunResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    const inFlight = new Set<Promise<void>>();
    let started = 0;
    for (const row of rows) {
      if (this.stopping) break;
      await this.rate.take(1);
      await this.deps.beforeSend?.();
      const attempts = await this.markSending(row.id);
      started++;
      if (attempts === undefined) continue; // the reservation ran out and another worker took the row
      const p = this.sendOne({ ...row, attempts }, result).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= OUTBOX_MAX_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (started < rows.length) await this.release(rows.slice(started).map((r) => r.id));
    return result;
  }

  /** Runs batches until nothing is due (tests and shutdown). */
  async drain(): Promise<OutboxRunResult> {
    const total: OutboxRunResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const r = await this.runOnce();
      for (const k of Object.keys(total) as (keyof OutboxRunResult)[]) total[k] += r[k];
      if (r.claimed === 0 || this.stopping) return total;
    }
  }

  private async reserve(limit: number): Promise<OutboxRow[]> {
    const now = this.deps.clock.now();
    const due = this.deps.db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.status, 'pending'),
          sql`${outboxMessages.nextAttemptAt} <= ${now.toISOString()}`,
          or(isNull(outboxMessages.lockedUntil), lt(outboxMessages.lockedUntil, now)),
        ),
      )
      .orderBy(outboxMessages.nextAttemptAt, outboxMessages.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.deps.db
      .update(outboxMessages)
      .set({
        leaseOwner: this.workerId,
        lockedUntil: new Date(now.getTime() + (this.deps.reserveMs ?? RESERVE_MS)),
      })
      .where(inArray(outboxMessages.id, due))
      .returning();
    return rows.sort((a, b) => a.id - b.id);
  }

  /** pending → sending in its own commit, right before the request; undefined when the row is no longer ours. */
  private async markSending(id: number): Promise<number | undefined> {
    const now = this.deps.clock.now();
    const [row] = await this.deps.db
      .update(outboxMessages)
      .set({
        status: 'sending',
        attempts: sql`${outboxMessages.attempts} + 1`,
        lockedUntil: new Date(now.getTime() + (this.deps.sendLeaseMs ?? SEND_LEASE_MS)),
      })
      .where(
        and(
          eq(outboxMessages.id, id),
          eq(outboxMessages.status, 'pending'),
          eq(outboxMessages.leaseOwner, this.workerId),
        ),
      )
      .returning({ attempts: outboxMessages.attempts });
    return row?.attempts;
  }

  /** Reserved rows this worker will not start (stopping) are free for any worker at once. */
  private async release(ids: number[]): Promise<void> {
    await this.deps.db
      .update(outboxMessages)
      .set({ leaseOwner: null, lockedUntil: null })
      .where(
        and(
          inArray(outboxMessages.id, ids),
          eq(outboxMessages.status, 'pending'),
          eq(outboxMessages.leaseOwner, this.workerId),
        ),
      );
  }

  /** Rows left 'sending' past their lease: the request may have reached Zalo, so they are never resent. */
  private async markAbandoned(): Promise<void> {
    const rows = await this.deps.db
      .update(outboxMessages)
      .set({ status: 'unknown', lockedUntil: null, lastError: OUTCOME_UNKNOWN })
      .where(and(eq(outboxMessages.status, 'sending'), lt(outboxMessages.lockedUntil, this.deps.clock.now())))
      .returning({ id: outboxMessages.id });
    if (rows.length) this.deps.logger.warn({ ids: rows.map((r) => r.id) }, 'outbox rows abandoned mid-send');
  }

  private async sendOne(row: OutboxRow, result: OutboxRunResult): Promise<void> {
    // ours while sending; a late answer after the row was marked unknown still records the truth
    const guard = and(
      eq(outboxMessages.id, row.id),
      eq(outboxMessages.leaseOwner, this.workerId),
      inArray(outboxMessages.status, ['sending', 'unknown']),
    );
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
          lastError: null,
        })
        .where(guard);
      result.sent++;
    } catch (err) {
      const retry = isRetryable(err) && row.attempts < OUTBOX_MAX_ATTEMPTS;
      const next = new Date(this.deps.clock.now().getTime() + retryDelayMs(row.attempts));
      const unknown = err instanceof ZaloNetworkError && err.maybeDelivered;
      await this.deps.db
        .update(outboxMessages)
        .set(
          retry
            ? {
                status: 'pending',
                nextAttemptAt: next,
                lockedUntil: null,
                leaseOwner: null,
                lastError: describeError(err),
              }
            : { status: unknown ? 'unknown' : 'failed', lockedUntil: null, lastError: describeError(err) },
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

/** Replies whose outcome is unknown (a crash or a lost answer mid-request) and permanent failures, for the console. */
export async function outboxStatus(
  db: Db,
): Promise<{ pending: number; sending: number; unknown: number; failed: number }> {
  const rows = await db
    .select({ status: outboxMessages.status, n: sql<number>`count(*)::int` })
    .from(outboxMessages)
    .where(inArray(outboxMessages.status, ['pending', 'sending', 'unknown', 'failed']))
    .groupBy(outboxMessages.status);
  const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
  return {
    pending: by.get('pending') ?? 0,
    sending: by.get('sending') ?? 0,
    unknown: by.get('unknown') ?? 0,
    failed: by.get('failed') ?? 0,
  };
}
