import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { inboxEvents, outboxMessages } from '../../src/chat/chat.schema.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { broadcastDeliveries } from '../../src/broadcasts/broadcasts.schema.ts';
import { computeWebhookMac, signWebhook } from '../../src/zalo/webhook-signature.ts';
import {
  acceptSends,
  createChatTestApp,
  followEvent,
  keys,
  postWebhook,
  settle,
  textEvent,
  type SentMessage,
} from './chat-helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

let t: TestApp;
let sent: SentMessage[];

beforeAll(async () => {
  t = await createChatTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  sent = [];
  acceptSends(sent);
});

const tableCount = async (table: typeof inboxEvents | typeof followers | typeof outboxMessages) =>
  (await t.database.db.select({ n: count() }).from(table))[0]!.n;

describe('POST /webhooks/zalo', () => {
  it('stores an event delivered 5 times once and answers it once', async () => {
    const event = textEvent(t, 'u-dup', 'xin chào');
    const first = await Promise.all([1, 2, 3].map(() => postWebhook(t, event)));
    const later = [await postWebhook(t, event), await postWebhook(t, event)];
    for (const res of [...first, ...later]) expect(res.status).toBe(200);
    expect([...first, ...later].filter((r) => r.body.duplicate === false)).toHaveLength(1);
    await settle(t);
    await postWebhook(t, event); // a redelivery after processing changes nothing either
    await settle(t);
    const rows = await t.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, 'u-dup'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('processed');
    expect(sent.filter((m) => m.userId === 'u-dup')).toHaveLength(1);
  });

  it('refuses forged, tampered, unsigned, stale, future and foreign-app events with 401 and stores nothing', async () => {
    const inboxBefore = await tableCount(inboxEvents);
    const followersBefore = await tableCount(followers);
    const e = textEvent(t, 'u-forged', 'hello');
    const raw = JSON.stringify(e);
    const now = t.clock.now().getTime();
    const stale = textEvent(t, 'u-forged', 'old', { timestamp: String(now - 25 * 3_600_000) });
    const future = textEvent(t, 'u-forged', 'future', { timestamp: String(now + 3_600_000) });
    const foreign = textEvent(t, 'u-forged', 'x', { app_id: 'another-app' });
    const answers = await Promise.all([
      postWebhook(t, e, { key: 'wrong-key' }),
      postWebhook(t, raw.replace('hello', 'hellO'), { signature: signWebhook(keys, raw, e.timestamp) }),
      postWebhook(t, e, { signature: null }),
      postWebhook(t, e, { signature: 'mac=' }),
      postWebhook(t, e, { signature: 'mac=' + 'a'.repeat(64) }),
      postWebhook(
        t,
        { ...e, timestamp: String(now + 1) },
        { signature: signWebhook(keys, raw, e.timestamp) },
      ),
      postWebhook(t, stale),
      postWebhook(t, future),
      postWebhook(t, foreign),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/Chữ ký/);
    }
    await settle(t);
    expect(await tableCount(inboxEvents)).toBe(inboxBefore);
    expect(await tableCount(followers)).toBe(followersBefore);
    expect(sent).toHaveLength(0);
  });

  it("answers Zalo's unsigned URL check (empty or {} body) with 200 and stores nothing", async () => {
    const before = await tableCount(inboxEvents);
    const post = (body: string, signature?: string) => {
      const req = request(t.express).post('/webhooks/zalo').set('content-type', 'application/json');
      if (signature !== undefined) req.set('X-ZEvent-Signature', signature);
      return req.send(body);
    };
    for (const body of ['', '{}', ' { } ']) {
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    }
    // anything else unsigned or badly signed stays 401: an event, other JSON, a non-empty body, a signed {}
    const e = JSON.stringify(textEvent(t, 'u-check', 'hi'));
    for (const [body, sig] of [
      [e, undefined],
      ['{"a":1}', undefined],
      ['[]', undefined],
      ['null', undefined],
      ['x', undefined],
      ['{}', 'mac=' + 'b'.repeat(64)],
      [e, 'mac=' + 'c'.repeat(64)],
    ] as const)
      expect((await post(body, sig)).status).toBe(401);
    await settle(t);
    expect(await tableCount(inboxEvents)).toBe(before);
  });

  it('accepts the signature without the mac= prefix', async () => {
    const e = textEvent(t, 'u-plain', 'menu');
    const res = await postWebhook(t, e, {
      signature: computeWebhookMac(keys, JSON.stringify(e), e.timestamp),
    });
    expect(res.status).toBe(200);
  });

  it('answers 400 to a signed body that is not JSON or not an event, storing nothing', async () => {
    const before = await tableCount(inboxEvents);
    const ts = String(t.clock.now().getTime());
    const broken = `{"event_name":"user_send_text","timestamp":"${ts}","message":{`;
    const res = await postWebhook(t, broken, { timestamp: ts });
    expect(res.status).toBe(400);
    const notEvent = JSON.stringify({ hello: 'world', timestamp: ts });
    expect((await postWebhook(t, notEvent, { timestamp: ts })).status).toBe(400);
    const noSender = JSON.stringify({ event_name: 'user_send_text', timestamp: ts });
    expect((await postWebhook(t, noSender, { timestamp: ts })).status).toBe(400);
    expect((await postWebhook(t, broken, { timestamp: ts, key: 'x' })).status).toBe(401);
    expect(await tableCount(inboxEvents)).toBe(before);
  });

  it('takes huge texts, emoji, zero-width characters and NUL without a 500', async () => {
    const huge = textEvent(t, 'u-huge', '😀'.repeat(50_000) + 'a');
    const odd = textEvent(t, 'u-odd', 'm\u200be\u200dn\ufeffu \u0000 \ud800');
    expect((await postWebhook(t, huge)).status).toBe(200);
    expect((await postWebhook(t, odd)).status).toBe(200);
    await settle(t);
    const rows = await t.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.eventName, 'user_send_text'));
    expect(rows.filter((r) => ['u-huge', 'u-odd'].includes(r.zaloUserId!)).map((r) => r.status)).toEqual([
      'processed',
      'processed',
    ]);
    // "menu" with zero-width characters inside is still the menu command once they are ignored.
    const menu = sent.find((m) => m.userId === 'u-odd');
    expect(menu?.message.attachment?.payload?.buttons?.length ?? 0).toBeGreaterThan(0);
    expect(sent.some((m) => m.userId === 'u-huge')).toBe(true);
  });

  it('stores unknown events and ignores them', async () => {
    const e = {
      app_id: keys.appId,
      event_name: 'user_reacted_message',
      sender: { id: 'u-react' },
      timestamp: String(t.clock.now().getTime()),
    };
    expect((await postWebhook(t, e)).status).toBe(200);
    await settle(t);
    const [row] = await t.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.eventName, 'user_reacted_message'));
    expect(row!.status).toBe('ignored');
    expect(sent).toHaveLength(0);
  });

  // Receipts as Zalo sends them (Chatwoot app/jobs/webhooks/zalo_events_job.rb, delivery_status_service.rb):
  // the OA is the sender, the citizen the recipient; received carries msg_id, seen carries msg_ids.
  const receipt = (name: string, userId: string, msgIds: string[], at: Date) => ({
    app_id: keys.appId,
    event_name: name,
    sender: { id: 'test-oa-id' },
    recipient: { id: userId },
    message:
      name === 'user_received_message' && msgIds.length === 1 ? { msg_id: msgIds[0] } : { msg_ids: msgIds },
    timestamp: String(at.getTime()),
  });
  const delivery = (zaloUserId: string, zaloMsgId: string) => ({
    broadcastId: 424242,
    zaloUserId,
    messageKind: 'promotion' as const,
    quotaDay: '2026-11-23',
    quotaMonth: '2026-11',
    status: 'sent' as const,
    zaloMsgId,
  });
  const deliveryRow = async (zaloMsgId: string) =>
    (
      await t.database.db
        .select()
        .from(broadcastDeliveries)
        .where(eq(broadcastDeliveries.zaloMsgId, zaloMsgId))
    )[0]!;

  it("credits Zalo's received and seen receipts to the recipient's delivery", async () => {
    const at = t.clock.now();
    await t.database.db.insert(broadcastDeliveries).values(delivery('u-receipt', 'zmsg-1'));
    expect((await postWebhook(t, receipt('user_received_message', 'u-receipt', ['zmsg-1'], at))).status).toBe(
      200,
    );
    await settle(t);
    expect((await deliveryRow('zmsg-1')).receivedAt?.getTime()).toBe(at.getTime());
    expect((await deliveryRow('zmsg-1')).seenAt).toBeNull();
    expect((await postWebhook(t, receipt('user_seen_message', 'u-receipt', ['zmsg-1'], at))).status).toBe(
      200,
    );
    await settle(t);
    expect((await deliveryRow('zmsg-1')).seenAt?.getTime()).toBe(at.getTime());
    // the OA id (the sender) never became a follower
    expect(
      await t.database.db.select().from(followers).where(eq(followers.zaloUserId, 'test-oa-id')),
    ).toEqual([]);
    expect(sent).toHaveLength(0); // a receipt is never answered
  });

  it("keeps two citizens' receipts of the same millisecond apart and credits each one", async () => {
    const at = t.clock.now();
    await t.database.db
      .insert(broadcastDeliveries)
      .values([delivery('u-r1', 'zmsg-r1'), delivery('u-r2', 'zmsg-r2')]);
    const a = await postWebhook(t, receipt('user_seen_message', 'u-r1', ['zmsg-r1'], at));
    const b = await postWebhook(t, receipt('user_seen_message', 'u-r2', ['zmsg-r2'], at));
    expect([a.body.duplicate, b.body.duplicate]).toEqual([false, false]);
    await settle(t);
    expect((await deliveryRow('zmsg-r1')).seenAt?.getTime()).toBe(at.getTime());
    expect((await deliveryRow('zmsg-r2')).seenAt?.getTime()).toBe(at.getTime());
  });

  it('logs and ignores a receipt for a message we never sent, and never credits another citizen', async () => {
    const at = t.clock.now();
    await t.database.db.insert(broadcastDeliveries).values(delivery('u-owner', 'zmsg-own'));
    // someone else's receipt naming our message id, and a receipt for an id we never had
    await postWebhook(t, receipt('user_received_message', 'u-stranger', ['zmsg-own'], at));
    await postWebhook(t, receipt('user_seen_message', 'u-owner', ['zmsg-never'], at));
    await settle(t);
    expect((await deliveryRow('zmsg-own')).receivedAt).toBeNull();
    const ignored = t.logs.lines.filter((l) => l.msg === 'receipt for a message we did not send; ignored');
    expect(ignored.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(ignored)).not.toMatch(/u-stranger|zmsg-never/);
  });

  it('is never rate limited (the API limit here is 2 a minute)', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await postWebhook(t, textEvent(t, `u-rl-${i}`, 'hi')));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});

describe('follow and unfollow', () => {
  it('keeps the followers table and greets a new follower', async () => {
    const at = t.clock.now().getTime();
    expect((await postWebhook(t, followEvent(t, 'u-f', 'follow', at))).status).toBe(200);
    await settle(t);
    let [f] = await t.database.db.select().from(followers).where(eq(followers.zaloUserId, 'u-f'));
    expect(f).toMatchObject({ following: true, language: 'vi', optedOut: false });
    expect(f!.followedAt?.getTime()).toBe(at);
    expect(sent.filter((m) => m.userId === 'u-f')[0]?.message.text).toMatch(/Chào mừng/);
    // then the commune question, asked once (src/followers/commune.chat.ts)
    expect(sent.filter((m) => m.userId === 'u-f')[1]?.message.text).toMatch(/xã, phường nào/);

    await postWebhook(t, followEvent(t, 'u-f', 'unfollow', at + 1000));
    // An old follow redelivered after the unfollow must not resurrect the follower.
    await postWebhook(t, followEvent(t, 'u-f', 'follow', at - 1000));
    await settle(t);
    [f] = await t.database.db.select().from(followers).where(eq(followers.zaloUserId, 'u-f'));
    expect(f).toMatchObject({ following: false });
    expect(f!.unfollowedAt?.getTime()).toBe(at + 1000);
    expect(sent.filter((m) => m.userId === 'u-f')).toHaveLength(2);
  });
});
