// The fake's message API v3: sends (shape-checked by zalo.message-schemas.ts), injected failures, quota, uploads.
import type { IncomingMessage } from 'node:http';
import { classifyRequest } from './zalo.message-schemas.ts';
import {
  checkAccessToken,
  fail,
  ok,
  parseJson,
  type Answer,
  type FakeSentMessage,
  type FakeZaloState,
} from './fake-zalo.state.ts';

export function sendMessage(
  s: FakeZaloState,
  kind: FakeSentMessage['kind'],
  req: IncomingMessage,
  raw: Buffer,
): Answer {
  const refused = (a: Answer) => {
    s.stats.messagesRejected++;
    return a;
  };
  const auth = checkAccessToken(s, req);
  if (auth) return refused(auth);
  const injected = injectedFailure(s);
  if (injected) return injected;
  const body = parseJson(raw);
  const shape = classifyRequest(kind, body);
  if (!shape.ok) return refused({ status: 200, body: fail(-201, `Invalid parameters: ${shape.problem}`) });
  if (s.behaviour.refuseKinds.includes(shape.kind))
    return refused({ status: 200, body: fail(-201, `Invalid parameters: ${shape.kind} not supported`) });
  const { recipient, message } = body as {
    recipient: { user_id: string };
    message: Record<string, unknown>;
  };
  if (s.behaviour.followersOnly && !s.followerSet.has(recipient.user_id)) {
    return refused({ status: 200, body: fail(-213, 'User has not followed the OA') });
  }
  if (kind === 'promotion') {
    if (s.behaviour.promotionQuotaRemaining <= 0)
      return refused({ status: 200, body: fail(-211, 'Out of quota for promotion messages') });
    s.behaviour.promotionQuotaRemaining--;
  }
  const messageId = `fake-msg-${s.nextMessageId++}`;
  s.sent.push({
    kind,
    requestKind: shape.kind,
    userId: recipient.user_id,
    message,
    messageId,
    at: Date.now(),
  });
  s.stats.messagesAccepted++;
  return { status: 200, body: ok({ message_id: messageId, user_id: recipient.user_id }) };
}

/** Rate limit first (what Zalo checks before anything else), then scripted and random failures. */
export function injectedFailure(s: FakeZaloState): Answer | undefined {
  const b = s.behaviour;
  if (b.rateLimitPerSecond > 0) {
    const second = Math.floor((s.opts.now ?? Date.now)() / 1000);
    if (second !== s.windowSecond) [s.windowSecond, s.windowCount] = [second, 0];
    if (++s.windowCount > b.rateLimitPerSecond) {
      s.stats.rateLimited++;
      return { status: 200, body: fail(-32, 'Request exceeded rate limit') };
    }
  }
  const random = s.opts.random ?? Math.random;
  const scripted = b.failNext > 0;
  if (!scripted && !(b.errorRate > 0 && random() < b.errorRate)) return undefined;
  if (scripted) b.failNext--;
  s.stats.injectedErrors++;
  if (b.errorCode === undefined) return { status: 503, body: undefined };
  return { status: 200, body: fail(b.errorCode, 'Injected error') };
}

/**
 * The OA's message quota, asked as `{quota_owner, product_type, quota_type}` (README "Promotion quota"); the
 * answer carries `total` and `remain` for that product. Only the promotion product is modelled.
 */
export function quota(s: FakeZaloState, raw: Buffer): Answer {
  const q = parseJson(raw) as { product_type?: unknown } | undefined;
  if (q?.product_type !== 'promotion')
    return { status: 200, body: fail(-201, 'Invalid parameters: product_type') };
  const b = s.behaviour;
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

export function upload(s: FakeZaloState, req: IncomingMessage, raw: Buffer): Answer {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data') || !raw.includes('name="file"')) {
    return { status: 200, body: fail(-201, 'Invalid parameters: multipart field "file" required') };
  }
  s.stats.uploads++;
  return { status: 200, body: ok({ attachment_id: `fake-att-${s.stats.uploads}` }) };
}
