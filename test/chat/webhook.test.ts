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

  it("feeds Zalo's received and seen receipts into the broadcast delivery they belong to", async () => {
    const at = t.clock.now();
    await t.database.db.insert(broadcastDeliveries).values({
      broadcastId: 424242,
      zaloUserId: 'u-receipt',
      messageKind: 'promotion',
      quotaDay: '2026-11-23',
      quotaMonth: '2026-11',
      status: 'sent',
      zaloMsgId: 'zmsg-1',
    });
    const receipt = (name: string, msgIds: string[]) => ({
      app_id: keys.appId,
      event_name: name,
      sender: { id: 'u-receipt' },
      recipient: { id: 'oa' },
      message: { msg_ids: msgIds },
      timestamp: String(at.getTime()),
    });
    expect((await postWebhook(t, receipt('user_received_message', ['zmsg-1', 'zmsg-other']))).status).toBe(
      200,
    );
    await settle(t);
    const row = async () =>
      (
        await t.database.db
          .select()
          .from(broadcastDeliveries)
          .where(eq(broadcastDeliveries.zaloMsgId, 'zmsg-1'))
      )[0]!;
    expect((await row()).receivedAt?.getTime()).toBe(at.getTime());
    expect((await row()).seenAt).toBeNull();
    expect((await postWebhook(t, receipt('user_seen_message', ['zmsg-1']))).status).toBe(200);
    await settle(t);
    expect((await row()).seenAt?.getTime()).toBe(at.getTime());
    expect(sent).toHaveLength(0); // a receipt is never answered
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
