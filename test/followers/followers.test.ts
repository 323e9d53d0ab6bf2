import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { recordInteraction, syncFollowers } from '../../src/followers/followers.service.ts';
import { useFreeReplies } from '../../src/followers/followers.service.ts';
import { allowedMessageKind } from '../../src/followers/followers.policy.ts';
import { createLogger } from '../../src/logger.ts';
import { createChatTestApp, postWebhook, textEvent, ZALO_API } from '../chat/chat-helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

let t: TestApp;
beforeAll(async () => {
  t = await createChatTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = async (id: string) =>
  (await t.database.db.select().from(followers).where(eq(followers.zaloUserId, id)))[0]!;

describe('followers', () => {
  it('opens a fresh free window on each newer interaction, not on a redelivered older one', async () => {
    const db = t.database.db;
    const at = t.clock.now();
    const f = await recordInteraction(db, { zaloUserId: 'u-w', at });
    await useFreeReplies(db, f.id, 8);
    expect(allowedMessageKind(await get('u-w'), at, t.config)).toBeNull();
    await recordInteraction(db, { zaloUserId: 'u-w', at: new Date(at.getTime() - 1000) });
    expect((await get('u-w')).freeRepliesUsed).toBe(8);
    const later = new Date(at.getTime() + 1000);
    await recordInteraction(db, { zaloUserId: 'u-w', at: later });
    expect(await get('u-w')).toMatchObject({ freeRepliesUsed: 0, lastInteractionAt: later });
    expect(allowedMessageKind(await get('u-w'), later, t.config)).toBe('cs');
  });

  it('updates the last interaction time on user events arriving through the webhook', async () => {
    const e = textEvent(t, 'u-int', 'xin chào');
    await postWebhook(t, e);
    await postWebhook(t, {
      app_id: 'test-app-id',
      event_name: 'user_send_sticker',
      sender: { id: 'u-int2' },
      message: { msg_id: 'st-1' },
      timestamp: e.timestamp,
    });
    await postWebhook(t, {
      app_id: 'test-app-id',
      event_name: 'user_submit_info',
      sender: { id: 'u-int3' },
      info: { name: 'Nguyễn Thị B', phone: '0912345678' },
      timestamp: e.timestamp,
    });
    await t.chat.inbox.drain();
    for (const id of ['u-int', 'u-int2', 'u-int3'])
      expect((await get(id)).lastInteractionAt?.getTime()).toBe(Number(e.timestamp));
    expect((await get('u-int3')).displayName).toBe('Nguyễn Thị B');
    // The citizen shared it through Zalo's form: kept (digits only) for the roles allowed to see it.
    expect((await get('u-int3')).phone).toBe('0912345678');
    expect((await get('u-int')).phone).toBeNull();
    expect(t.logs.text).not.toContain('0912345678');
  });

  it('syncs the OA follower list page by page through the Zalo client', async () => {
    await recordInteraction(t.database.db, { zaloUserId: 'fz-2', at: t.clock.now() });
    const ids = Array.from({ length: 120 }, (_, i) => `fz-${i}`);
    nock(ZALO_API)
      .get('/v3.0/oa/user/getlist')
      .query((q) => JSON.parse(String(q.data)).is_follower === true)
      .times(4)
      .reply(function (uri) {
        const q = JSON.parse(new URL(uri, ZALO_API).searchParams.get('data')!);
        const users = ids.slice(q.offset, q.offset + q.count).map((user_id) => ({ user_id }));
        return [
          200,
          {
            error: 0,
            message: 'Success',
            data: { total: ids.length, count: users.length, offset: q.offset, users },
          },
        ];
      });
    expect(await t.chat.syncFollowers()).toMatchObject({ seen: 120, created: 119, complete: true });
    expect(await get('fz-119')).toMatchObject({ following: true });
    expect(await get('fz-2')).toMatchObject({ following: true });
  });

  it('never unfollows anyone missing from a (possibly partial) listing', async () => {
    await recordInteraction(t.database.db, { zaloUserId: 'u-keep', at: t.clock.now() });
    await t.database.db.update(followers).set({ following: true }).where(eq(followers.zaloUserId, 'u-keep'));
    const source = {
      async *listFollowers() {
        yield { userId: 'u-new' }; // listing.complete stays false: a partial listing
      },
      isFollower: async () => false,
    };
    await syncFollowers({ db: t.database.db, clock: t.clock, logger: createLogger('silent'), source });
    expect(await get('u-keep')).toMatchObject({ following: true });
    expect(await get('u-new')).toMatchObject({ following: true });
  });
});
