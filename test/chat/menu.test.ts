import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { faqAnswered } from '../../src/faq/faq.schema.ts';
import { answerDay } from '../../src/faq/most-asked.ts';
import type { TestApp } from '../helpers/app.ts';
import { createChatTestApp } from './chat-helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

let t: TestApp;
beforeAll(async () => {
  t = await createChatTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Reply = { text: string; buttons?: { title: string; payload: string }[] };
async function say(userId: string, text: string): Promise<Reply[]> {
  const res = await request(t.express).post('/dev/simulator/messages').send({ userId, text });
  expect(res.status).toBe(200);
  return res.body.replies as Reply[];
}
const menuButtons = async (userId: string) => (await say(userId, 'menu'))[0]!.buttons!.map((b) => b.payload);
const answeredCount = async (topicId: string) =>
  (await t.database.db.select().from(faqAnswered).where(eq(faqAnswered.topicId, topicId))).reduce(
    (s, r) => s + r.count,
    0,
  );
const DAY = 86_400_000;

describe('the menu: what the bot does', () => {
  it('counts answers (not menu taps), then shows the most asked topics of 30 days, read at most every 10 min', async () => {
    // Too few answers yet: the configured topics.
    expect(await menuButtons('u-menu-1')).toEqual([
      '#faq:vneid-register',
      '#faq:dvc-track-status',
      'cuộc thi',
      'khảo sát',
      '#human',
    ]);
    const [answer] = await say('u-menu-1', 'lam ho chieu o dau');
    expect(answer!.text).toMatch(/Hộ chiếu/);
    expect(await answeredCount('passport')).toBe(1);
    await say('u-menu-1', '#faq:pension');
    expect(await answeredCount('pension')).toBe(0);

    const today = answerDay(t.clock.now());
    const longAgo = answerDay(new Date(t.clock.now().getTime() - 40 * DAY));
    await t.database.db.insert(faqAnswered).values([
      { topicId: 'passport', day: answerDay(new Date(t.clock.now().getTime() - 3 * DAY)), count: 19 },
      { topicId: 'pension', day: today, count: 12 },
      { topicId: 'land-tax', day: longAgo, count: 500 }, // outside the window
      { topicId: 'no-longer-a-topic', day: today, count: 100 }, // removed from the knowledge base: skipped
    ]);
    // The reading of a minute ago is still used: no query per message.
    t.clock.advance(60_000);
    expect((await menuButtons('u-menu-1')).slice(0, 2)).toEqual([
      '#faq:vneid-register',
      '#faq:dvc-track-status',
    ]);
    t.clock.advance(10 * 60_000);
    const [menu] = await say('u-menu-1', 'menu');
    expect(menu!.buttons!.map((b) => b.payload)).toEqual([
      '#faq:passport',
      '#faq:pension',
      'cuộc thi',
      'khảo sát',
      '#human',
    ]);
    expect(menu!.buttons![0]!.title).toMatch(/^Hộ chiếu phổ thông/);
    // Titles in the follower's language; the typed commands are named in the text.
    await say('u-menu-en', '#lang en');
    const [en] = await say('u-menu-en', 'menu');
    expect(en!.buttons![0]!.title).toMatch(/^Ordinary passports/);
    expect(en!.text).toContain('"news"');
    expect(en!.text).toContain('"language"');
    await say('u-menu-km', '#lang km');
    const [km] = await say('u-menu-km', 'menu');
    expect(km!.text).toContain('"ព័ត៌មាន"');
  });

  it('the menu text names the news, stop and language commands', async () => {
    const [menu] = await say('u-menu-2', 'menu');
    for (const word of ['"tin"', '"huỷ tin"', '"ngôn ngữ"']) expect(menu!.text).toContain(word);
    expect(menu!.buttons!.length).toBeLessThanOrEqual(5);
  });
});
