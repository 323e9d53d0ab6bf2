import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { ZaloClient, type RetryPolicy } from './zalo.client.ts';
import { ZaloMessageInvalidError } from './zalo.messages.ts';
import { ZaloApiError, ZaloNetworkError, type ZaloErrorCategory } from './zalo.port.ts';
import { FixedAccessTokens } from './token.service.ts';

const API = 'http://zalo-api.test';
const ok = (data: unknown) => ({ error: 0, message: 'Success', data });

let tokens: FixedAccessTokens;
let sleeps: number[];

function client(opts: { timeoutMs?: number; retry?: Partial<RetryPolicy> } = {}) {
  return new ZaloClient({
    config: { ZALO_API_BASE: API, ZALO_HTTP_TIMEOUT_MS: opts.timeoutMs ?? 2_000 },
    tokens,
    logger: createLogger('silent'),
    retry: opts.retry,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  tokens = new FixedAccessTokens('tok-0', (n) => `tok-${n}`);
  sleeps = [];
});
afterEach(() => {
  nock.cleanAll();
  nock.disableNetConnect();
});

/** Intercepts one message send and hands back the body and headers it carried. */
function expectSend(kind = 'cs', reply: object = ok({ message_id: 'm-1', user_id: 'u-1' })) {
  const seen: { body?: Record<string, unknown>; token?: string } = {};
  nock(API)
    .post(`/v3.0/oa/message/${kind}`, (body) => ((seen.body = body), true))
    .reply(function () {
      seen.token = this.req.headers['access_token'] as string;
      return [200, reply];
    });
  return seen;
}

describe(ZaloClient.name, () => {
  describe('message bodies', () => {
    it('sends a plain text as a consultation message with the token header', async () => {
      const seen = expectSend('cs');
      const result = await client().send('cs', 'u-1', { type: 'text', text: 'Xin chào 👋' });
      expect(result).toEqual({ messageId: 'm-1' });
      expect(seen.token).toBe('tok-0');
      expect(seen.body).toEqual({ recipient: { user_id: 'u-1' }, message: { text: 'Xin chào 👋' } });
    });

    it('posts a promotion to its own endpoint and refuses a chat kind there before any request', async () => {
      const seen = expectSend('promotion');
      await client().send('promotion', 'u-1', {
        type: 'promotion',
        elements: [{ type: 'header', content: 'Thông báo' }],
      });
      expect(seen.body?.recipient).toEqual({ user_id: 'u-1' });
      await expect(client().send('promotion', 'u-1', { type: 'text', text: 'Thông báo' })).rejects.toThrow(
        ZaloMessageInvalidError,
      );
      await expect(client().send('transaction', 'u-1', { type: 'text', text: 'x' })).rejects.toThrow(
        /cannot be sent to \/transaction/,
      );
    });

    it('sends text with buttons as a template attachment carrying only buttons (ZaloDotNetSDK shape)', async () => {
      const seen = expectSend();
      await client().send('cs', 'u-1', {
        type: 'text',
        text: 'Chọn mục',
        buttons: [
          { title: 'Cổng DVC', type: 'oa.open.url', payload: 'https://dichvucong.gov.vn' },
          { title: 'Hỏi đáp', type: 'oa.query.hide', payload: '#faq' },
          { title: 'Gọi', type: 'oa.open.phone', payload: '84900000000' },
        ],
      });
      expect(seen.body?.message).toEqual({
        text: 'Chọn mục',
        attachment: {
          type: 'template',
          payload: {
            buttons: [
              { title: 'Cổng DVC', type: 'oa.open.url', payload: { url: 'https://dichvucong.gov.vn' } },
              { title: 'Hỏi đáp', type: 'oa.query.hide', payload: '#faq' },
              { title: 'Gọi', type: 'oa.open.phone', payload: { phone_code: '84900000000' } },
            ],
          },
        },
      });
    });

    it('sends a list template with elements and buttons', async () => {
      const seen = expectSend();
      await client().send('cs', 'u-1', {
        type: 'list',
        elements: [
          {
            title: 'VNeID',
            subtitle: 'Định danh điện tử',
            imageUrl: 'https://x.test/a.png',
            url: 'https://x.test/a',
          },
          { title: 'DVC' },
        ],
        buttons: [{ title: 'Xem thêm', type: 'oa.query.show', payload: 'thêm' }],
      });
      expect(seen.body?.message).toEqual({
        attachment: {
          type: 'template',
          payload: {
            template_type: 'list',
            elements: [
              {
                title: 'VNeID',
                subtitle: 'Định danh điện tử',
                image_url: 'https://x.test/a.png',
                default_action: { type: 'oa.open.url', url: 'https://x.test/a' },
              },
              { title: 'DVC' },
            ],
            buttons: [{ title: 'Xem thêm', type: 'oa.query.show', payload: 'thêm' }],
          },
        },
      });
    });

    it('sends an image by attachment id or url', async () => {
      const a = expectSend();
      await client().send('cs', 'u-1', { type: 'image', attachmentId: 'att-1', text: 'Ảnh' });
      expect(a.body?.message).toEqual({
        text: 'Ảnh',
        attachment: {
          type: 'template',
          payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: 'att-1' }] },
        },
      });
      const b = expectSend();
      await client().send('cs', 'u-1', { type: 'image', imageUrl: 'https://x.test/i.jpg' });
      expect(b.body?.message).toEqual({
        attachment: {
          type: 'template',
          payload: {
            template_type: 'media',
            elements: [{ media_type: 'image', url: 'https://x.test/i.jpg' }],
          },
        },
      });
    });

    it('rejects a text over 2000 characters before any request', async () => {
      // disableNetConnect: a request without an interceptor would fail with a network error instead.
      const err = await client()
        .send('cs', 'u-1', { type: 'text', text: 'a'.repeat(2001) })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ZaloMessageInvalidError);
      expect(err.message).toContain('2001');
      expect(err.retryable).toBe(false);
    });

    it('rejects an empty recipient, an empty list and an image without source', async () => {
      const c = client();
      await expect(c.send('cs', ' ', { type: 'text', text: 'x' })).rejects.toBeInstanceOf(
        ZaloMessageInvalidError,
      );
      await expect(c.send('cs', 'u', { type: 'list', elements: [] })).rejects.toBeInstanceOf(
        ZaloMessageInvalidError,
      );
      await expect(c.send('cs', 'u', { type: 'image' })).rejects.toBeInstanceOf(ZaloMessageInvalidError);
    });
  });

  describe('error categories', () => {
    const cases: [number, ZaloErrorCategory][] = [
      [-230, 'window'],
      [-232, 'window'],
      [-305, 'window'],
      [-211, 'quota'],
      [-218, 'quota'],
      [-311, 'quota'],
      [-213, 'not_follower'],
      [-217, 'restricted'],
      [-244, 'restricted'],
      [-234, 'night'],
      [-201, 'bad_params'],
      [-210, 'bad_params'],
    ];
    it.each(cases)('maps %i to %s with endpoint and description, sent once', async (code, category) => {
      const scope = nock(API)
        .post('/v3.0/oa/message/cs')
        .times(2)
        .reply(200, { error: code, message: `refused ${code}` });
      const err = await client()
        .send('cs', 'u-1', { type: 'text', text: 'x' })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ZaloApiError);
      expect(err).toMatchObject({
        category,
        zaloCode: code,
        endpoint: '/v3.0/oa/message/cs',
        description: `refused ${code}`,
        retryable: false,
      });
      expect(scope.pendingMocks()).toHaveLength(1); // the second reply was never asked for
      expect(sleeps).toEqual([]);
    });

    it('forces one token refresh on -216 and retries once with the new token', async () => {
      const headers: string[] = [];
      nock(API)
        .post('/v3.0/oa/message/cs')
        .reply(function () {
          headers.push(this.req.headers['access_token'] as string);
          return [200, { error: -216, message: 'Access token is invalid' }];
        })
        .post('/v3.0/oa/message/cs')
        .reply(function () {
          headers.push(this.req.headers['access_token'] as string);
          return [200, ok({ message_id: 'm-2' })];
        });
      const result = await client().send('cs', 'u-1', { type: 'text', text: 'x' });
      expect(result.messageId).toBe('m-2');
      expect(headers).toEqual(['tok-0', 'tok-1']);
      expect(tokens.refreshes).toBe(1);
    });

    it('gives up after one refresh when the new token is refused too (-220)', async () => {
      const scope = nock(API)
        .post('/v3.0/oa/message/cs')
        .times(3)
        .reply(200, { error: -220, message: 'expired' });
      const err = await client()
        .send('cs', 'u-1', { type: 'text', text: 'x' })
        .catch((e) => e);
      expect(err).toMatchObject({ category: 'token', zaloCode: -220 });
      expect(tokens.refreshes).toBe(1);
      expect(scope.pendingMocks()).toHaveLength(1);
    });

    it('retries -32 with exponential backoff and jitter, then gives up after the bounded attempts', async () => {
      const scope = nock(API)
        .post('/v3.0/oa/message/cs')
        .times(5)
        .reply(200, { error: -32, message: 'rate' });
      const err = await client({ retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 } })
        .send('cs', 'u-1', { type: 'text', text: 'x' })
        .catch((e) => e);
      expect(err).toMatchObject({ category: 'rate_limited', retryable: true });
      // random() = 0.5 of min(max, base·2^(n-1)): 50, 100, 150 (capped at 300).
      expect(sleeps).toEqual([50, 100, 150]);
      expect(scope.pendingMocks()).toHaveLength(1);
    });

    it('retries a 5xx and succeeds', async () => {
      nock(API)
        .post('/v3.0/oa/message/cs')
        .reply(502, '<html>Bad Gateway</html>')
        .post('/v3.0/oa/message/cs')
        .reply(200, ok({ message_id: 'm-3' }));
      const result = await client().send('cs', 'u-1', { type: 'text', text: 'x' });
      expect(result.messageId).toBe('m-3');
      expect(sleeps).toHaveLength(1);
    });

    it('reports a 5xx that persists as a retryable ZaloApiError with the HTTP status', async () => {
      nock(API).get('/v3.0/oa/user/getlist').query(true).times(2).reply(503, 'down');
      const err = await client({ retry: { attempts: 2 } })
        .getFollowers({ offset: 0 })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ZaloApiError);
      expect(err).toMatchObject({ httpStatus: 503, retryable: true, endpoint: '/v3.0/oa/user/getlist' });
    });

    // nock 14's replyWithError leaves axios waiting for its timeout, so real sockets on loopback stand in here.
    it('retries a refused connection (never reached Zalo), even for a message, within the bounded attempts', async () => {
      nock.enableNetConnect('127.0.0.1');
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      const c = new ZaloClient({
        config: { ZALO_API_BASE: `http://127.0.0.1:${port}`, ZALO_HTTP_TIMEOUT_MS: 2_000 },
        tokens,
        logger: createLogger('silent'),
        retry: { attempts: 3 },
        sleep: async (ms) => void sleeps.push(ms),
      });
      const err = await c.send('cs', 'u-1', { type: 'text', text: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(ZaloNetworkError);
      expect(err).toMatchObject({ reason: 'ECONNREFUSED', maybeDelivered: false, retryable: true });
      expect(sleeps).toHaveLength(2);
    });

    it('does not resend a message after a reset (it may have been delivered) but retries a read', async () => {
      nock.enableNetConnect('127.0.0.1');
      let requests = 0;
      const resetting = createServer((req) => (requests++, req.socket.destroy()));
      await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', () => r()));
      const c = new ZaloClient({
        config: {
          ZALO_API_BASE: `http://127.0.0.1:${(resetting.address() as AddressInfo).port}`,
          ZALO_HTTP_TIMEOUT_MS: 2_000,
        },
        tokens,
        logger: createLogger('silent'),
        retry: { attempts: 3 },
        sleep: async (ms) => void sleeps.push(ms),
      });
      try {
        const err = await c.send('cs', 'u-1', { type: 'text', text: 'x' }).catch((e) => e);
        expect(err).toBeInstanceOf(ZaloNetworkError);
        expect(err).toMatchObject({ reason: 'ECONNRESET', maybeDelivered: true, retryable: true });
        expect(requests).toBe(1);
        await expect(c.getFollowers({ offset: 0 })).rejects.toBeInstanceOf(ZaloNetworkError);
        expect(requests).toBe(4);
      } finally {
        await new Promise((r) => resetting.close(r));
      }
    });

    it('times out a slow answer as a network error; reads are retried', async () => {
      nock(API)
        .get('/v3.0/oa/user/getlist')
        .query(true)
        .delay(3_000)
        .reply(200, ok({ total: 0, users: [] }))
        .get('/v3.0/oa/user/getlist')
        .query(true)
        .times(3) // a loaded machine may need more than one quick try
        .reply(200, ok({ total: 1, offset: 0, users: [{ user_id: 'u-9' }] }));
      const page = await client({ timeoutMs: 400 }).getFollowers({ offset: 0 });
      expect(page.userIds).toEqual(['u-9']);
      expect(sleeps.length).toBeGreaterThanOrEqual(1);
    });

    it('times out a slow message send without resending it', async () => {
      nock(API)
        .post('/v3.0/oa/message/cs')
        .delay(3_000)
        .reply(200, ok({ message_id: 'late' }));
      const started = Date.now();
      const err = await client({ timeoutMs: 400 })
        .send('cs', 'u-1', { type: 'text', text: 'x' })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ZaloNetworkError);
      expect(err).toMatchObject({ reason: 'timeout', maybeDelivered: true });
      expect(Date.now() - started).toBeLessThan(2_500);
    });

    it('treats an HTTP 200 without a Zalo envelope as a non-retryable API error', async () => {
      nock(API).post('/v3.0/oa/message/cs').reply(200, 'not json');
      const err = await client()
        .send('cs', 'u-1', { type: 'text', text: 'x' })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ZaloApiError);
      expect(err.retryable).toBe(false);
    });
  });

  describe('followers, users, tags, uploads', () => {
    it('asks for one follower page with data={offset,count,is_follower:true}, count capped at 50', async () => {
      let data: unknown;
      nock(API)
        .get('/v3.0/oa/user/getlist')
        .query((q) => ((data = JSON.parse(String(q.data))), true))
        .reply(200, ok({ total: 2, count: 2, offset: 10, users: [{ user_id: 'a' }, { user_id: 'b' }] }));
      const page = await client().getFollowers({ offset: 10, count: 500 });
      expect(data).toEqual({ offset: 10, count: 50, is_follower: true });
      expect(page).toEqual({ total: 2, offset: 10, userIds: ['a', 'b'] });
    });

    it('iterates every page until the total', async () => {
      const ids = Array.from({ length: 120 }, (_, i) => `u${i}`);
      const offsets: number[] = [];
      nock(API)
        .get('/v3.0/oa/user/getlist')
        .query(true)
        .times(3)
        .reply((uri) => {
          const q = JSON.parse(new URL(uri, API).searchParams.get('data') ?? '{}');
          offsets.push(q.offset);
          const users = ids.slice(q.offset, q.offset + q.count).map((user_id) => ({ user_id }));
          return [200, ok({ total: ids.length, count: users.length, offset: q.offset, users })];
        });
      const seen: string[] = [];
      for await (const page of client().followerPages()) seen.push(...page.userIds);
      expect(seen).toEqual(ids);
      expect(offsets).toEqual([0, 50, 100]);
    });

    it('skips a repeated page, stops when a page brings nothing new and says the listing was partial', async () => {
      const page = (offset: number) => ({
        total: 200,
        count: 2,
        offset,
        users: [{ user_id: 'a' }, { user_id: 'b' }], // Zalo answering the same page whatever the offset
      });
      nock(API)
        .get('/v3.0/oa/user/getlist')
        .query(true)
        .times(2)
        .reply((uri) => [200, ok(page(JSON.parse(new URL(uri, API).searchParams.get('data')!).offset))]);
      const listing = { complete: true };
      const seen: string[] = [];
      for await (const p of client().followerPages(50, listing)) seen.push(...p.userIds);
      expect(seen).toEqual(['a', 'b']);
      expect(listing.complete).toBe(false);
    });

    it('never asks beyond the offset ceiling of about 10,000', async () => {
      const offsets: number[] = [];
      nock(API)
        .get('/v3.0/oa/user/getlist')
        .query(true)
        .times(200)
        .reply((uri) => {
          const q = JSON.parse(new URL(uri, API).searchParams.get('data')!);
          offsets.push(q.offset);
          const users = Array.from({ length: q.count }, (_, i) => ({ user_id: `u${q.offset + i}` }));
          return [200, ok({ total: 30_000, count: users.length, offset: q.offset, users })];
        });
      const listing = { complete: true };
      let n = 0;
      for await (const p of client().followerPages(50, listing)) n += p.userIds.length;
      expect(n).toBe(10_000);
      expect(Math.max(...offsets)).toBe(9_950);
      expect(listing.complete).toBe(false);
    });

    it('stops at an empty page even when total says more', async () => {
      nock(API)
        .get('/v3.0/oa/user/getlist')
        .query(true)
        .reply(200, ok({ total: 99, users: [] }));
      const pages = [];
      for await (const page of client().followerPages()) pages.push(page);
      expect(pages).toEqual([]);
    });

    it('maps user detail', async () => {
      let data: unknown;
      nock(API)
        .get('/v3.0/oa/user/detail')
        .query((q) => ((data = JSON.parse(String(q.data))), true))
        .reply(
          200,
          ok({
            user_id: 'u-1',
            user_id_by_app: 'app-1',
            display_name: 'Nguyễn Văn A',
            avatar: 'https://x.test/a.jpg',
            user_is_follower: true,
            user_last_interaction_date: '02/06/2025',
            tags_and_notes_info: { tag_names: ['soc-trang'], notes: [] },
            shared_info: { name: 'A', phone: 84900000000 },
          }),
        );
      const user = await client().getUserDetail('u-1');
      expect(data).toEqual({ user_id: 'u-1' });
      expect(user).toEqual({
        userId: 'u-1',
        userIdByApp: 'app-1',
        displayName: 'Nguyễn Văn A',
        avatar: 'https://x.test/a.jpg',
        isFollower: true,
        lastInteractionDate: '02/06/2025',
        tagNames: ['soc-trang'],
        sharedInfo: { name: 'A', phone: '84900000000' },
      });
    });

    it('tags and untags a follower', async () => {
      const bodies: unknown[] = [];
      nock(API)
        .post('/v2.0/oa/tag/tagfollower', (b) => (bodies.push(b), true))
        .reply(200, ok({}))
        .post('/v2.0/oa/tag/rmfollowerfromtag', (b) => (bodies.push(b), true))
        .reply(200, ok({}));
      await client().tagUser('u-1', 'khmer');
      await client().untagUser('u-1', 'khmer');
      expect(bodies).toEqual([
        { user_id: 'u-1', tag_name: 'khmer' },
        { user_id: 'u-1', tag_name: 'khmer' },
      ]);
    });

    it('surfaces a tag error with its code', async () => {
      nock(API).post('/v2.0/oa/tag/tagfollower').reply(200, { error: -213, message: 'not follower' });
      await expect(client().tagUser('u-x', 't')).rejects.toMatchObject({ category: 'not_follower' });
    });

    it('uploads an image as multipart and returns the attachment id (a retry re-sends the whole file)', async () => {
      const bodies: string[] = [];
      nock(API)
        .post('/v2.0/oa/upload/image', (b) => (bodies.push(String(b)), true))
        .reply(503)
        .post('/v2.0/oa/upload/image', (b) => (bodies.push(String(b)), true))
        .reply(function () {
          expect(this.req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
          return [200, ok({ attachment_id: 'att-7' })];
        });
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
      const r = await client().uploadImage({ data: png, filename: 'banner.png', contentType: 'image/png' });
      expect(r).toEqual({ attachmentId: 'att-7' });
      expect(bodies).toHaveLength(2);
      // nock hands binary bodies over hex-encoded.
      for (const b of bodies)
        expect(Buffer.from(b, 'hex').toString('latin1')).toContain('name="file"; filename="banner.png"');
    });
  });
});
