import axios from 'axios';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Tx } from '../db/client.ts';
import type { HealthCheck } from '../http/health.routes.ts';
import { zaloTokens, type ZaloTokenRow } from './token.schema.ts';
import type { CoreDeps } from '../app/module.ts';

/** What the API client needs from the token store. */
export interface AccessTokenProvider {
  getAccessToken(): Promise<string>;
  /** Zalo rejected `rejectedToken` (-216/-220): refresh unless another caller or instance already replaced it. */
  refreshAfterRejection(rejectedToken: string): Promise<string>;
}

/**
 * An in-memory token provider for tests, the simulator and benchmarks against the fake Zalo server with
 * `acceptAnyAccessToken`: hands out `token`, and on a rejection the next one from `rotate` (if given).
 */
export class FixedAccessTokens implements AccessTokenProvider {
  refreshes = 0;
  constructor(
    public token: string,
    private readonly rotate?: (n: number) => string,
  ) {}
  async getAccessToken(): Promise<string> {
    return this.token;
  }
  async refreshAfterRejection(rejectedToken: string): Promise<string> {
    if (rejectedToken === this.token && this.rotate) this.token = this.rotate(++this.refreshes);
    return this.token;
  }
}

/** What `/health` shows for the Zalo channel. */
export type ZaloChannelState = 'ok' | 'needs_reauth' | 'not_configured';

/** Zalo refused the refresh token: a person must authorise the OA again (`npm run zalo:token`). Not retryable. */
export class ZaloReauthRequiredError extends Error {
  readonly retryable = false;
  constructor(readonly reason: string) {
    super(`Zalo OA needs re-authorisation: ${reason}`);
    this.name = 'ZaloReauthRequiredError';
  }
}

/** No token pair stored or configured, or no app id/secret to refresh with. Not retryable. */
export class ZaloNotConfiguredError extends Error {
  readonly retryable = false;
  constructor(what: string) {
    super(`Zalo OA not configured: ${what}`);
    this.name = 'ZaloNotConfiguredError';
  }
}

/** A refresh failed for a reason that may pass (network, 5xx, an answer without both tokens). Retryable later. */
export class ZaloTokenRefreshError extends Error {
  readonly retryable = true;
  constructor(readonly reason: string) {
    super(`Zalo token refresh failed: ${reason}`);
    this.name = 'ZaloTokenRefreshError';
  }
}

export type ZaloTokenConfig = Pick<
  Config,
  | 'ZALO_APP_ID'
  | 'ZALO_APP_SECRET'
  | 'ZALO_OA_ID'
  | 'ZALO_OAUTH_BASE'
  | 'ZALO_HTTP_TIMEOUT_MS'
  | 'ZALO_ACCESS_TOKEN'
  | 'ZALO_REFRESH_TOKEN'
>;

export interface ZaloTokenDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  config: ZaloTokenConfig;
  /** Refresh this long before expiry (default 5 min), so no request goes out with a token about to lapse. */
  refreshAheadMs?: number;
  /** After a transient refresh failure, wait this long before trying again (default 30 s): no retry storm. */
  failureCooldownMs?: number;
}

const DEFAULT_REFRESH_AHEAD_MS = 5 * 60_000;
const DEFAULT_FAILURE_COOLDOWN_MS = 30_000;
/**
 * A token seeded from the environment has no known expiry. Assume one hour: refreshing early only costs a
 * request, and a token that is already dead is caught by Zalo's -216 answer, which forces a refresh anyway.
 */
const SEED_ASSUMED_TTL_MS = 60 * 60_000;

/** Zalo's successful OAuth answer; `expires_in` arrives as a string of seconds. */
const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
});

type RefreshOutcome =
  | { kind: 'ok'; row: ZaloTokenRow }
  | { kind: 'reauth'; reason: string; justNow: boolean }
  | { kind: 'not_configured'; what: string }
  | { kind: 'transient'; reason: string; row: ZaloTokenRow };

type OAuthResult =
  | { kind: 'ok'; accessToken: string; refreshToken: string; expiresInSec: number }
  | { kind: 'rejected'; reason: string }
  | { kind: 'transient'; reason: string };

/**
 * The OA token store. Refreshes ahead of expiry, once: callers in this process share one promise, and
 * instances share the row lock (`SELECT … FOR UPDATE`), re-reading the row after the lock to use a pair another
 * instance just stored. The new pair is committed before any caller receives the new access token.
 */
export class ZaloTokenService implements AccessTokenProvider {
  private cached: { accessToken: string; expiresAt: Date } | undefined;
  private inflight: Promise<string> | undefined;
  private retryNotBefore = 0;
  private reauthLogged = false;
  private readonly oaId: string;
  private readonly aheadMs: number;
  private readonly cooldownMs: number;

  constructor(private readonly deps: ZaloTokenDeps) {
    this.oaId = deps.config.ZALO_OA_ID ?? 'default';
    this.aheadMs = deps.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
    this.cooldownMs = deps.failureCooldownMs ?? DEFAULT_FAILURE_COOLDOWN_MS;
  }

  async getAccessToken(): Promise<string> {
    const c = this.cached;
    if (c && !this.isDue(c.expiresAt)) return c.accessToken;
    return this.singleFlight(undefined);
  }

  async refreshAfterRejection(rejectedToken: string): Promise<string> {
    if (this.cached?.accessToken === rejectedToken) this.cached = undefined;
    return this.singleFlight(rejectedToken);
  }

  /** The channel's state for `/health`; reads the row without locking. */
  async channelState(): Promise<ZaloChannelState> {
    const [row] = await this.deps.db.select().from(zaloTokens).where(eq(zaloTokens.oaId, this.oaId));
    if (row) return row.state;
    return this.seedValues() ? 'ok' : 'not_configured';
  }

  /** Stores a pair from the OA authorisation (the CLI), replacing whatever was there and clearing needs_reauth. */
  async storeTokenPair(pair: {
    accessToken: string;
    refreshToken: string;
    expiresInSec: number;
  }): Promise<void> {
    const values = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: new Date(this.deps.clock.now().getTime() + pair.expiresInSec * 1000),
      state: 'ok' as const,
      stateReason: null,
      updatedAt: this.deps.clock.now(),
    };
    await this.deps.db
      .insert(zaloTokens)
      .values({ oaId: this.oaId, ...values })
      .onConflictDoUpdate({
        target: zaloTokens.oaId,
        set: { ...values, version: sql`${zaloTokens.version} + 1` },
      });
    this.cached = undefined;
    this.reauthLogged = false;
    this.retryNotBefore = 0;
    this.deps.logger.info({ oaId: this.oaId }, 'zalo token pair stored');
  }

  /**
   * Re-authorisation from the console: a new refresh token from the OA authorisation replaces the stored pair and
   * is exchanged at once, so a wrong or used token is reported to the person who pasted it, not at the next send.
   */
  async reauthorise(refreshToken: string): Promise<void> {
    await this.storeTokenPair({ accessToken: '', refreshToken, expiresInSec: 0 });
    await this.getAccessToken();
  }

  private isDue(expiresAt: Date): boolean {
    return expiresAt.getTime() - this.aheadMs <= this.deps.clock.now().getTime();
  }

  private singleFlight(rejectedToken: string | undefined): Promise<string> {
    this.inflight ??= this.refreshOnce(rejectedToken).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshOnce(rejectedToken: string | undefined): Promise<string> {
    const outcome = await this.deps.db.transaction((tx) => this.refreshLocked(tx, rejectedToken));
    switch (outcome.kind) {
      case 'ok':
        this.cached = { accessToken: outcome.row.accessToken, expiresAt: outcome.row.expiresAt };
        return outcome.row.accessToken;
      case 'reauth':
        this.logReauth(outcome.reason, outcome.justNow);
        throw new ZaloReauthRequiredError(outcome.reason);
      case 'not_configured':
        throw new ZaloNotConfiguredError(outcome.what);
      case 'transient':
        return this.afterTransientFailure(outcome.row, outcome.reason, rejectedToken);
    }
  }

  /** Runs under the row lock: decides whether a refresh is still needed, then calls Zalo and stores the pair. */
  private async refreshLocked(tx: Tx, rejectedToken: string | undefined): Promise<RefreshOutcome> {
    const row = (await this.lockRow(tx)) ?? (await this.seed(tx));
    if (!row) return { kind: 'not_configured', what: 'no token pair stored (run npm run zalo:token)' };
    if (row.state === 'needs_reauth')
      return { kind: 'reauth', reason: row.stateReason ?? 'refresh rejected', justNow: false };
    // Another caller or instance may have refreshed while we waited for the lock: use its pair.
    const stillGood =
      rejectedToken === undefined ? !this.isDue(row.expiresAt) : row.accessToken !== rejectedToken;
    if (stillGood && row.accessToken) return { kind: 'ok', row };
    if (this.deps.clock.now().getTime() < this.retryNotBefore) {
      return { kind: 'transient', reason: 'waiting after a failed refresh', row };
    }
    const { ZALO_APP_ID: appId, ZALO_APP_SECRET: secret } = this.deps.config;
    if (!appId || !secret)
      return { kind: 'not_configured', what: 'ZALO_APP_ID and ZALO_APP_SECRET are needed to refresh' };
    const result = await this.callOAuth(row.refreshToken, appId, secret);
    if (result.kind === 'transient') return { kind: 'transient', reason: result.reason, row };
    if (result.kind === 'rejected') {
      await this.markNeedsReauth(tx, result.reason);
      return { kind: 'reauth', reason: result.reason, justNow: true };
    }
    return { kind: 'ok', row: await this.storeRefreshed(tx, result) };
  }

  private async lockRow(tx: Tx): Promise<ZaloTokenRow | undefined> {
    const [row] = await tx.select().from(zaloTokens).where(eq(zaloTokens.oaId, this.oaId)).for('update');
    return row;
  }

  /** First use with an empty store: insert the pair from the environment, if any, then lock it. */
  private async seed(tx: Tx): Promise<ZaloTokenRow | undefined> {
    const seed = this.seedValues();
    if (!seed) return undefined;
    const now = this.deps.clock.now().getTime();
    // Without an access token the seed is due at once, so the first call refreshes with the refresh token.
    const expiresAt = new Date(seed.accessToken ? now + SEED_ASSUMED_TTL_MS : 0);
    await tx
      .insert(zaloTokens)
      .values({ oaId: this.oaId, accessToken: seed.accessToken, refreshToken: seed.refreshToken, expiresAt })
      .onConflictDoNothing();
    this.deps.logger.info({ oaId: this.oaId }, 'zalo token store seeded from the environment');
    return this.lockRow(tx);
  }

  private seedValues(): { accessToken: string; refreshToken: string } | undefined {
    const { ZALO_ACCESS_TOKEN: accessToken, ZALO_REFRESH_TOKEN: refreshToken } = this.deps.config;
    return refreshToken ? { accessToken: accessToken ?? '', refreshToken } : undefined;
  }

  private async storeRefreshed(
    tx: Tx,
    r: { accessToken: string; refreshToken: string; expiresInSec: number },
  ): Promise<ZaloTokenRow> {
    const now = this.deps.clock.now();
    const [row] = await tx
      .update(zaloTokens)
      .set({
        accessToken: r.accessToken,
        refreshToken: r.refreshToken,
        expiresAt: new Date(now.getTime() + r.expiresInSec * 1000),
        state: 'ok',
        stateReason: null,
        version: sql`${zaloTokens.version} + 1`,
        updatedAt: now,
      })
      .where(eq(zaloTokens.oaId, this.oaId))
      .returning();
    if (!row) throw new Error('zalo token row vanished during refresh');
    this.retryNotBefore = 0;
    this.deps.logger.info(
      { oaId: this.oaId, expiresAt: row.expiresAt.toISOString() },
      'zalo access token refreshed',
    );
    return row;
  }

  private async markNeedsReauth(tx: Tx, reason: string): Promise<void> {
    await tx
      .update(zaloTokens)
      .set({
        state: 'needs_reauth',
        stateReason: reason,
        version: sql`${zaloTokens.version} + 1`,
        updatedAt: this.deps.clock.now(),
      })
      .where(eq(zaloTokens.oaId, this.oaId));
  }

  /** A refresh that may pass: keep using the current token while it is still valid, else fail this call. */
  private afterTransientFailure(
    row: ZaloTokenRow,
    reason: string,
    rejectedToken: string | undefined,
  ): string {
    const now = this.deps.clock.now().getTime();
    if (this.retryNotBefore <= now) {
      this.retryNotBefore = now + this.cooldownMs;
      this.deps.logger.warn({ oaId: this.oaId, reason }, 'zalo token refresh failed; will retry later');
    }
    const usable = row.accessToken && row.accessToken !== rejectedToken && row.expiresAt.getTime() > now;
    if (usable) return row.accessToken;
    throw new ZaloTokenRefreshError(reason);
  }

  private logReauth(reason: string, justNow: boolean): void {
    if (this.reauthLogged) return;
    this.reauthLogged = true;
    // The instance that saw Zalo refuse logs the error; others note once that they found the channel so.
    if (justNow) {
      this.deps.logger.error(
        { oaId: this.oaId, reason },
        'zalo refresh token rejected: the OA needs re-authorisation (npm run zalo:token)',
      );
    } else {
      this.deps.logger.warn(
        { oaId: this.oaId, reason },
        'zalo channel needs re-authorisation (npm run zalo:token)',
      );
    }
  }

  /** One OAuth v4 refresh request. Never throws: the caller decides per outcome. */
  private async callOAuth(refreshToken: string, appId: string, secret: string): Promise<OAuthResult> {
    const url = `${this.deps.config.ZALO_OAUTH_BASE.replace(/\/$/, '')}/v4/oa/access_token`;
    const form = new URLSearchParams({
      refresh_token: refreshToken,
      app_id: appId,
      grant_type: 'refresh_token',
    });
    const timeout = this.deps.config.ZALO_HTTP_TIMEOUT_MS;
    let res;
    try {
      res = await axios.post(url, form.toString(), {
        headers: { secret_key: secret, 'content-type': 'application/x-www-form-urlencoded' },
        timeout,
        signal: AbortSignal.timeout(timeout + 50),
        validateStatus: () => true,
      });
    } catch (err) {
      return { kind: 'transient', reason: `network: ${(err as { code?: string }).code ?? 'error'}` };
    }
    return interpretOAuthAnswer(res.status, res.data);
  }
}

/** Maps Zalo's OAuth answer: both tokens → ok; 5xx/429 → transient; an explicit refusal → rejected. */
export function interpretOAuthAnswer(status: number, data: unknown): OAuthResult {
  if (status >= 500 || status === 429) return { kind: 'transient', reason: `HTTP ${status}` };
  const parsed = tokenAnswerSchema.safeParse(data);
  if (status < 300 && parsed.success) {
    const d = parsed.data;
    return {
      kind: 'ok',
      accessToken: d.access_token,
      refreshToken: d.refresh_token,
      expiresInSec: d.expires_in,
    };
  }
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const refusal = [body.error_name, body.error, body.error_reason].filter((v) => v !== undefined && v !== 0);
  if (refusal.length > 0 || status >= 400) {
    // Zalo's name and code only: descriptions may echo the request.
    const reason = [`HTTP ${status}`, ...refusal.map(String)].join(' ').slice(0, 200);
    return { kind: 'rejected', reason };
  }
  return { kind: 'transient', reason: 'answer without both tokens' };
}

/** `/health` reports `zalo: ok | needs_reauth | not_configured`. */
export function zaloHealthCheck(tokens: Pick<ZaloTokenService, 'channelState'>): HealthCheck {
  return async () => {
    const state = await tokens.channelState();
    return { name: 'zalo', ok: state === 'ok', state };
  };
}
