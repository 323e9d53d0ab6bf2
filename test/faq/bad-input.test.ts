import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnanswered } from '../../src/faq/unanswered.repository.ts';
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
  return res.body.replies as Reply[];
};

describe('bad input to the FAQ', () => {
  it('answers mixed Vietnamese/English, Khmer without spaces and Latin Khmer sensibly', async () => {
    const mixed = await say('bad-u1', 'cho em hỏi cách reset password vneid bị quên');
    expect(mixed[0]!.text).toMatch(/mật khẩu|Ý bạn là/i);
    const khmer = await say('bad-u2', 'ខ្ញុំភ្លេចពាក្យសម្ងាត់VNeIDត្រូវធ្វើដូចម្តេច');
    expect(khmer).toHaveLength(1);
    expect(khmer[0]!.text).toMatch(/[\u1780-\u17ff]/); // a Khmer reply (answer, suggestions or apology)
    const latin = await say('bad-u3', 'suosdei knhom chong sour pi passport');
    expect(latin).toHaveLength(1);
    expect(latin[0]!.text.length).toBeGreaterThan(0);
  });

  it('replies to emoji only and to 5,000 characters without failing', async () => {
    const emoji = await say('bad-u4', '😀😀😀');
    expect(emoji[0]!.text).toMatch(/gõ câu hỏi/);
    const thumbs = await say('bad-u4', '👍');
    expect(thumbs[0]!.text).not.toMatch(/gõ câu hỏi/);
    const long = await say('bad-u5', `làm căn cước ${'rất '.repeat(1240)}gấp`);
    expect(long).toHaveLength(1);
  });

  it('never logs or stores a phone or ID number that is inside the question', async () => {
    const phone = '0912345678';
    const id = '079203001234';
    await say('bad-u6', `tôi tên Lan sđt ${phone} cccd ${id} muốn hỏi về giá vàng`);
    await say('bad-u6', `số ${phone} của tôi bị khóa zalo`);
    const { items } = await listUnanswered(t.database.db, { limit: 100, offset: 0 });
    const stored = JSON.stringify(items);
    const logged = t.logs.text;
    for (const secret of [phone, id, '912345678']) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});
