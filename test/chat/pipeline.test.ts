import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { conversations, outboxMessages } from '../../src/chat/chat.schema.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { ChatPipeline } from '../../src/chat/chat.pipeline.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createLogger } from '../../src/logger.ts';

const silent = createLogger('silent');
import {
  acceptSends,
  createChatTestApp,
  postWebhook,
  settle,
  textEvent,
  type SentMessage,
} from './chat-helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

let t: TestApp;
let sent: SentMessage[];
let explode = false;

beforeAll(async () => {
  t = await createChatTestApp();
  // A feature that fails when told to, then one that answers "ping": a failing feature must not silence the bot.
  t.chat.registerFeature(
    {
      name: 'exploding',
      handle: async (ctx, next) => {
        if (explode) {
          ctx.reply({ type: 'text', text: 'half-made reply' });
          throw new Error('boom');
        }
        await next();
      },
    },
    { priority: 0 },
  );
  t.chat.registerFeature(
    {
      name: 'ping',
      handle: async (ctx, next) => {
        if (ctx.text.trim().toLowerCase() !== 'ping') return next();
        ctx.state.pings = ((ctx.state.pings as number) ?? 0) + 1;
        ctx.reply({ type: 'text', text: `pong ${ctx.state.pings}` });
      },
    },
    { priority: 0 },
  );
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  sent = [];
  acceptSends(sent);
});

async function say(userId: string, text: string) {
  const res = await request(t.express).post('/dev/simulator/messages').send({ userId, text });
  expect(res.status).toBe(200);
  return res.body.replies as { type: string; text: string; buttons?: { title: string; payload: string }[] }[];
}

const follower = async (zaloUserId: string) =>
  (await t.database.db.select().from(followers).where(eq(followers.zaloUserId, zaloUserId)))[0]!;

describe('built-in commands', () => {
  it('shows the menu for menu, bắt đầu, help — with or without diacritics', async () => {
    for (const text of ['menu', 'Bắt đầu', 'bat dau', 'HELP', '  Menu!  ']) {
      const [reply] = await say('u-menu', text);
      expect(reply!.text).toMatch(/Bạn cần hỗ trợ gì/);
      // What the bot does, within Zalo's five buttons: asked topics, the contest, the survey, an officer;
      // news and language as the words to type.
      expect(reply!.buttons!.map((b) => b.payload)).toEqual([
        '#faq:vneid-register',
        '#faq:dvc-track-status',
        'cuộc thi',
        'khảo sát',
        '#human',
      ]);
      expect(reply!.text).toContain('"ngôn ngữ"');
      expect(reply!.text).toContain('"tin"');
      expect(reply!.text).toContain('"huỷ tin"');
    }
  });

  it('opts out and back in; "đúng" (yes) never opts anyone out', async () => {
    await say('u-opt', 'đúng');
    expect((await follower('u-opt')).optedOut).toBe(false);
    for (const text of ['Hủy nhận tin', 'huy nhan tin', 'STOP', 'dừng']) {
      await say('u-opt', 'nhận tin');
      expect((await follower('u-opt')).optedOut).toBe(false);
      const [r] = await say('u-opt', text);
      expect(r!.text).toMatch(/đã hủy nhận tin/);
      expect((await follower('u-opt')).optedOut).toBe(true);
    }
    const [again] = await say('u-opt', '#optout');
    expect(again!.text).toMatch(/trước đó/);
    const [menu] = await say('u-opt', 'menu');
    expect(menu!.text).toContain('"nhận tin"');
  });

  it('switches language with buttons; replies follow the chosen language', async () => {
    const [choose] = await say('u-lang', 'ngon ngu');
    expect(choose!.buttons!.map((b) => b.payload)).toEqual(['#lang vi', '#lang km', '#lang en']);
    expect((await say('u-lang', 'ភាសា'))[0]!.buttons).toHaveLength(3);
    expect((await say('u-lang', '#lang en'))[0]!.text).toBe('Switched to English.');
    expect((await follower('u-lang')).language).toBe('en');
    expect((await say('u-lang', 'menu'))[0]!.text).toMatch(/^How can we help/);
    expect((await say('u-lang', '#lang km'))[0]!.text).toMatch(/ខ្មែរ/);
    expect((await say('u-lang', 'menu'))[0]!.text).toMatch(/តើអ្នកត្រូវការជំនួយអ្វី/);
    expect((await say('u-lang', 'Tiếng Việt'))[0]!.text).toBe('Đã chuyển sang tiếng Việt.');
  });

  it('answers text no feature takes with the fallback, in the follower language', async () => {
    // A pipeline with no features registered (the app's own has the FAQ, which answers everything).
    const bare = new ChatPipeline({
      db: t.database.db,
      clock: t.clock,
      logger: silent,
      config: t.config,
      i18n: createI18n('content'),
      handoff: t.chat.handoff,
    });
    const turn = { eventId: 'e-fb', zaloUserId: 'u-fb-bare', at: t.clock.now() };
    expect((await bare.handleText({ ...turn, text: 'thủ tục cấp căn cước?' })).replies[0]).toMatchObject({
      text: expect.stringMatching(/chưa hiểu/),
      buttons: [{ payload: '#human' }, { payload: '#menu' }],
    });
    await bare.handleText({ ...turn, text: 'language en' });
    expect((await bare.handleText({ ...turn, text: 'zzz' })).replies[0]!).toMatchObject({
      text: expect.stringMatching(/^Sorry/),
    });
  });

  it('keeps feature state between turns', async () => {
    expect((await say('u-fb', 'ping'))[0]!.text).toBe('pong 1');
    expect((await say('u-fb', 'ping'))[0]!.text).toBe('pong 2');
  });

  it('skips a failing feature, drops its half-made reply, logs the event id and still answers', async () => {
    explode = true;
    try {
      const replies = await say('u-boom', 'ping');
      expect(replies.map((r) => r.text)).toEqual(['pong 1']);
    } finally {
      explode = false;
    }
    const line = t.logs.lines.find((l) => l.msg === 'chat feature failed, skipped');
    expect(line).toMatchObject({ feature: 'exploding' });
    expect(String(line!.eventId)).toMatch(/^sim:/);
  });

  it('validates simulator input in Vietnamese', async () => {
    const res = await request(t.express).post('/dev/simulator/messages').send({ text: 'hi' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/userId/);
  });
});

describe('hand-off to a person', () => {
  it('goes quiet while waiting, still honours opt-out, and takes over after staff idle time', async () => {
    const [r] = await say('u-human', 'gap can bo');
    expect(r!.text).toMatch(/chuyển tới cán bộ/);
    const [conv] = await t.chat.handoff.listHandoffs({ status: 'waiting' });
    expect(conv).toMatchObject({ zaloUserId: 'u-human', handoffStatus: 'waiting', replyKind: 'cs' });
    expect(await say('u-human', 'alo?')).toEqual([]);
    expect((await say('u-human', 'hủy nhận tin'))[0]!.text).toMatch(/đã hủy nhận tin/);
    t.clock.advance(29 * 60_000);
    expect(await say('u-human', 'còn ai không?')).toEqual([]);
    t.clock.advance(60_000);
    const resumed = await say('u-human', 'menu');
    expect(resumed[0]!.text).toMatch(/chưa có cán bộ phản hồi/);
    expect(resumed[1]!.text).toMatch(/Bạn cần hỗ trợ gì/);
    expect(await t.chat.handoff.listHandoffs()).toHaveLength(0);
  });

  it('lets staff assign, reply through the outbox and close; the bot is silent meanwhile', async () => {
    await postWebhook(t, textEvent(t, 'u-staff', 'nhân viên'));
    await settle(t);
    const [conv] = await t.chat.handoff.listHandoffs();
    await t.chat.handoff.assign(conv!.id, 'staff-1');
    const { kind } = await t.chat.handoff.staffReply(
      conv!.id,
      'staff-1',
      'Chào anh, tôi là cán bộ Sở Nội vụ.',
    );
    expect(kind).toBe('cs');
    await postWebhook(t, textEvent(t, 'u-staff', 'cảm ơn'));
    await settle(t);
    const texts = sent.filter((m) => m.userId === 'u-staff').map((m) => m.message.text);
    expect(texts).toEqual([expect.stringMatching(/chuyển tới cán bộ/), 'Chào anh, tôi là cán bộ Sở Nội vụ.']);
    t.clock.advance(20 * 60_000); // staff activity keeps the bot quiet past the idle time counted from hand-off
    expect(await say('u-staff', 'alo')).toEqual([]);
    await t.chat.handoff.close(conv!.id, 'staff-1');
    expect((await say('u-staff', 'menu'))[0]!.text).toMatch(/Bạn cần hỗ trợ gì/);
  });

  it('allows staff replies for 7 days after the citizen wrote, shows the free allowance, refuses after', async () => {
    await say('u-late', 'gặp cán bộ');
    const wroteAt = t.clock.now().getTime();
    const conversation = async () =>
      (await t.chat.handoff.listHandoffs()).find((c) => c.zaloUserId === 'u-late')!;
    const conv = await conversation();
    // just after writing: free (8 replies in 48 h; the simulator's replies are not queued, so none used)
    expect(conv.replyWindow).toMatchObject({ open: true, freeRepliesLeft: 8 });
    expect(conv.replyWindow.windowEndsAt?.getTime()).toBe(wroteAt + 7 * 86_400_000);
    expect(conv.replyWindow.freeUntil?.getTime()).toBe(wroteAt + 48 * 3_600_000);
    // past the 48 h allowance: still allowed (a paid consultation message), and the agent sees it is not free
    t.clock.advance(48 * 3_600_000);
    expect((await conversation()).replyWindow).toMatchObject({
      open: true,
      freeRepliesLeft: 0,
      freeUntil: null,
    });
    expect((await t.chat.handoff.staffReply(conv.id, 'staff-1', 'Xin lỗi vì trả lời muộn')).kind).toBe('cs');
    // the last millisecond of the 7 days still goes
    t.clock.set(new Date(wroteAt + 7 * 86_400_000 - 1));
    expect((await t.chat.handoff.staffReply(conv.id, 'staff-1', 'Vẫn kịp')).kind).toBe('cs');
    // at 7 days Zalo would answer -230: refused here, nothing queued
    t.clock.set(new Date(wroteAt + 7 * 86_400_000));
    expect((await conversation()).replyKind).toBeNull();
    await expect(t.chat.handoff.staffReply(conv.id, 'staff-1', 'Quá hạn')).rejects.toMatchObject({
      code: 'conflict',
      userMessage: expect.stringMatching(/quá 7 ngày/),
    });
    const [f] = await t.database.db.select().from(followers).where(eq(followers.zaloUserId, 'u-late'));
    const queued = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.followerId, f!.id));
    expect(
      queued.filter((q) => q.source === 'staff').map((q) => (q.message as { text: string }).text),
    ).toEqual(['Xin lỗi vì trả lời muộn', 'Vẫn kịp']);
    await expect(t.chat.handoff.staffReply(conv.id, 'staff-1', '   ')).rejects.toThrow();
    const [c] = await t.database.db.select().from(conversations).where(eq(conversations.id, conv.id));
    expect(c!.handoffStatus).toBe('staff');
  });
});
