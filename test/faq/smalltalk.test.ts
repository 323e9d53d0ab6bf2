import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

type Reply = { type: string; text: string; buttons?: { title: string; payload: string }[] };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const say = async (userId: string, text: string) => {
  const res = await request(t.express).post('/dev/simulator/messages').send({ userId, text });
  expect(res.status).toBe(200);
  return res.body as { replies: Reply[]; mode: string };
};

describe('small talk through the simulator', () => {
  it('six turns of small talk never hand off; the seventh, a real question, is answered by the bot', async () => {
    const turns = ['xin chào', 'cảm ơn', 'alo', 'ok', 'bạn là ai', 'bạn là người hay máy'];
    for (const text of turns) {
      const { replies, mode } = await say('st-u1', text);
      expect(mode, text).toBe('bot');
      expect(replies, text).toHaveLength(1);
      expect(replies[0]!.text, text).not.toMatch(/Xin lỗi, mình chưa hiểu|chuyển cho cán bộ/);
    }
    expect(await t.chat.handoff.listHandoffs({ status: 'waiting' })).toEqual([]);
    const { replies } = await say('st-u1', 'quên mật khẩu vneid thì làm sao');
    expect(replies[0]!.text).toMatch(/mật khẩu/i);
    expect(replies[0]!.buttons?.some((b) => b.payload.startsWith('https://'))).toBe(true);
  });

  it('a greeting offers the menu; a complaint offers an officer without handing off', async () => {
    const hello = (await say('st-u2', 'chào ad')).replies[0]!;
    expect(hello.buttons?.map((b) => b.payload)).toContain('#menu');
    const complaint = (await say('st-u2', 'bot gì mà trả lời chán quá')).replies[0]!;
    expect(complaint.buttons?.map((b) => b.payload)).toContain('#human');
    const insult = await say('st-u2', 'đồ ngu');
    expect(insult.replies).toHaveLength(1);
    expect(await t.chat.handoff.listHandoffs({ status: 'waiting' })).toEqual([]);
  });

  it('replies in the language the small talk is written in', async () => {
    expect((await say('st-u3', 'thank you so much')).replies[0]!.text).toMatch(/[A-Za-z]/);
    expect((await say('st-u3', 'thank you so much')).replies[0]!.text).not.toMatch(/[ăâđêôơư]/i);
    expect((await say('st-u3', 'សួស្តី')).replies[0]!.text).toMatch(/[\u1780-\u17ff]/);
  });
});
