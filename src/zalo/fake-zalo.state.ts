// The fake Zalo's types, its mutable state, the access-token check and the helpers every API family shares.
import type { IncomingMessage } from 'node:http';
import type { ZaloRequestKind } from './zalo.message-schemas.ts';

/** A mini-app user as Graph `/v2.0/me` shows them; `phone` answers `/v2.0/me/info`. Keyed by user access token. */
export interface FakeGraphUser {
  id: string;
  name: string;
  picture?: string;
  phone?: string;
}

/** What can change while the server runs (`setOptions`). */
export interface FakeZaloBehaviour {
  /** Added before every answer. */
  latencyMs: number;
  /** Share (0..1) of message sends that fail at random. */
  errorRate: number;
  /** Zalo error code for injected failures (HTTP 200 body); undefined → HTTP 503 with no Zalo body. */
  errorCode: number | undefined;
  /** Message sends accepted per wall-clock second; more are answered -32. 0 = unlimited. */
  rateLimitPerSecond: number;
  /** The next N message sends fail as `errorCode` says. */
  failNext: number;
  /** Accept any non-empty access_token (benchmarks that do not exercise tokens). */
  acceptAnyAccessToken: boolean;
  /** Answer -213 for sends to users outside the follower set. */
  followersOnly: boolean;
  /**
   * Request kinds answered -201 although their shape is valid: stands in for a Zalo that does not take, say, text
   * with buttons on /cs (README "Zalo message shapes"), so the plain-text fallback can be tested.
   */
  refuseKinds: ZaloRequestKind[];
  /** What `GET /v3.0/oa/quota/message` reports as promotion messages left; each accepted promotion uses one. */
  promotionQuotaRemaining: number;
  /** Promotion messages per month the quota answer reports as the total. */
  promotionQuotaTotal: number;
  /**
   * How getlist misbehaves: 'repeat' answers the first page whatever the offset; 'stop' answers empty pages from
   * offset `listStopAt` on, although `total` says more. Both happen with the real API.
   */
  listQuirk: 'none' | 'repeat' | 'stop';
  listStopAt: number;
}

export interface FakeZaloOptions extends Partial<FakeZaloBehaviour> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Follower count (ids fake-user-000001…) or explicit ids; default 0. */
  followers?: number | string[];
  /** Users who interacted with the OA without following it: getlist shows them unless `is_follower` is asked. */
  nonFollowers?: string[];
  appId?: string;
  appSecret?: string;
  /** The OA id the permission page hands back (default fake-oa). */
  oaId?: string;
  /** The pair the store starts with (default fake-access-0 / fake-refresh-0). */
  accessToken?: string;
  refreshToken?: string;
  /** `expires_in` handed out on refresh (default 90000 s, about 25 h). */
  expiresInSec?: number;
  graphUsers?: Record<string, FakeGraphUser>;
  /** Source of randomness for `errorRate` (tests pass a fixed one). */
  random?: () => number;
  /** Milliseconds clock for the rate-limit window (tests pass a fixed one). */
  now?: () => number;
}

/** A message the fake accepted. */
export interface FakeSentMessage {
  kind: 'cs' | 'transaction' | 'promotion';
  /** Which accepted shape it was (zalo.message-schemas.ts). */
  requestKind: ZaloRequestKind;
  userId: string;
  message: Record<string, unknown>;
  messageId: string;
  at: number;
}

export interface FakeZaloStats {
  requests: number;
  byPath: Record<string, number>;
  messagesAccepted: number;
  /** Sends refused: bad token, bad body, not a follower. */
  messagesRejected: number;
  injectedErrors: number;
  rateLimited: number;
  refreshes: number;
  refreshesRejected: number;
  uploads: number;
}

/** An answer before it is written: status, JSON body, or a redirect. */
export type Answer = { status: number; body: unknown; location?: string };

export const ok = (data: unknown) => ({ error: 0, message: 'Success', data });
export const fail = (error: number, message: string) => ({ error, message });

export function emptyStats(): FakeZaloStats {
  return {
    requests: 0,
    byPath: {},
    messagesAccepted: 0,
    messagesRejected: 0,
    injectedErrors: 0,
    rateLimited: 0,
    refreshes: 0,
    refreshesRejected: 0,
    uploads: 0,
  };
}

/** Everything the fake remembers while it runs; the API families in fake-zalo.*.ts read and change it. */
export class FakeZaloState {
  readonly behaviour: FakeZaloBehaviour;
  readonly sent: FakeSentMessage[] = [];
  readonly stats = emptyStats();
  readonly tags = new Map<string, Set<string>>();
  readonly validAccessTokens = new Set<string>();
  accessToken: string;
  refreshToken: string;
  readonly followers: string[];
  readonly followerSet: Set<string>;
  /** Everyone who interacted, followers and not, in the order getlist answers without `is_follower`. */
  readonly interacted: string[];
  readonly usedPhoneCodes = new Set<string>();
  generation = 0;
  codeSeq = 0;
  readonly authCodes = new Map<string, { challenge: string; appId: string }>();
  nextMessageId = 1;
  windowSecond = 0;
  windowCount = 0;

  constructor(readonly opts: FakeZaloOptions) {
    this.behaviour = {
      latencyMs: opts.latencyMs ?? 0,
      errorRate: opts.errorRate ?? 0,
      errorCode: opts.errorCode,
      rateLimitPerSecond: opts.rateLimitPerSecond ?? 0,
      failNext: opts.failNext ?? 0,
      acceptAnyAccessToken: opts.acceptAnyAccessToken ?? false,
      followersOnly: opts.followersOnly ?? false,
      refuseKinds: opts.refuseKinds ?? [],
      promotionQuotaRemaining: opts.promotionQuotaRemaining ?? 1_000_000,
      promotionQuotaTotal: opts.promotionQuotaTotal ?? opts.promotionQuotaRemaining ?? 1_000_000,
      listQuirk: opts.listQuirk ?? 'none',
      listStopAt: opts.listStopAt ?? 0,
    };
    this.accessToken = opts.accessToken ?? 'fake-access-0';
    this.refreshToken = opts.refreshToken ?? 'fake-refresh-0';
    this.validAccessTokens.add(this.accessToken);
    const f = opts.followers ?? 0;
    this.followers =
      typeof f === 'number'
        ? Array.from({ length: f }, (_, i) => `fake-user-${String(i + 1).padStart(6, '0')}`)
        : f;
    this.followerSet = new Set(this.followers);
    const others = opts.nonFollowers ?? [];
    // non-followers interleaved, as a listing by interaction would mix them
    this.interacted = [];
    for (let i = 0; i < Math.max(this.followers.length, others.length); i++) {
      if (i < others.length) this.interacted.push(others[i]!);
      if (i < this.followers.length) this.interacted.push(this.followers[i]!);
    }
  }

  reset(): void {
    this.sent.length = 0;
    Object.assign(this.stats, emptyStats());
  }
}

export function checkAccessToken(s: FakeZaloState, req: IncomingMessage): Answer | undefined {
  const token = header(req, 'access_token');
  if (!token) return { status: 200, body: fail(-216, 'Access token is missing') };
  if (s.behaviour.acceptAnyAccessToken || s.validAccessTokens.has(token)) return undefined;
  return { status: 200, body: fail(-216, 'Access token is invalid') };
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
