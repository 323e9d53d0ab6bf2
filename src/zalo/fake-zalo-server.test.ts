import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { startFakeZalo, type FakeZalo, type FakeZaloOptions } from './fake-zalo-server.ts';
import { FixedAccessTokens } from './token.service.ts';
import { ZaloClient } from './zalo.client.ts';
import { ZaloApiError } from './zalo.port.ts';

let fake: FakeZalo | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeZaloOptions = {}) {
  fake = await startFakeZalo(options);
  const tokens = new FixedAccessTokens(fake.currentTokens().accessToken);
  const client = new ZaloClient({
    config: { ZALO_API_BASE: fake.url, ZALO_HTTP_TIMEOUT_MS: 2_000 },
    tokens,
    logger: createLogger('silent'),
    sleep: async () => undefined,
  });
  return { fake, client, tokens };
}

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers });
  return (await res.json()) as Record<string, unknown>;
}

async function refresh(f: FakeZalo, refreshToken: string) {
  const res = await fetch(`${f.url}/v4/oa/access_token`, {
    method: 'POST',
    headers: { secret_key: 'app-secret', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ refresh_token: refreshToken, app_id: 'app-1', grant_type: 'refresh_token' }),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('startFakeZalo', () => {
  it('accepts valid messages of every kind on their endpoint and records which shape each was', async () => {
    const { fake, client } = await start();
    const r = await client.send('cs', 'u-1', { type: 'text', text: 'Xin chào' });
    const button = { title: 'Mở', type: 'oa.open.url' as const, payload: 'https://x.test' };
    await client.send('cs', 'u-2', { type: 'text', text: 'Chọn', buttons: [button] });
    await client.send('cs', 'u-3', { type: 'list', elements: [{ title: 'Tin' }] });
    await client.send('cs', 'u-4', { type: 'image', imageUrl: 'https://x.test/a.png' });
    await client.send('cs', 'u-5', { type: 'file', token: 'file-token' });
    await client.send('cs', 'u-6', {
      type: 'request_user_info',
      title: 'UBND',
      subtitle: 'Xin thông tin liên hệ',
      imageUrl: 'https://x.test/b.png',
    });
    await client.send('promotion', 'u-7', {
      type: 'promotion',
      elements: [{ type: 'header', content: 'Tin' }],
      buttons: [button],
    });
    await client.send('transaction', 'u-8', {
      type: 'transaction',
      templateType: 'transaction_event',
      elements: [{ type: 'header', content: 'Lịch hẹn' }],
    });
    expect(r.messageId).toBe(fake.sent[0]!.messageId);
    expect(fake.sent.map((s) => [s.kind, s.requestKind, s.userId])).toEqual([
      ['cs', 'text', 'u-1'],
      ['cs', 'buttons', 'u-2'],
      ['cs', 'list', 'u-3'],
      ['cs', 'media', 'u-4'],
      ['cs', 'file', 'u-5'],
      ['cs', 'request_user_info', 'u-6'],
      ['promotion', 'promotion', 'u-7'],
      ['transaction', 'transaction', 'u-8'],
    ]);
    expect(fake.sent[0]!.message).toEqual({ text: 'Xin chào' });
    expect(fake.stats.messagesAccepted).toBe(8);
  });

  it('refuses with -201 a shape no SDK builds, and a valid shape sent to the wrong endpoint', async () => {
    const { fake } = await start();
    const token = fake.currentTokens().accessToken;
    const buttons = [{ title: 'Mở', type: 'oa.query.hide', payload: '#menu' }];
    const oldButtonTemplate = {
      recipient: { user_id: 'u' },
      message: {
        text: 'Chọn',
        attachment: { type: 'template', payload: { template_type: 'button', buttons } },
      },
    };
    const cs = `${fake.url}/v3.0/oa/message/cs`;
    const refused = await post(cs, oldButtonTemplate, { access_token: token });
    expect(refused).toMatchObject({ error: -201 });
    expect(String(refused.message)).toMatch(/Invalid parameters/);
    const listAsPromotion = {
      recipient: { user_id: 'u' },
      message: {
        attachment: { type: 'template', payload: { template_type: 'list', elements: [{ title: 'Tin' }] } },
      },
    };
    expect(
      await post(`${fake.url}/v3.0/oa/message/promotion`, listAsPromotion, { access_token: token }),
    ).toMatchObject({ error: -201 });
    const promotionWithoutHeader = {
      recipient: { user_id: 'u' },
      message: {
        attachment: {
          type: 'template',
          payload: { template_type: 'promotion', elements: [{ type: 'text', content: 'x' }] },
        },
      },
    };
    expect(
      await post(`${fake.url}/v3.0/oa/message/promotion`, promotionWithoutHeader, { access_token: token }),
    ).toMatchObject({ error: -201 });
    const sixButtons = {
      recipient: { user_id: 'u' },
      message: {
        text: 'x',
        attachment: { type: 'template', payload: { buttons: Array(6).fill(buttons[0]) } },
      },
    };
    expect(await post(cs, sixButtons, { access_token: token })).toMatchObject({ error: -201 });
    expect(fake.sent).toHaveLength(0);
    expect(fake.stats.messagesRejected).toBe(4);
  });

  it('answers -201 for a valid kind it is told to refuse, and reports and spends the promotion quota', async () => {
    const { fake, client } = await start({ refuseKinds: ['buttons'], promotionQuotaRemaining: 1 });
    const err = await client
      .send('cs', 'u', {
        type: 'text',
        text: 'x',
        buttons: [{ title: 'A', type: 'oa.query.hide', payload: '#a' }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect((err as ZaloApiError).zaloCode).toBe(-201);
    const quota = async () =>
      post(
        `${fake.url}/v3.0/oa/quota/message`,
        { quota_owner: 'OA', product_type: 'promotion', quota_type: 'sub_quota' },
        {
          access_token: fake.currentTokens().accessToken,
        },
      );
    expect(await quota()).toMatchObject({ error: 0, data: { remain: 1, total: 1 } });
    const promo = { type: 'promotion' as const, elements: [{ type: 'header' as const, content: 'Tin' }] };
    await client.send('promotion', 'u', promo);
    expect(await quota()).toMatchObject({ data: { remain: 0 } });
    const over = await client.send('promotion', 'u', promo).catch((e: unknown) => e);
    expect((over as ZaloApiError).category).toBe('quota');
  });

  it('refuses a bad token (-216) and a malformed body (-201)', async () => {
    const { fake } = await start();
    const url = `${fake.url}/v3.0/oa/message/cs`;
    const good = { recipient: { user_id: 'u' }, message: { text: 'x' } };
    expect(await post(url, good, { access_token: 'wrong' })).toMatchObject({ error: -216 });
    const token = fake.currentTokens().accessToken;
    for (const bad of [
      { message: { text: 'x' } },
      { recipient: { user_id: 'u' }, message: {} },
      { recipient: { user_id: 'u' }, message: { text: 'a'.repeat(2001) } },
      {
        recipient: { user_id: 'u' },
        message: { attachment: { type: 'template', payload: { template_type: 'list' } } },
      },
    ]) {
      expect(await post(url, bad, { access_token: token })).toMatchObject({ error: -201 });
    }
    expect(fake.stats.messagesRejected).toBe(5);
    expect(fake.sent).toHaveLength(0);
  });

  it('rotates single-use refresh tokens and refuses a reused one without tokens', async () => {
    const { fake } = await start({ appId: 'app-1', appSecret: 'app-secret', expiresInSec: 3600 });
    const first = fake.currentTokens();
    const answer = await refresh(fake, first.refreshToken);
    expect(answer).toEqual({
      access_token: 'fake-access-1',
      refresh_token: 'fake-refresh-1',
      expires_in: '3600',
    });
    const reused = await refresh(fake, first.refreshToken);
    expect(reused.access_token).toBeUndefined();
    expect(reused.error_name).toBe('Invalid refresh token');
    expect(fake.stats).toMatchObject({ refreshes: 1, refreshesRejected: 1 });
    // Issued access tokens work until expireAccessTokens().
    const url = `${fake.url}/v3.0/oa/message/cs`;
    const body = { recipient: { user_id: 'u' }, message: { text: 'x' } };
    expect(await post(url, body, { access_token: 'fake-access-1' })).toMatchObject({ error: 0 });
    fake.expireAccessTokens();
    expect(await post(url, body, { access_token: 'fake-access-1' })).toMatchObject({ error: -216 });
  });

  it('injects scripted failures: HTTP 503 by default, a Zalo code when set', async () => {
    const { fake, client } = await start({ failNext: 2 });
    await client.send('cs', 'u-1', { type: 'text', text: 'x' }); // the client retries through two 503s
    expect(fake.stats.injectedErrors).toBe(2);
    expect(fake.sent).toHaveLength(1);
    fake.setOptions({ failNext: 1, errorCode: -230 });
    const err = await client.send('cs', 'u-1', { type: 'text', text: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err.category).toBe('window');
  });

  it('injects random failures at errorRate', async () => {
    const rolls = [0.1, 0.9, 0.1, 0.9];
    const { fake } = await start({ errorRate: 0.5, errorCode: -32, random: () => rolls.shift() ?? 0.9 });
    const url = `${fake.url}/v3.0/oa/message/cs`;
    const body = { recipient: { user_id: 'u' }, message: { text: 'x' } };
    const token = { access_token: fake.currentTokens().accessToken };
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await post(url, body, token)).error);
    expect(codes).toEqual([-32, 0, -32, 0]);
  });

  it('answers -32 beyond rateLimitPerSecond within one second', async () => {
    let now = 10_000;
    const { fake } = await start({ rateLimitPerSecond: 3, now: () => now });
    const url = `${fake.url}/v3.0/oa/message/cs`;
    const body = { recipient: { user_id: 'u' }, message: { text: 'x' } };
    const token = { access_token: fake.currentTokens().accessToken };
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await post(url, body, token)).error);
    now += 1_000;
    codes.push((await post(url, body, token)).error);
    expect(codes).toEqual([0, 0, 0, -32, -32, 0]);
    expect(fake.stats.rateLimited).toBe(2);
  });

  it('refuses non-followers when followersOnly is set', async () => {
    const { client } = await start({ followers: 2, followersOnly: true });
    await client.send('cs', 'fake-user-000001', { type: 'text', text: 'x' });
    await expect(client.send('cs', 'stranger', { type: 'text', text: 'x' })).rejects.toMatchObject({
      category: 'not_follower',
    });
  });

  it('adds latency to every answer', async () => {
    const { client } = await start({ latencyMs: 40 });
    const started = performance.now();
    await client.send('cs', 'u', { type: 'text', text: 'x' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('pages followers, shows details with tags, and takes uploads', async () => {
    const { fake, client } = await start({ followers: 120 });
    const ids: string[] = [];
    for await (const page of client.followerPages()) ids.push(...page.userIds);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(fake.stats.byPath['/v3.0/oa/user/getlist']).toBe(3);
    await client.tagUser(ids[7]!, 'khmer');
    await client.tagUser(ids[7]!, 'soc-trang');
    await client.untagUser(ids[7]!, 'soc-trang');
    const user = await client.getUserDetail(ids[7]!);
    expect(user).toMatchObject({
      userId: ids[7],
      displayName: 'Người dùng 8',
      tagNames: ['khmer'],
      isFollower: true,
    });
    await expect(client.getUserDetail('nobody')).rejects.toMatchObject({ category: 'not_follower' });
    const up = await client.uploadImage({
      data: new Uint8Array([1, 2, 3]),
      filename: 'a.png',
      contentType: 'image/png',
    });
    expect(up.attachmentId).toBe('fake-att-1');
  });

  it('serves the Graph user and a one-time phone exchange', async () => {
    const { fake } = await start({
      appSecret: 'app-secret',
      graphUsers: { 'user-token': { id: 'z-1', name: 'Chị Ba', phone: '84900000001' } },
    });
    const me = await (
      await fetch(`${fake.url}/v2.0/me?fields=id,name,picture`, { headers: { access_token: 'user-token' } })
    ).json();
    expect(me).toMatchObject({ id: 'z-1', name: 'Chị Ba', error: 0 });
    const headers = { access_token: 'user-token', code: 'c-1', secret_key: 'app-secret' };
    const phone = await (await fetch(`${fake.url}/v2.0/me/info`, { headers })).json();
    expect(phone).toEqual({ error: 0, message: 'Success', data: { number: '84900000001' } });
    const again = await (await fetch(`${fake.url}/v2.0/me/info`, { headers })).json();
    expect(again).toMatchObject({ error: -201 });
    const badUser = await (await fetch(`${fake.url}/v2.0/me`, { headers: { access_token: 'nope' } })).json();
    expect(badUser).toMatchObject({ error: -216 });
  });
});
