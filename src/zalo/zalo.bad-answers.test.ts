import fc from 'fast-check';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { readPromotionQuota, ZaloClient } from './zalo.client.ts';
import { FixedAccessTokens } from './token.service.ts';
import { ZaloApiError, type MessageKind, type OutboundMessage } from './zalo.port.ts';

/** Every message kind against every bad answer Zalo can give: a typed outcome, and no resend that could duplicate. */
const API = 'http://zalo-bad.test';
const button = { title: 'Mở', type: 'oa.open.url' as const, payload: 'https://x.test' };
const kinds: [string, MessageKind, OutboundMessage][] = [
  ['text', 'cs', { type: 'text', text: 'x' }],
  ['text with buttons', 'cs', { type: 'text', text: 'x', buttons: [button] }],
  ['image', 'cs', { type: 'image', imageUrl: 'https://x.test/a.png' }],
  ['gif', 'cs', { type: 'image', mediaType: 'gif', attachmentId: 'g', width: 120, height: 120 }],
  ['list', 'cs', { type: 'list', elements: [{ title: 'x' }] }],
  ['file', 'cs', { type: 'file', token: 't' }],
  [
    'request_user_info',
    'cs',
    { type: 'request_user_info', title: 'a', subtitle: 'b', imageUrl: 'https://x.test/c.png' },
  ],
  [
    'promotion',
    'promotion',
    { type: 'promotion', elements: [{ type: 'header', content: 'h' }], buttons: [button] },
  ],
  [
    'transaction',
    'transaction',
    { type: 'transaction', templateType: 'transaction_event', elements: [{ type: 'header', content: 'h' }] },
  ],
];

function client() {
  return new ZaloClient({
    config: { ZALO_API_BASE: API, ZALO_HTTP_TIMEOUT_MS: 2_000 },
    tokens: new FixedAccessTokens('tok-0', (n) => `tok-${n}`),
    logger: createLogger('silent'),
    sleep: async () => undefined,
  });
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

/** Answers the given bodies in turn and counts requests. */
function answers(kind: MessageKind, ...bodies: [number, unknown][]) {
  const seen = { requests: 0 };
  const scope = nock(API);
  for (const [status, body] of bodies)
    scope.post(`/v3.0/oa/message/${kind}`).reply(() => (seen.requests++, [status, body as nock.Body]));
  return seen;
}

const ok = { error: 0, message: 'Success', data: { message_id: 'm-1' } };
const zaloError = (error: number) => ({ error, message: 'refused' });

describe.each(kinds)('%s', (_name, kind, message) => {
  it.each([
    [-201, 'bad_params'],
    [-230, 'window'],
    [-211, 'quota'],
  ] as const)('%i is final (%s), sent once', async (code, category) => {
    const seen = answers(kind, [200, zaloError(code)]);
    const err = await client()
      .send(kind, 'u', message)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ zaloCode: code, category, retryable: false });
    expect(seen.requests).toBe(1);
  });

  it('-216 refreshes the token once and sends again; -32 backs off and sends again', async () => {
    const seen = answers(kind, [200, zaloError(-216)], [200, zaloError(-32)], [200, ok]);
    expect(await client().send(kind, 'u', message)).toEqual({ messageId: 'm-1' });
    expect(seen.requests).toBe(3);
  });

  it('garbage with HTTP 200 is an error that is not retried (the message may have been taken)', async () => {
    const seen = answers(kind, [200, '<html>oops</html>']);
    const err = await client()
      .send(kind, 'u', message)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ zaloCode: 0, retryable: false });
    expect(seen.requests).toBe(1);
    const seen2 = answers(kind, [200, { error: 0, data: { nothing: true } }]);
    await expect(client().send(kind, 'u', message)).rejects.toThrow();
    expect(seen2.requests).toBe(1);
  });
});

describe(readPromotionQuota.name, () => {
  it('reads remain/total at the top, under promotion, or in the first asset', () => {
    expect(readPromotionQuota({ remain: 120, total: 500 })).toEqual({ remaining: 120, total: 500 });
    expect(readPromotionQuota({ promotion: { remain: '7' } })).toEqual({ remaining: 7 });
    expect(readPromotionQuota([{ remain: 3, total: 10 }])).toEqual({ remaining: 3, total: 10 });
    expect(readPromotionQuota({ remain: -1 })).toBeUndefined();
    expect(readPromotionQuota('garbage')).toBeUndefined();
    expect(readPromotionQuota(undefined)).toBeUndefined();
  });

  it('never throws on any JSON and never reports a negative or fractional count', () => {
    const count = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null));
    const quota = fc.record({ remain: count, total: count }, { requiredKeys: [] });
    const quotaLikeAnswer = fc.oneof(fc.jsonValue(), quota, fc.array(quota), fc.record({ promotion: quota }));
    let seenQuotas = 0;
    fc.assert(
      fc.property(quotaLikeAnswer, (v) => {
        const q = readPromotionQuota(v);
        expect(q === undefined || (Number.isInteger(q.remaining) && q.remaining >= 0)).toBe(true);
        seenQuotas += q ? 1 : 0;
      }),
    );
    expect(seenQuotas).toBeGreaterThan(0); // the arbitrary does reach the quota branch
  });
});
