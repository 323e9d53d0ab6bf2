import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { ZaloApiError, ZaloNetworkError, type MessageKind, type OutboundMessage } from '../zalo/zalo.port.ts';
import { broadcasts, contentVersions } from './broadcasts.schema.ts';
import { finishSettledBroadcasts } from './planner.ts';
import { isQuietTime, quietEndsAt } from './quiet-hours.ts';
import { TokenBucket } from './token-bucket.ts';
import { renderBroadcast, type BroadcastContent } from './render.ts';
import type { RateGate } from '../zalo/send-rate.ts';
import type { SenderDeps } from './broadcasts.deps.ts';

export interface SenderOptions {
  /** Names this process in lease columns; unique per process. */
  workerId?: string;
  /** Rows reserved per database round trip. */
  reserveSize?: number;
  /** Rows marked 'sending' together right before their calls (= the most requests in flight per lane). */
  chunkSize?: number;
  /** Chunks in flight at once. */
  lanes?: number;
  maxAttempts?: number;
  /** Overrides the send rate (tests); by default the OA's shared limiter (deps.sendRate) at broadcast priority. */
  bucket?: RateGate;
}

interface Reserved {
  id: number;
  broadcast_id: number;
  zalo_user_id: string;
  language: string | null;
  area_code: string | null;
  message_kind: string;
  attempts: number;
}

type Outcome =
  | { id: number; kind: 'sent'; msgId: string }
  | { id: number; kind: 'retry'; at: Date; code: string; reason: string }
  | { id: number; kind: 'failed'; code: string | null; reason: string };

type Content = BroadcastContent;

export { buildMessage } from './render.ts';

const ZALO_NIGHT = { QUIET_HOURS_START: '22:00', QUIET_HOURS_END: '06:00', TZ_APP: 'Asia/Ho_Chi_Minh' };

const ids = (values: number[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::bigint[]`;
const texts = (values: (string | null)[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/**
 * Drains pending deliveries under a rate limit. Exactly-once rests on the row state machine:
 * pending → (reserved with a lease; still pending) → sending (own commit, right before the call) → sent | failed.
 * A reserved row whose worker died is free again once its lease ends (it was never sent). A row left in 'sending'
 * may have reached Zalo: it is never sent again automatically (README "Exactly once").
 */
export class BroadcastSender {
  readonly workerId: string;
  private readonly bucket: RateGate;
  private readonly content = new Map<number, Content>();
  private stopping = false;

  constructor(
    private readonly deps: SenderDeps,
    private readonly opts: SenderOptions = {},
  ) {
    this.workerId = opts.workerId ?? `w-${randomUUID().slice(0, 8)}`;
    this.bucket =
      opts.bucket ?? deps.sendRate?.lane('bulk') ?? new TokenBucket(deps.config.ZALO_SEND_RATE_PER_SECOND);
  }

  stop(): void {
    this.stopping = true;
  }

  /** Sends until nothing is due, quiet hours begin or stop() is called; then closes settled broadcasts. */
  async drain(): Promise<{ sent: number; failed: number; retried: number }> {
    const totals = { sent: 0, failed: 0, retried: 0 };
    let recoveredAt = -Infinity;
    while (!this.stopping && !isQuietTime(this.deps.clock.now(), this.deps.config)) {
      // stale 'sending' rows are rare (a crashed worker): look for them at the start and every 30 s, not per batch
      if (performance.now() - recoveredAt > 30_000) {
        await this.recoverExpired();
        recoveredAt = performance.now();
      }
      const batch = await this.reserve(this.reserveSize());
      if (batch.length === 0) break;
      await this.sendBatch(batch, totals);
    }
    await finishSettledBroadcasts(this.deps);
    return totals;
  }

  private async sendBatch(batch: Reserved[], totals: { sent: number; failed: number; retried: number }) {
    const chunkSize = Math.max(1, Math.min(this.opts.chunkSize ?? 16, this.bucket.burst));
    const queue = [...batch];
    const lane = async () => {
      while (queue.length > 0 && !this.stopping) {
        const chunk = queue.splice(0, chunkSize);
        await this.bucket.take(chunk.length);
        for (const o of await this.sendChunk(chunk))
          totals[o.kind === 'sent' ? 'sent' : o.kind === 'retry' ? 'retried' : 'failed']++;
      }
    };
    await Promise.all(Array.from({ length: this.opts.lanes ?? 4 }, lane));
    // rows reserved but not started (stop requested) are released for any worker
    if (queue.length > 0)
      await this.deps.db.execute(sql`update broadcast_deliveries set lease_owner = null, lease_until = null
        where id = any(${ids(queue.map((r) => r.id))}) and status = 'pending' and lease_owner = ${this.workerId}`);
  }

  /** Enough rows for a quarter of a lease at the configured rate, so reserved rows are sent long before it ends. */
  private reserveSize(): number {
    if (this.opts.reserveSize) return this.opts.reserveSize;
    const { ZALO_SEND_RATE_PER_SECOND: rate, BROADCAST_LEASE_SECONDS: lease } = this.deps.config;
    return Math.max(16, Math.min(500, Math.floor((rate * lease) / 4)));
  }

  /** Reserves due pending rows of running broadcasts; SKIP LOCKED keeps two workers on disjoint rows. */
  private async reserve(limit: number): Promise<Reserved[]> {
    const now = this.deps.clock.now().toISOString();
    const until = new Date(
      this.deps.clock.now().getTime() + this.deps.config.BROADCAST_LEASE_SECONDS * 1000,
    ).toISOString();
    const result = await this.deps.db.execute(sql`
      update broadcast_deliveries d set lease_owner = ${this.workerId}, lease_until = ${until}::timestamptz
      where d.id in (
        select d2.id from broadcast_deliveries d2 join broadcasts b on b.id = d2.broadcast_id and b.status = 'sending'
        where d2.status = 'pending' and (d2.next_attempt_at is null or d2.next_attempt_at <= ${now}::timestamptz)
          and (d2.lease_until is null or d2.lease_until < ${now}::timestamptz)
        order by d2.broadcast_id, d2.id limit ${limit}
        for update of d2 skip locked)
      returning d.id, d.broadcast_id, d.zalo_user_id, d.language, d.area_code, d.message_kind, d.attempts`);
    return rowsOf<Reserved>(result)
      .map((r) => ({
        ...r,
        id: Number(r.id),
        broadcast_id: Number(r.broadcast_id),
        attempts: Number(r.attempts),
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Marks the chunk 'sending' in its own commit, then makes one request per row, then records every outcome. */
  private async sendChunk(chunk: Reserved[]): Promise<Outcome[]> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + this.deps.config.BROADCAST_LEASE_SECONDS * 1000).toISOString();
    const claimed = new Set(
      rowsOf<{ id: number }>(
        await this.deps.db
          .execute(sql`update broadcast_deliveries set status = 'sending', claimed_at = ${now.toISOString()}::timestamptz,
            lease_until = ${until}::timestamptz, attempts = attempts + 1
          where id = any(${ids(chunk.map((r) => r.id))}) and status = 'pending' and lease_owner = ${this.workerId}
          returning id`),
      ).map((r) => Number(r.id)),
    );
    const rows = chunk.filter((r) => claimed.has(r.id));
    const outcomes = await Promise.all(rows.map((r) => this.sendOne(r)));
    await this.record(outcomes);
    return outcomes;
  }

  private async sendOne(row: Reserved): Promise<Outcome> {
    try {
      const message = await this.messageFor(row);
      const result = await this.deps.messenger.send(
        row.message_kind as MessageKind,
        row.zalo_user_id,
        message,
      );
      return { id: row.id, kind: 'sent', msgId: result.messageId };
    } catch (err) {
      return this.classify(row, err);
    }
  }

  /** Decides what a failure means: retry later, give up with a reason, or outcome unknown (never resent). */
  private classify(row: Reserved, err: unknown): Outcome {
    const attempts = row.attempts + 1;
    const max = this.opts.maxAttempts ?? 5;
    const now = this.deps.clock.now();
    const backoff = (code: string, reason: string): Outcome =>
      attempts >= max
        ? { id: row.id, kind: 'failed', code, reason: `${reason} (sau ${attempts} lần thử)` }
        : {
            id: row.id,
            kind: 'retry',
            at: new Date(now.getTime() + Math.min(600_000, 2 ** attempts * 1000 * (1 + Math.random()))),
            code,
            reason,
          };
    if (err instanceof ZaloApiError) {
      const code = String(err.zaloCode);
      // -234: this type may not be sent at night (Zalo: 22:00–06:00); hold the row until the night is over.
      if (err.category === 'night')
        return { id: row.id, kind: 'retry', at: quietEndsAt(now, ZALO_NIGHT), code, reason: 'night' };
      if (err.retryable) return backoff(code, err.category);
      return {
        id: row.id,
        kind: 'failed',
        code,
        reason: err.category === 'other' ? err.description.slice(0, 200) : err.category,
      };
    }
    if (err instanceof ZaloNetworkError) {
      // Refused or unresolved: the request never left, so sending again cannot duplicate.
      if (!err.maybeDelivered) return backoff('network', 'network');
      return { id: row.id, kind: 'failed', code: 'network', reason: 'outcome_unknown' };
    }
    this.deps.logger.error({ err, deliveryId: row.id }, 'broadcast send failed unexpectedly');
    return { id: row.id, kind: 'failed', code: null, reason: 'internal' };
  }

  private async record(outcomes: Outcome[]): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const sent = outcomes.filter((o) => o.kind === 'sent');
    const retry = outcomes.filter((o) => o.kind === 'retry');
    const failed = outcomes.filter((o) => o.kind === 'failed');
    const mine = sql`d.lease_owner = ${this.workerId} and (d.status = 'sending' or (d.status = 'failed' and d.error_reason = 'outcome_unknown'))`;
    const updates: SQL[] = [];
    if (sent.length)
      // A consultation message sent inside the free window uses one of the follower's free replies, as a chat
      // reply does: counted in the same statement, so the window's limit holds for both senders.
      updates.push(sql`with s as (update broadcast_deliveries d set status = 'sent', zalo_msg_id = v.msg, sent_at = ${now}::timestamptz,
          error_code = null, error_reason = null
        from unnest(${ids(sent.map((o) => o.id))}, ${texts(sent.map((o) => o.msgId))}) as v(id, msg) where d.id = v.id and ${mine}
        returning d.zalo_user_id, d.message_kind)
        update followers f set free_replies_used = f.free_replies_used + 1
        from s where s.message_kind = 'cs' and f.zalo_user_id = s.zalo_user_id`);
    if (retry.length)
      updates.push(sql`update broadcast_deliveries d set status = 'pending', next_attempt_at = v.at::timestamptz, error_code = v.code,
          error_reason = v.reason, lease_owner = null, lease_until = null
        from unnest(${ids(retry.map((o) => o.id))}, ${texts(retry.map((o) => o.at.toISOString()))}, ${texts(retry.map((o) => o.code))},
          ${texts(retry.map((o) => o.reason))}) as v(id, at, code, reason) where d.id = v.id and d.status = 'sending' and d.lease_owner = ${this.workerId}`);
    if (failed.length)
      updates.push(sql`update broadcast_deliveries d set status = 'failed', error_code = v.code, error_reason = v.reason
        from unnest(${ids(failed.map((o) => o.id))}, ${texts(failed.map((o) => o.code))}, ${texts(failed.map((o) => o.reason))})
          as v(id, code, reason) where d.id = v.id and ${mine}`);
    for (const u of updates) await this.deps.db.execute(u);
  }

  /**
   * Rows left 'sending' past their lease belong to a worker that died or hung mid-request: the request may have
   * reached Zalo, so they become failed('outcome_unknown') and are not resent (at most once for these few rows).
   */
  async recoverExpired(): Promise<number> {
    const now = this.deps.clock.now().toISOString();
    const result = await this.deps.db
      .execute(sql`update broadcast_deliveries set status = 'failed', error_code = 'lease_expired',
        error_reason = 'outcome_unknown'
      where status = 'sending' and lease_until < ${now}::timestamptz returning id`);
    const n = rowsOf(result).length;
    if (n > 0)
      this.deps.logger.warn({ rows: n }, 'broadcast deliveries with unknown outcome after a lease expired');
    return n;
  }

  private async messageFor(row: Reserved): Promise<OutboundMessage> {
    let c = this.content.get(row.broadcast_id);
    if (!c) {
      c = await loadBroadcastContent(this.deps, row.broadcast_id);
      this.content.set(row.broadcast_id, c);
    }
    const kind = row.message_kind as MessageKind;
    return renderBroadcast(c, kind, row.language, row.area_code, {
      baseUrl: this.deps.config.PUBLIC_BASE_URL,
      footers: kind === 'promotion' ? this.deps.optOutFooter : undefined,
      defaultBannerUrl: this.deps.config.BROADCAST_DEFAULT_BANNER_URL,
    });
  }
}

/** The approved version a broadcast sends, with its link token. */
export async function loadBroadcastContent(
  deps: Pick<SenderDeps, 'db'>,
  broadcastId: number,
): Promise<Content> {
  const [r] = await deps.db
    .select({ v: contentVersions, linkToken: broadcasts.linkToken })
    .from(broadcasts)
    .innerJoin(
      contentVersions,
      sql`${contentVersions.itemId} = ${broadcasts.itemId} and ${contentVersions.version} = ${broadcasts.version}`,
    )
    .where(eq(broadcasts.id, broadcastId));
  if (!r) throw new Error(`broadcast ${broadcastId} has no content`);
  return {
    text: { vi: r.v.textVi, km: r.v.textKm, en: r.v.textEn },
    title: r.v.title,
    imageUrl: r.v.imageUrl,
    buttonTitle: r.v.buttonTitle,
    buttonUrl: r.v.buttonUrl,
    linkToken: r.linkToken,
  };
}
