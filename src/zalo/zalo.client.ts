import axios, { type AxiosInstance, type Method } from 'axios';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { HealthCheck } from '../http/health.routes.ts';
import { buildZaloRequest, ZaloMessageInvalidError } from './zalo.messages.ts';
import {
  ZaloApiError,
  ZaloNetworkError,
  kindsByEndpoint,
  type MessageKind,
  type OutboundMessage,
  type SendResult,
  type ZaloMessenger,
} from './zalo.port.ts';
import { ZaloTokenService, zaloHealthCheck, type AccessTokenProvider } from './token.service.ts';
import type { CoreDeps } from '../app/module.ts';

/** Bounded retries with exponential backoff and full jitter. */
export interface RetryPolicy {
  /** Total tries per call, the first included (default 4). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ZaloClientDeps {
  config: Pick<Config, 'ZALO_API_BASE' | 'ZALO_HTTP_TIMEOUT_MS'>;
  tokens: AccessTokenProvider;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Zalo answered -32: the shared send rate slows down for every sender (`send-rate.ts`). */
  onRateLimited?: () => void;
}

/** One page of the OA's followers. */
export interface FollowerPage {
  total: number;
  offset: number;
  userIds: string[];
}

/** What Zalo tells about one user. `sharedInfo` holds personal data the citizen shared: never log it. */
export interface ZaloUserDetail {
  userId: string;
  userIdByApp?: string;
  displayName: string;
  avatar?: string;
  isFollower: boolean;
  /** Zalo's own format (e.g. "dd/MM/yyyy"), passed through. */
  lastInteractionDate?: string;
  tagNames: string[];
  sharedInfo?: { name?: string; phone?: string; address?: string; city?: string; district?: string };
}

/** Zalo's page size limit for the follower list. */
export const FOLLOWER_PAGE_MAX = 50;
/** getlist's offset stops near 10,000 (issue 14; README "Followers"): beyond it we do not ask. */
export const FOLLOWER_OFFSET_MAX = 10_000;

const defaultRetry: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Network failures where the request surely never reached Zalo: safe to resend even a message. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ApiRequest {
  method: Method;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sending twice does no harm (reads, tags, uploads); a message send is not. */
  idempotent: boolean;
}

const sendDataSchema = z.looseObject({ message_id: z.coerce.string() });
const followerPageSchema = z.looseObject({
  total: z.coerce.number().int().nonnegative(),
  offset: z.coerce.number().int().nonnegative().optional(),
  users: z.array(z.looseObject({ user_id: z.coerce.string() })).default([]),
});
const userDetailSchema = z.looseObject({
  user_id: z.coerce.string(),
  user_id_by_app: z.coerce.string().optional(),
  display_name: z.string().default(''),
  avatar: z.string().optional(),
  user_is_follower: z.boolean().optional(),
  user_last_interaction_date: z.string().optional(),
  tags_and_notes_info: z.looseObject({ tag_names: z.array(z.string()).default([]) }).optional(),
  shared_info: z
    .looseObject({
      name: z.string().optional(),
      phone: z.coerce.string().optional(),
      address: z.string().optional(),
      city: z.string().optional(),
      district: z.string().optional(),
    })
    .nullish(),
});
const uploadSchema = z.looseObject({ attachment_id: z.string().min(1) });

/**
 * The typed Zalo OA API client. Every call has a timeout; failures become `ZaloApiError` (Zalo answered with an
 * error code) or `ZaloNetworkError` (no answer). Retries only what can pass (network, 5xx, -32), with backoff;
 * a token error forces one refresh and one more try.
 */
export class ZaloClient implements ZaloMessenger {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly deps: ZaloClientDeps) {
    this.http = axios.create({
      baseURL: deps.config.ZALO_API_BASE.replace(/\/$/, ''),
      timeout: deps.config.ZALO_HTTP_TIMEOUT_MS,
      validateStatus: () => true,
    });
    this.retry = { ...defaultRetry, ...deps.retry };
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = deps.random ?? Math.random;
  }

  /** Sends one message of the given family (`cs` free reply, `transaction`, `promotion`). */
  async send(kind: MessageKind, userId: string, message: OutboundMessage): Promise<SendResult> {
    if (userId.trim().length === 0) throw new ZaloMessageInvalidError('userId', 'is empty');
    if (!kindsByEndpoint[kind].includes(message.type))
      throw new ZaloMessageInvalidError('message.type', `${message.type} cannot be sent to /${kind}`);
    const body = buildZaloRequest(userId, message);
    const data = await this.call({
      method: 'POST',
      path: `/v3.0/oa/message/${kind}`,
      body,
      idempotent: false,
    });
    return { messageId: sendDataSchema.parse(data).message_id };
  }

  /**
   * Promotion messages the OA may still send (`POST /v3.0/oa/quota/message`, README "Promotion quota"), or
   * undefined when Zalo's answer carries no count we can read: the caller then plans without a cap.
   */
  async getPromotionQuota(): Promise<{ remaining: number; total?: number } | undefined> {
    const data = await this.call({
      method: 'POST',
      path: '/v3.0/oa/quota/message',
      body: { quota_owner: 'OA', product_type: 'promotion', quota_type: 'sub_quota' },
      idempotent: true,
    });
    return readPromotionQuota(data);
  }

  /**
   * One page of the OA's users (`count` ≤ 50). `GET /v3.0/oa/user/getlist` lists everyone who interacted with the
   * OA unless `is_follower: true` is asked in its `data` parameter; we always ask, so the page holds followers only.
   */
  async getFollowers(page: { offset: number; count?: number }): Promise<FollowerPage> {
    const count = Math.min(page.count ?? FOLLOWER_PAGE_MAX, FOLLOWER_PAGE_MAX);
    const data = await this.call({
      method: 'GET',
      path: '/v3.0/oa/user/getlist',
      query: { data: JSON.stringify({ offset: page.offset, count, is_follower: true }) },
      idempotent: true,
    });
    const d = followerPageSchema.parse(data);
    return { total: d.total, offset: d.offset ?? page.offset, userIds: d.users.map((u) => u.user_id) };
  }

  /**
   * Follower pages in order, each id once. Stops at Zalo's total, at an empty page, at a page that brings no new
   * id (a repeated page would loop for ever) and at the offset ceiling: Zalo's getlist stops answering beyond an
   * offset of about 10,000, so a larger OA is never listed completely (`listing.complete` says whether it was).
   */
  async *followerPages(
    pageSize = FOLLOWER_PAGE_MAX,
    listing: { complete: boolean } = { complete: false },
  ): AsyncGenerator<FollowerPage> {
    listing.complete = false;
    const seen = new Set<string>();
    let offset = 0;
    while (offset < FOLLOWER_OFFSET_MAX) {
      const page = await this.getFollowers({ offset, count: pageSize });
      const fresh = page.userIds.filter((id) => !seen.has(id));
      if (fresh.length === 0) {
        listing.complete = page.userIds.length === 0 && offset >= page.total;
        return;
      }
      for (const id of fresh) seen.add(id);
      yield { ...page, userIds: fresh };
      offset += page.userIds.length;
      if (offset >= page.total) {
        listing.complete = true;
        return;
      }
    }
  }

  async getUserDetail(userId: string): Promise<ZaloUserDetail> {
    const data = await this.call({
      method: 'GET',
      path: '/v3.0/oa/user/detail',
      query: { data: JSON.stringify({ user_id: userId }) },
      idempotent: true,
    });
    const d = userDetailSchema.parse(data);
    return {
      userId: d.user_id,
      ...(d.user_id_by_app ? { userIdByApp: d.user_id_by_app } : {}),
      displayName: d.display_name,
      ...(d.avatar ? { avatar: d.avatar } : {}),
      isFollower: d.user_is_follower ?? true,
      ...(d.user_last_interaction_date ? { lastInteractionDate: d.user_last_interaction_date } : {}),
      tagNames: d.tags_and_notes_info?.tag_names ?? [],
      ...(d.shared_info ? { sharedInfo: d.shared_info } : {}),
    };
  }

  async tagUser(userId: string, tagName: string): Promise<void> {
    const body = { user_id: userId, tag_name: tagName };
    await this.call({ method: 'POST', path: '/v2.0/oa/tag/tagfollower', body, idempotent: true });
  }

  async untagUser(userId: string, tagName: string): Promise<void> {
    const body = { user_id: userId, tag_name: tagName };
    await this.call({ method: 'POST', path: '/v2.0/oa/tag/rmfollowerfromtag', body, idempotent: true });
  }

  /** Uploads a JPG/PNG and returns the attachment id to use in an image message. */
  async uploadImage(file: {
    data: Uint8Array;
    filename: string;
    contentType: string;
  }): Promise<{ attachmentId: string }> {
    // A fresh FormData per try: a body stream cannot be sent twice.
    const data = await this.call({
      method: 'POST',
      path: '/v2.0/oa/upload/image',
      body: () => {
        const form = new FormData();
        form.append('file', new Blob([file.data], { type: file.contentType }), file.filename);
        return form;
      },
      idempotent: true,
    });
    return { attachmentId: uploadSchema.parse(data).attachment_id };
  }

  /** Runs one API call with the token, refresh-on-token-error and retry rules; returns Zalo's `data`. */
  private async call(req: ApiRequest): Promise<unknown> {
    let token = await this.deps.tokens.getAccessToken();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(req, token);
      } catch (err) {
        if (err instanceof ZaloApiError && err.category === 'rate_limited') this.deps.onRateLimited?.();
        if (err instanceof ZaloApiError && err.category === 'token' && !refreshed) {
          refreshed = true;
          token = await this.deps.tokens.refreshAfterRejection(token);
          attempt--; // the forced refresh is not one of the backoff attempts
          continue;
        }
        if (attempt >= this.retry.attempts || !this.canRetry(err, req)) throw err;
        const delay = this.backoff(attempt);
        this.deps.logger.warn(
          { endpoint: req.path, attempt, delayMs: delay, err: describe(err) },
          'zalo call retried',
        );
        await this.sleep(delay);
      }
    }
  }

  private canRetry(err: unknown, req: ApiRequest): boolean {
    if (err instanceof ZaloNetworkError) return req.idempotent || !err.maybeDelivered;
    if (err instanceof ZaloApiError) {
      return err.category === 'rate_limited' || (err.httpStatus !== undefined && err.httpStatus >= 500);
    }
    return false;
  }

  /** Exponential backoff with full jitter: a random wait in [0, min(max, base·2^(n-1))]. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * cap);
  }

  private async once(req: ApiRequest, token: string): Promise<unknown> {
    const timeout = this.deps.config.ZALO_HTTP_TIMEOUT_MS;
    let res;
    try {
      res = await this.http.request({
        method: req.method,
        url: req.path,
        params: req.query,
        data: typeof req.body === 'function' ? (req.body as () => unknown)() : req.body,
        headers: { access_token: token },
        // axios's timeout watches the socket; the signal caps the whole exchange.
        signal: AbortSignal.timeout(timeout + 50),
      });
    } catch (err) {
      throw toNetworkError(req.path, err);
    }
    return unwrap(req.path, res.status, res.data);
  }
}

const quotaCount = z.coerce.number().int().nonnegative();
const quotaShape = z.looseObject({ remain: quotaCount, total: quotaCount.optional() });

/** Reads `{remain, total}` at the top of `data`, under `data.promotion`, or in the first asset of a list. */
export function readPromotionQuota(data: unknown): { remaining: number; total?: number } | undefined {
  const d = data as Record<string, unknown> | unknown[] | undefined;
  const candidates = [d, Array.isArray(d) ? d[0] : (d as Record<string, unknown> | undefined)?.promotion];
  for (const c of candidates) {
    const r = quotaShape.safeParse(c);
    if (r.success)
      return { remaining: r.data.remain, ...(r.data.total !== undefined ? { total: r.data.total } : {}) };
  }
  return undefined;
}

function toNetworkError(endpoint: string, err: unknown): ZaloNetworkError {
  const code = (err as { code?: string }).code ?? '';
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED';
  const reason = timedOut ? 'timeout' : code || (err instanceof Error ? err.message : 'unknown');
  return new ZaloNetworkError(endpoint, reason, !notSentCodes.has(code));
}

/** Zalo answers `{error, message, data}`: error 0 is success, anything else a typed error. */
function unwrap(endpoint: string, status: number, body: unknown): unknown {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const code = typeof b?.error === 'number' ? b.error : Number.NaN;
  if (code !== 0 && Number.isFinite(code)) {
    throw new ZaloApiError(endpoint, code, String(b?.message ?? ''), status);
  }
  if (status >= 400 || code !== 0) {
    // No Zalo error body (a proxy's 502, an HTML page): code 0 marks "no Zalo code"; the HTTP status decides retry.
    throw new ZaloApiError(endpoint, 0, `HTTP ${status} without a Zalo answer`, status);
  }
  return b?.data;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface CreateZaloClientDeps extends CoreDeps {
  onRateLimited?: () => void;
}

/** The OA channel as the app uses it: the client (a `ZaloMessenger`), its token store and its health check. */
export interface ZaloChannel {
  client: ZaloClient;
  tokens: ZaloTokenService;
  healthCheck: HealthCheck;
}

/** Builds the client and token store from config; `createApp` calls this once. */
export function createZaloClient(deps: CreateZaloClientDeps): ZaloChannel {
  const logger = deps.logger.child({ module: 'zalo' });
  const tokens = new ZaloTokenService({ db: deps.db, config: deps.config, logger, clock: deps.clock });
  const client = new ZaloClient({ config: deps.config, tokens, logger, onRateLimited: deps.onRateLimited });
  return { client, tokens, healthCheck: zaloHealthCheck(tokens) };
}
