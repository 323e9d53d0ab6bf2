import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { asc, eq, inArray } from 'drizzle-orm';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadPlan } from '../../src/plan/plan.service.ts';
import { followers, newsConsents } from '../../src/followers/followers.schema.ts';
import { parseNewsCommand } from '../../src/followers/news.chat.ts';
import { createItem, transitionItem } from '../../src/broadcasts/content.service.ts';
import { contentInputSchema } from '../../src/broadcasts/content.limits.ts';
import { scheduleItem, scheduleInputSchema } from '../../src/broadcasts/broadcast.service.ts';
import { planDueBroadcast } from '../../src/broadcasts/planner.ts';
import { broadcastDeliveries } from '../../src/broadcasts/broadcasts.schema.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import type { TestApp } from '../helpers/app.ts';
import { createChatTestApp } from '../chat/chat-helpers.ts';
import { approver, editor, harness, type Harness } from '../broadcasts/helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

let t: TestApp;
let zalo: FakeZalo;
let h: Harness;

beforeAll(async () => {
  t = await createChatTestApp();
  await loadReferenceData(t.database.db, './content');
  await loadPlan(t.database.db, './content', 2025);
  zalo = await startFakeZalo({ followers: 0, acceptAnyAccessToken: true });
  h = harness(t.database, zalo.url);
});
afterAll(async () => {
  await zalo?.close();
  await t?.close();
});

type Reply = { text: string; buttons?: { payload: string }[] };
async function say(userId: string, text: string): Promise<Reply> {
  const res = await request(t.express).post('/dev/simulator/messages').send({ userId, text });
  expect(res.status).toBe(200);
  expect(res.body.replies).toHaveLength(1);
  return res.body.replies[0] as Reply;
}

const row = async (zaloUserId: string) =>
  (await t.database.db.select().from(followers).where(eq(followers.zaloUserId, zaloUserId)))[0]!;
const topics = async (zaloUserId: string) =>
  (await row(zaloUserId)).tags.filter((x) => x.startsWith('topic:')).sort();
const consents = async (zaloUserId: string) =>
  (
    await t.database.db
      .select({ action: newsConsents.action, theme: newsConsents.themeCode })
      .from(newsConsents)
      .where(eq(newsConsents.followerId, (await row(zaloUserId)).id))
      .orderBy(asc(newsConsents.id))
  ).map((c) => `${c.action}:${c.theme ?? '*'}`);

/** The number a theme has in the list the bot showed, found by its title. */
function numberOf(list: string, title: string): string {
  const line = list.split('\n').find((l) => l.includes(title));
  expect(line, `"${title}" in the list`).toBeDefined();
  return /^(\d+)\./.exec(line!)![1]!;
}

describe('CCHC news by topic in chat', () => {
  it('reads the commands in vi/en/km, "huỷ tin" before "tin", and leaves questions alone', () => {
    expect(parseNewsCommand('tin')).toEqual({ kind: 'list' });
    expect(parseNewsCommand('Đăng ký tin')).toEqual({ kind: 'list' });
    expect(parseNewsCommand('news')).toEqual({ kind: 'list' });
    expect(parseNewsCommand('ព័ត៌មាន')).toEqual({ kind: 'list' });
    expect(parseNewsCommand('tin 3')).toEqual({ kind: 'subscribe', arg: '3' });
    expect(parseNewsCommand('đăng ký tin chuyển đổi số')).toEqual({
      kind: 'subscribe',
      arg: 'chuyen doi so',
    });
    expect(parseNewsCommand('Huỷ tin')).toEqual({ kind: 'stop', arg: '' });
    expect(parseNewsCommand('hủy tin 2')).toEqual({ kind: 'stop', arg: '2' });
    expect(parseNewsCommand('stop news 2')).toEqual({ kind: 'stop', arg: '2' });
    expect(parseNewsCommand('ឈប់ព័ត៌មាន')).toEqual({ kind: 'stop', arg: '' });
    expect(parseNewsCommand('tinh nao co cong dich vu cong')).toBeUndefined();
  });

  it('lists the plan themes, subscribes by number, by "tin N" and by name; records each consent', async () => {
    const list = await say('u-news-a', 'tin');
    expect(list.text).toMatch(/chọn những chủ đề/);
    expect(list.text).toMatch(/mọi chủ đề/);
    expect(list.text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
    const a = numberOf(list.text, 'Đề án 06, VNeID');
    expect((await say('u-news-a', a)).text).toMatch(/Đã đăng ký nhận tin về: Đề án 06/);
    expect(await topics('u-news-a')).toEqual(['topic:de-an-06']);
    // Another number right after the list adds a second theme; the list then marks both.
    const c = numberOf(list.text, 'Cuộc thi, hội thi');
    expect((await say('u-news-a', c)).text).toMatch(/Cuộc thi, hội thi CCHC/);
    const marked = await say('u-news-a', 'tin');
    expect(marked.text).toContain('✓ Đề án 06');
    expect(marked.text).toContain('✓ Cuộc thi');
    expect((await say('u-news-a', `huỷ tin ${c}`)).text).toMatch(/Đã bỏ chủ đề: Cuộc thi.*Đề án 06/s);
    expect(await topics('u-news-a')).toEqual(['topic:de-an-06']);
    expect(await consents('u-news-a')).toEqual([
      'subscribe:de-an-06',
      'subscribe:contest',
      'unsubscribe:contest',
    ]);

    expect((await say('u-news-b', 'đăng ký tin chuyển đổi số')).text).toMatch(/Chuyển đổi số/);
    expect(await topics('u-news-b')).toEqual(['topic:digital-transformation']);
  });

  it('a number long after the list is not a choice, and an unknown theme says so', async () => {
    await say('u-news-n', 'tin');
    await say('u-news-n', 'menu');
    await say('u-news-n', '2');
    expect(await topics('u-news-n')).toEqual([]);
    expect((await say('u-news-n', 'tin 42')).text).toMatch(/Không có chủ đề "42"/);
    expect((await say('u-news-n', 'huỷ tin 1')).text).toMatch(/chưa đăng ký/);
  });

  it('speaks English and Khmer; dropping the last theme returns to every theme', async () => {
    await say('u-news-en', '#lang en');
    const list = await say('u-news-en', 'news');
    expect(list.text).toMatch(/choose the topics/);
    const n = numberOf(list.text, 'Digital transformation');
    expect((await say('u-news-en', `news ${n}`)).text).toMatch(/^Subscribed to: Digital transformation/);
    expect((await say('u-news-en', `stop news ${n}`)).text).toMatch(/every topic/);
    expect(await topics('u-news-en')).toEqual([]);

    await say('u-news-km', '#lang km');
    const km = await say('u-news-km', 'ព័ត៌មាន');
    expect(km.text).toContain('ប្រធានបទ');
    const k = numberOf(km.text, 'VNeID');
    expect((await say('u-news-km', k)).text).toMatch(/បានចុះឈ្មោះ/);
    expect(await topics('u-news-km')).toEqual(['topic:de-an-06']);
  });

  it('"huỷ tin" stops all news and forgets the themes; choosing a theme again ends the opt-out', async () => {
    await say('u-news-stop', 'tin 1');
    expect((await say('u-news-stop', 'huỷ tin')).text).toMatch(/ngừng nhận tin CCHC/);
    expect(await row('u-news-stop')).toMatchObject({ optedOut: true, tags: [] });
    expect((await say('u-news-stop', 'menu')).text).toContain('"nhận tin"');
    await say('u-news-back', 'huỷ tin');
    await say('u-news-back', 'tin 2');
    expect((await row('u-news-back')).optedOut).toBe(false);
    expect(await consents('u-news-back')).toEqual(['stop:*', expect.stringMatching(/^subscribe:/)]);
  });

  it('the broadcast audience: theme A reaches A subscribers and followers who chose nothing, not B subscribers', async () => {
    const ids = ['u-aud-a', 'u-aud-b', 'u-aud-all', 'u-aud-stop'];
    await say('u-aud-a', 'đăng ký tin đề án 06');
    await say('u-aud-b', 'đăng ký tin chuyển đổi số');
    await say('u-aud-all', 'xin chào');
    await say('u-aud-stop', 'tin đề án 06');
    await say('u-aud-stop', 'huỷ tin');
    await t.database.db
      .update(followers)
      .set({ following: true, followedAt: new Date('2025-01-10T00:00:00Z') })
      .where(inArray(followers.zaloUserId, ids));
    const sendTo = async (themeCode: string) => {
      const author = editor();
      const item = await createItem(
        h.deps,
        author,
        contentInputSchema.parse({
          title: `Tin chủ đề ${themeCode}`,
          textVi: 'Nội dung tin.',
          themeCode,
          planYear: 2025,
        }),
      );
      await transitionItem(h.deps, author, item.id, 'submit');
      await transitionItem(h.deps, approver(), item.id, 'approve');
      h.clock.set('2025-05-05T02:00:00Z');
      const { broadcast, preview } = await scheduleItem(
        h.deps,
        approver(),
        item.id,
        scheduleInputSchema.parse({ scheduledAt: '2025-05-05T10:00:00+07:00', segment: {} }),
      );
      h.clock.set('2025-05-05T03:30:00Z');
      while ((await planDueBroadcast(h.deps)) !== undefined);
      const got = await t.database.db
        .select({ u: broadcastDeliveries.zaloUserId })
        .from(broadcastDeliveries)
        .where(eq(broadcastDeliveries.broadcastId, broadcast.id));
      const mine = got
        .map((g) => g.u)
        .filter((u) => ids.includes(u))
        .sort();
      return { mine, preview };
    };
    const a = await sendTo('de-an-06');
    expect(a.mine).toEqual(['u-aud-a', 'u-aud-all']);
    const b = await sendTo('digital-transformation');
    expect(b.mine).toEqual(['u-aud-all', 'u-aud-b']);
    // The preview counts the same audience the planner then writes.
    expect(a.preview.audience).toBe(2 + (await otherFollowersFor('de-an-06')));
    expect(b.preview.audience).toBe(2 + (await otherFollowersFor('digital-transformation')));
  });
});

/** Following followers outside this test's four that a broadcast on `theme` reaches (earlier tests' users). */
async function otherFollowersFor(theme: string): Promise<number> {
  const rows = await t.database.db.select().from(followers);
  return rows.filter(
    (f) =>
      f.following &&
      !f.optedOut &&
      !f.zaloUserId.startsWith('u-aud-') &&
      (f.tags.includes(`topic:${theme}`) || !f.tags.some((x) => x.startsWith('topic:'))),
  ).length;
}
