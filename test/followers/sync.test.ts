import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { followers } from '../../src/followers/followers.schema.ts';
import { recordFollowChange } from '../../src/followers/followers.service.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Follower sync through the app's real wiring against the fake Zalo, whose getlist lists everyone who interacted
 * unless `is_follower` is asked, and can repeat pages or stop early as the real one does.
 */
let t: TestApp;
let fake: FakeZalo;
const nonFollowers = Array.from({ length: 30 }, (_, i) => `nf-${i}`);

beforeAll(async () => {
  fake = await startFakeZalo({ followers: 120, nonFollowers: [...nonFollowers, 'u-left'] });
  const tokens = fake.currentTokens();
  t = await createTestApp({
    config: {
      ZALO_API_BASE: fake.url,
      ZALO_OAUTH_BASE: fake.url,
      ZALO_ACCESS_TOKEN: tokens.accessToken,
      ZALO_REFRESH_TOKEN: tokens.refreshToken,
    },
  });
  // we saw u-left follow long ago; Zalo now has them as someone who interacted but does not follow
  await recordFollowChange(t.database.db, {
    zaloUserId: 'u-left',
    at: new Date(t.clock.now().getTime() - 86_400_000),
    following: true,
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const following = async (ids: string[]) =>
  (await t.database.db.select().from(followers).where(inArray(followers.zaloUserId, ids))).filter(
    (f) => f.following,
  ).length;

describe('follower sync', () => {
  it('stops at a page that repeats, reports the listing partial and unfollows nobody', async () => {
    fake.setOptions({ listQuirk: 'repeat' });
    const r = await t.chat.syncFollowers();
    expect(r).toMatchObject({ seen: 50, created: 50, complete: false, unfollowed: 0 });
    expect(fake.stats.byPath['/v3.0/oa/user/getlist']).toBe(2); // the repeat is noticed at once
    expect(await following(['u-left'])).toBe(1);
  });

  it('stops at short pages (Zalo stops early), keeps what it read and unfollows nobody', async () => {
    fake.setOptions({ listQuirk: 'stop', listStopAt: 100 });
    const r = await t.chat.syncFollowers();
    expect(r).toMatchObject({ seen: 100, created: 50, complete: false, unfollowed: 0 });
    expect(await following(['u-left'])).toBe(1);
  });

  it('asks for followers only, never marks a non-follower, and unfollows only when the user detail says so', async () => {
    fake.setOptions({ listQuirk: 'none' });
    const r = await t.chat.syncFollowers();
    expect(r).toMatchObject({ seen: 120, created: 20, complete: true, unfollowed: 1 });
    const all = await t.database.db.select().from(followers);
    expect(all.filter((f) => f.following)).toHaveLength(120);
    expect(all.filter((f) => f.zaloUserId.startsWith('nf-'))).toEqual([]);
    const [left] = await t.database.db.select().from(followers).where(eq(followers.zaloUserId, 'u-left'));
    expect(left).toMatchObject({ following: false });
  });

  it('lets an unfollow newer than the sync win over the listing', async () => {
    const id = 'fake-user-000007';
    await recordFollowChange(t.database.db, {
      zaloUserId: id,
      at: new Date(t.clock.now().getTime() + 60_000),
      following: false,
    });
    await t.chat.syncFollowers();
    expect(await following([id])).toBe(0);
  });
});
