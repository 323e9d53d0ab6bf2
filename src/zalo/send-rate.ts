import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { rowsOf, type Db } from '../db/client.ts';

/** Something that hands out send permits: `take(n)` resolves when n sends may start. */
export interface RateGate {
  /** The most permits one `take` can get at once (chunks must not be larger). */
  readonly burst: number;
  take(n?: number): Promise<void>;
}

/** Replies to citizens who are waiting go first; broadcasts use what replies leave. */
export type SendPriority = 'reply' | 'bulk';

export interface TakeAnswer {
  granted: boolean;
  /** How long to wait before asking again when not granted. */
  waitMs: number;
  /** Share of the configured rate in use (below 1 after Zalo answered -32). */
  factor: number;
}

export interface SendRateOptions {
  /** Row key: one bucket per OA. */
  key?: string;
  /** A -32 halves the rate; it climbs back to the full rate linearly over this many seconds. */
  recoverySeconds?: number;
  /** Broadcasts hold back while a reply asked for a permit this recently. */
  replyHoldMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The lowest share of the configured rate that repeated -32 answers can push us to. */
const MIN_FACTOR = 0.05;

/**
 * One send rate per OA for every sender and every instance: a token bucket kept in one PostgreSQL row and updated
 * in one statement under its row lock, timed by the database's clock (`clock_timestamp()`), so any number of app
 * processes on the same database share ZALO_SEND_RATE_PER_SECOND. Works the same on PGlite.
 *
 * Why not rate-limiter-flexible's RateLimiterPostgres: it is a fixed-window counter (up to twice the rate across a
 * window edge), it takes a `pg`/knex/sequelize client (PGlite is none of them), creates its own table outside our
 * migrations, its docs advise against more than 200–300 limited actions per second, and it has neither priorities
 * nor a rate that can be lowered when Zalo answers -32.
 */
export class SendRateLimiter {
  readonly burst: number;
  private readonly key: string;
  private readonly recoverySeconds: number;
  private readonly replyHoldMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    readonly ratePerSecond: number,
    private readonly logger?: Logger,
    opts: SendRateOptions = {},
  ) {
    this.burst = Math.max(1, Math.ceil(ratePerSecond / 20));
    this.key = opts.key ?? 'oa';
    this.recoverySeconds = opts.recoverySeconds ?? 60;
    this.replyHoldMs = opts.replyHoldMs ?? 250;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** A gate for one kind of sender. */
  lane(priority: SendPriority): RateGate {
    return { burst: this.burst, take: (n = 1) => this.take(n, priority) };
  }

  /** Waits until n permits are granted (n is capped at the burst). */
  async take(n: number, priority: SendPriority): Promise<void> {
    const count = Math.max(1, Math.min(n, this.burst));
    for (;;) {
      const answer = await this.tryTake(count, priority);
      if (answer.granted) return;
      await this.sleep(answer.waitMs);
    }
  }

  /** One attempt: one SQL statement that refills, decides and takes (row lock held for that statement only). */
  async tryTake(n: number, priority: SendPriority): Promise<TakeAnswer> {
    await this.ensureRow();
    const rate = this.ratePerSecond;
    const burst = this.burst;
    const holdSeconds = this.replyHoldMs / 1000;
    const result = await this.db.execute(sql`
      with cur as (
        select key, clock_timestamp() as now_at, tokens, refilled_at, reply_demand_at,
          least(1.0, rate_factor + coalesce(extract(epoch from clock_timestamp() - slowed_at)::float8, 1e9)
            * (1.0 - rate_factor) / ${this.recoverySeconds}::float8) as factor
        from zalo_send_rate where key = ${this.key} for update
      ), calc as (
        select *, least(${burst}::float8,
          tokens + greatest(0, extract(epoch from now_at - refilled_at)::float8) * ${rate}::float8 * factor) as avail
        from cur
      ), dec as (
        select *, avail >= ${n}::float8 - 1e-9 and (${priority} = 'reply' or reply_demand_at is null
          or reply_demand_at < now_at - make_interval(secs => ${holdSeconds}::float8)
          or avail >= ${n}::float8 + ${burst}::float8 / 2) as granted,
          (reply_demand_at is not null and reply_demand_at >= now_at - make_interval(secs => ${holdSeconds}::float8)) as held
        from calc
      ),
      -- a refused broadcast take writes nothing (the bucket is unchanged); a reply's marks its demand either way
      upd as (
        update zalo_send_rate r set
          tokens = case when dec.granted then dec.avail - ${n}::float8 else dec.avail end,
          refilled_at = dec.now_at,
          reply_demand_at = case when ${priority} = 'reply' then dec.now_at else r.reply_demand_at end
        from dec where r.key = dec.key and (dec.granted or ${priority} = 'reply')
        returning 1
      )
      select granted, avail, factor, held from dec`);
    const [row] = rowsOf<{ granted: boolean; avail: number; factor: number; held: boolean }>(result);
    if (!row) throw new Error('send rate row missing');
    const factor = Number(row.factor);
    if (row.granted) return { granted: true, waitMs: 0, factor };
    const short = Math.max(0, n - Number(row.avail));
    const refillMs = (short / (rate * factor)) * 1000;
    // held back for replies: look again a little later even if tokens are there
    const waitMs = Math.max(2, row.held && priority === 'bulk' ? Math.max(refillMs, 20) : refillMs);
    return { granted: false, waitMs: Math.min(waitMs, 5_000), factor };
  }

  /** Zalo answered -32 (rate limit): halve the rate for every instance; it recovers over `recoverySeconds`. */
  async slowDown(): Promise<void> {
    await this.ensureRow();
    const result = await this.db.execute(sql`
      update zalo_send_rate set
        rate_factor = greatest(${MIN_FACTOR}::float8, 0.5 * least(1.0, rate_factor
          + coalesce(extract(epoch from clock_timestamp() - slowed_at)::float8, 1e9)
            * (1.0 - rate_factor) / ${this.recoverySeconds}::float8)),
        slowed_at = clock_timestamp(),
        tokens = least(tokens, 0)
      where key = ${this.key} returning rate_factor`);
    const factor = Number(rowsOf<{ rate_factor: number }>(result)[0]?.rate_factor ?? 1);
    this.logger?.warn({ factor }, 'Zalo answered -32 (rate limit): send rate lowered for every instance');
  }

  private ensureRow(): Promise<void> {
    this.ready ??= this.db
      .execute(
        sql`insert into zalo_send_rate (key, tokens, refilled_at) values (${this.key}, ${this.burst}, clock_timestamp())
        on conflict (key) do nothing`,
      )
      .then(() => undefined)
      .catch((err: unknown) => {
        this.ready = undefined;
        throw err;
      });
    return this.ready;
  }
}

/** The app's limiter: ZALO_SEND_RATE_PER_SECOND for the OA (ZALO_OA_ID, or one OA). */
export function createSendRateLimiter(deps: {
  db: Db;
  config: Pick<Config, 'ZALO_SEND_RATE_PER_SECOND' | 'ZALO_OA_ID'>;
  logger?: Logger;
}): SendRateLimiter {
  return new SendRateLimiter(deps.db, deps.config.ZALO_SEND_RATE_PER_SECOND, deps.logger, {
    key: deps.config.ZALO_OA_ID ?? 'oa',
  });
}
