import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyRequest, type ZaloRequestKind } from './zalo.message-schemas.ts';

/**
 * A small stand-in for Zalo's servers on 127.0.0.1, for benchmarks and end-to-end tests: the message API v3,
 * OAuth v4 refresh (rotating single-use refresh tokens), the OA permission page and code exchange with PKCE, follower list/detail, tags, image upload and the Graph
 * endpoints the mini-app backend calls. Point ZALO_API_BASE, ZALO_OAUTH_BASE and ZALO_GRAPH_BASE at `url`.
 */

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

export interface FakeZalo {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  port: number;
  sent: FakeSentMessage[];
  stats: FakeZaloStats;
  /** Tags per user, as set through the tag endpoints. */
  tags: Map<string, Set<string>>;
  /** The pair currently valid at the fake (what a successful refresh handed out last). */
  currentTokens(): { accessToken: string; refreshToken: string };
  /** Every access token handed out so far stops working (-216), as after expiry. */
  expireAccessTokens(): void;
  setOptions(options: Partial<FakeZaloBehaviour>): void;
  /** Forgets sent messages and counters (not tokens or tags). */
  reset(): void;
  close(): Promise<void>;
}

const ok = (data: unknown) => ({ error: 0, message: 'Success', data });
const fail = (error: number, message: string) => ({ error, message });
const MAX_BODY = 5 * 1024 * 1024;

type Answer = { status: number; body: unknown; location?: string };

export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const state = new FakeZaloState(options);
  const server = createServer((req, res) => void state.handle(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sent: state.sent,
    stats: state.stats,
    tags: state.tags,
    currentTokens: () => ({ accessToken: state.accessToken, refreshToken: state.refreshToken }),
    expireAccessTokens: () => state.validAccessTokens.clear(),
    setOptions: (o) => Object.assign(state.behaviour, o),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function emptyStats(): FakeZaloStats {
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

class FakeZaloState {
  readonly behaviour: FakeZaloBehaviour;
  readonly sent: FakeSentMessage[] = [];
  readonly stats = emptyStats();
  readonly tags = new Map<string, Set<string>>();
  readonly validAccessTokens = new Set<string>();
  accessToken: string;
  refreshToken: string;
  private readonly followers: string[];
  private readonly followerSet: Set<string>;
  /** Everyone who interacted, followers and not, in the order getlist answers without `is_follower`. */
  private readonly interacted: string[];
  private readonly usedPhoneCodes = new Set<string>();
  private generation = 0;
  private codeSeq = 0;
  private readonly authCodes = new Map<string, { challenge: string; appId: string }>();
  private nextMessageId = 1;
  private windowSecond = 0;
  private windowCount = 0;

  constructor(private readonly opts: FakeZaloOptions) {
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

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.stats.requests++;
    this.stats.byPath[url.pathname] = (this.stats.byPath[url.pathname] ?? 0) + 1;
    let answer: Answer;
    try {
      const raw = await readBody(req);
      answer = this.route(req, url, raw);
    } catch {
      answer = { status: 400, body: fail(-201, 'Invalid request body') };
    }
    if (this.behaviour.latencyMs > 0) await new Promise((r) => setTimeout(r, this.behaviour.latencyMs));
    if (answer.location) {
      res.writeHead(answer.status, { location: answer.location }).end();
      return;
    }
    if (answer.status === 503 && answer.body === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }

  private route(req: IncomingMessage, url: URL, raw: Buffer): Answer {
    const p = url.pathname;
    const m = /^\/v3\.0\/oa\/message\/(cs|transaction|promotion)$/.exec(p);
    if (m && req.method === 'POST') return this.sendMessage(m[1] as FakeSentMessage['kind'], req, raw);
    if (p === '/v4/oa/access_token' && req.method === 'POST') return this.refresh(req, raw);
    if (p === '/v4/oa/permission' && req.method === 'GET') return this.permission(url);
    if (p === '/v2.0/me' && req.method === 'GET') return this.graphMe(req);
    if (p === '/v2.0/me/info' && req.method === 'GET') return this.graphPhone(req);
    const auth = this.checkAccessToken(req);
    if (auth) return auth;
    if (p === '/v3.0/oa/user/getlist' && req.method === 'GET') return this.followerList(url);
    if (p === '/v3.0/oa/quota/message' && req.method === 'POST') return this.quota(raw);
    if (p === '/v3.0/oa/user/detail' && req.method === 'GET') return this.userDetail(url);
    if (p === '/v2.0/oa/tag/tagfollower' && req.method === 'POST') return this.tag(raw, true);
    if (p === '/v2.0/oa/tag/rmfollowerfromtag' && req.method === 'POST') return this.tag(raw, false);
    if (p === '/v2.0/oa/upload/image' && req.method === 'POST') return this.upload(req, raw);
    return { status: 404, body: fail(-404, 'Not found') };
  }

  private checkAccessToken(req: IncomingMessage): Answer | undefined {
    const token = header(req, 'access_token');
    if (!token) return { status: 200, body: fail(-216, 'Access token is missing') };
    if (this.behaviour.acceptAnyAccessToken || this.validAccessTokens.has(token)) return undefined;
    return { status: 200, body: fail(-216, 'Access token is invalid') };
  }

  private sendMessage(kind: FakeSentMessage['kind'], req: IncomingMessage, raw: Buffer): Answer {
    const refused = (a: Answer) => {
      this.stats.messagesRejected++;
      return a;
    };
    const auth = this.checkAccessToken(req);
    if (auth) return refused(auth);
    const injected = this.injectedFailure();
    if (injected) return injected;
    const body = parseJson(raw);
    const shape = classifyRequest(kind, body);
    if (!shape.ok) return refused({ status: 200, body: fail(-201, `Invalid parameters: ${shape.problem}`) });
    if (this.behaviour.refuseKinds.includes(shape.kind))
      return refused({ status: 200, body: fail(-201, `Invalid parameters: ${shape.kind} not supported`) });
    const { recipient, message } = body as {
      recipient: { user_id: string };
      message: Record<string, unknown>;
    };
    if (this.behaviour.followersOnly && !this.followerSet.has(recipient.user_id)) {
      return refused({ status: 200, body: fail(-213, 'User has not followed the OA') });
    }
    if (kind === 'promotion') {
      if (this.behaviour.promotionQuotaRemaining <= 0)
        return refused({ status: 200, body: fail(-211, 'Out of quota for promotion messages') });
      this.behaviour.promotionQuotaRemaining--;
    }
    const messageId = `fake-msg-${this.nextMessageId++}`;
    this.sent.push({
      kind,
      requestKind: shape.kind,
      userId: recipient.user_id,
      message,
      messageId,
      at: Date.now(),
    });
    this.stats.messagesAccepted++;
    return { status: 200, body: ok({ message_id: messageId, user_id: recipient.user_id }) };
  }

  /** Rate limit first (what Zalo checks before anything else), then scripted and random failures. */
  private injectedFailure(): Answer | undefined {
    const b = this.behaviour;
    if (b.rateLimitPerSecond > 0) {
      const second = Math.floor((this.opts.now ?? Date.now)() / 1000);
      if (second !== this.windowSecond) [this.windowSecond, this.windowCount] = [second, 0];
      if (++this.windowCount > b.rateLimitPerSecond) {
        this.stats.rateLimited++;
        return { status: 200, body: fail(-32, 'Request exceeded rate limit') };
      }
    }
    const random = this.opts.random ?? Math.random;
    const scripted = b.failNext > 0;
    if (!scripted && !(b.errorRate > 0 && random() < b.errorRate)) return undefined;
    if (scripted) b.failNext--;
    this.stats.injectedErrors++;
    if (b.errorCode === undefined) return { status: 503, body: undefined };
    return { status: 200, body: fail(b.errorCode, 'Injected error') };
  }

  /**
   * The OA permission page as if the admin agreed at once: a 302 to `redirect_uri` with a single-use `code`, the
   * `oa_id` and the `state`, remembering the PKCE challenge the code must be redeemed with.
   */
  private permission(url: URL): Answer {
    const q = url.searchParams;
    const redirect = q.get('redirect_uri');
    const challenge = q.get('code_challenge');
    if (!q.get('app_id') || !redirect || !challenge || !q.get('state'))
      return { status: 400, body: fail(-201, 'app_id, redirect_uri, code_challenge and state are required') };
    const code = `fake-code-${++this.codeSeq}`;
    this.authCodes.set(code, { challenge, appId: q.get('app_id')! });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('oa_id', this.opts.oaId ?? 'fake-oa');
    back.searchParams.set('state', q.get('state')!);
    return { status: 302, body: undefined, location: back.toString() };
  }

  private refresh(req: IncomingMessage, raw: Buffer): Answer {
    const form = new URLSearchParams(raw.toString('utf8'));
    if (form.get('grant_type') === 'authorization_code') return this.exchangeCode(req, form);
    const appOk =
      form.get('app_id') === (this.opts.appId ?? form.get('app_id')) &&
      header(req, 'secret_key') === (this.opts.appSecret ?? header(req, 'secret_key')) &&
      Boolean(header(req, 'secret_key'));
    if (!appOk || form.get('grant_type') !== 'refresh_token') {
      this.stats.refreshesRejected++;
      return {
        status: 200,
        body: { error_name: 'Invalid app', error_description: 'app_id or secret_key is wrong' },
      };
    }
    if (form.get('refresh_token') !== this.refreshToken) {
      this.stats.refreshesRejected++;
      return {
        status: 200,
        body: { error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or used' },
      };
    }
    this.generation++;
    this.accessToken = `fake-access-${this.generation}`;
    this.refreshToken = `fake-refresh-${this.generation}`;
    this.validAccessTokens.add(this.accessToken);
    this.stats.refreshes++;
    return {
      status: 200,
      body: {
        access_token: this.accessToken,
        refresh_token: this.refreshToken,
        expires_in: String(this.opts.expiresInSec ?? 90_000),
      },
    };
  }

  /**
   * The OA's message quota, asked as `{quota_owner, product_type, quota_type}` (README "Promotion quota"); the
   * answer carries `total` and `remain` for that product. Only the promotion product is modelled.
   */
  private quota(raw: Buffer): Answer {
    const q = parseJson(raw) as { product_type?: unknown } | undefined;
    if (q?.product_type !== 'promotion')
      return { status: 200, body: fail(-201, 'Invalid parameters: product_type') };
    const b = this.behaviour;
    return {
      status: 200,
      body: ok({
        quota_owner: 'OA',
        product_type: 'promotion',
        quota_type: 'sub_quota',
        total: b.promotionQuotaTotal,
        remain: Math.max(0, b.promotionQuotaRemaining),
      }),
    };
  }

  /** code + code_verifier (S256 of it must be the challenge the code was issued for), once. */
  private exchangeCode(req: IncomingMessage, form: URLSearchParams): Answer {
    const issued = this.authCodes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const secret = header(req, 'secret_key');
    const secretOk = Boolean(secret) && (this.opts.appSecret === undefined || secret === this.opts.appSecret);
    const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    if (!issued || !secretOk || issued.appId !== form.get('app_id') || issued.challenge !== challenge) {
      this.stats.refreshesRejected++;
      return {
        status: 200,
        body: { error_name: 'Invalid code', error_description: 'code or verifier is wrong' },
      };
    }
    this.authCodes.delete(form.get('code')!);
    this.generation++;
    this.accessToken = `fake-access-${this.generation}`;
    this.refreshToken = `fake-refresh-${this.generation}`;
    this.validAccessTokens.add(this.accessToken);
    return {
      status: 200,
      body: {
        access_token: this.accessToken,
        refresh_token: this.refreshToken,
        expires_in: String(this.opts.expiresInSec ?? 90_000),
      },
    };
  }

  /** getlist: everyone who interacted, or only followers when `is_follower: true` is in `data`. */
  private followerList(url: URL): Answer {
    const q = parseJson(Buffer.from(url.searchParams.get('data') ?? '{}')) as {
      offset?: unknown;
      count?: unknown;
      is_follower?: unknown;
    };
    const offset = Number(q?.offset ?? 0);
    const count = Number(q?.count ?? 0);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 50) {
      return { status: 200, body: fail(-201, 'Invalid parameters: offset/count') };
    }
    const list = q?.is_follower === true || q?.is_follower === 'true' ? this.followers : this.interacted;
    const b = this.behaviour;
    const from = b.listQuirk === 'repeat' ? 0 : offset;
    const stopped = b.listQuirk === 'stop' && offset >= b.listStopAt;
    const users = stopped ? [] : list.slice(from, from + count).map((user_id) => ({ user_id }));
    return { status: 200, body: ok({ total: list.length, count: users.length, offset, users }) };
  }

  private userDetail(url: URL): Answer {
    const q = parseJson(Buffer.from(url.searchParams.get('data') ?? '{}')) as { user_id?: unknown };
    const id = typeof q?.user_id === 'string' ? q.user_id : '';
    const follows = this.followerSet.has(id);
    if (!follows && !this.interacted.includes(id))
      return { status: 200, body: fail(-213, 'User has not followed the OA') };
    const n = this.interacted.indexOf(id) + 1;
    return {
      status: 200,
      body: ok({
        user_id: id,
        user_id_by_app: `app-${id}`,
        display_name: `Người dùng ${follows ? this.followers.indexOf(id) + 1 : n}`,
        avatar: `https://example.invalid/avatar/${n}.jpg`,
        user_is_follower: follows,
        user_last_interaction_date: '02/06/2025',
        tags_and_notes_info: { tag_names: [...(this.tags.get(id) ?? [])], notes: [] },
        shared_info: null,
      }),
    };
  }

  private tag(raw: Buffer, add: boolean): Answer {
    const b = parseJson(raw) as { user_id?: unknown; tag_name?: unknown } | undefined;
    if (typeof b?.user_id !== 'string' || typeof b.tag_name !== 'string' || !b.user_id || !b.tag_name) {
      return { status: 200, body: fail(-201, 'Invalid parameters: user_id/tag_name') };
    }
    const set = this.tags.get(b.user_id) ?? new Set<string>();
    if (add) set.add(b.tag_name);
    else set.delete(b.tag_name);
    this.tags.set(b.user_id, set);
    return { status: 200, body: ok({}) };
  }

  private upload(req: IncomingMessage, raw: Buffer): Answer {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data') || !raw.includes('name="file"')) {
      return { status: 200, body: fail(-201, 'Invalid parameters: multipart field "file" required') };
    }
    this.stats.uploads++;
    return { status: 200, body: ok({ attachment_id: `fake-att-${this.stats.uploads}` }) };
  }

  private graphMe(req: IncomingMessage): Answer {
    const user = this.opts.graphUsers?.[header(req, 'access_token') ?? ''];
    if (!user) return { status: 200, body: fail(-216, 'Access token is invalid') };
    const picture = { data: { url: user.picture ?? `https://example.invalid/avatar/${user.id}.jpg` } };
    return { status: 200, body: { id: user.id, name: user.name, picture, error: 0, message: 'Success' } };
  }

  /** Phone exchange: user token + one-time code + the app's secret_key. */
  private graphPhone(req: IncomingMessage): Answer {
    const user = this.opts.graphUsers?.[header(req, 'access_token') ?? ''];
    const code = header(req, 'code');
    const secret = header(req, 'secret_key');
    if (!user) return { status: 200, body: fail(-216, 'Access token is invalid') };
    if (!secret || (this.opts.appSecret !== undefined && secret !== this.opts.appSecret)) {
      return { status: 200, body: fail(-201, 'Invalid secret_key') };
    }
    if (!code || this.usedPhoneCodes.has(code) || !user.phone) {
      return { status: 200, body: fail(-201, 'Invalid or used code') };
    }
    this.usedPhoneCodes.add(code);
    return { status: 200, body: ok({ number: user.phone }) };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
