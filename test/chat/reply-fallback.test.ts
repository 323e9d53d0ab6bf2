import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import i18next from 'i18next';
import type { TestApp } from '../helpers/app.ts';
import { outboxMessages } from '../../src/chat/chat.schema.ts';
import { toPlainReply } from '../../src/chat/reply-fallback.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createChatTestApp, followEvent, postWebhook, settle, textEvent } from './chat-helpers.ts';

/** End to end: webhook → pipeline → outbox → strict fake Zalo that refuses text with buttons on /cs (-201). */
let fake: FakeZalo;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeZalo({ acceptAnyAccessToken: true, refuseKinds: ['buttons'] });
  t = await createChatTestApp({ ZALO_API_BASE: fake.url });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setOptions({ refuseKinds: ['buttons'], failNext: 0, errorCode: undefined });
});

async function say(userId: string, text: string) {
  const before = fake.sent.length;
  await postWebhook(t, textEvent(t, userId, text)).expect(200);
  await settle(t);
  return fake.sent.slice(before).map((m) => String(m.message.text));
}

const fallbackCount = async (code: string) => {
  const metric = await t.metrics.registry.getSingleMetric('zalo_reply_fallbacks_total')?.get();
  return metric?.values.find((v) => v.labels.code === code)?.value ?? 0;
};

describe('rich reply fallback', () => {
  it('sends a refused menu once more as numbered plain text, and "2" then works like tapping option 2', async () => {
    const [menu] = await say('u-fb', 'menu');
    expect(fake.stats.messagesRejected).toBe(1);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]!.requestKind).toBe('text');
    expect(menu).toMatch(/\n1\. .+\n2\. .+\n3\. .+\n4\. .+\n5\. .+\nGõ 1, 2, 3, 4 hoặc 5 để chọn\.$/);
    expect(await fallbackCount('-201')).toBe(1);
    const [row] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.zaloUserId, 'u-fb'));
    expect(row).toMatchObject({ status: 'sent', attempts: 1, zaloMessageId: fake.sent[0]!.messageId });

    // option 2 of the menu is the dossier-status topic: "2" gets that answer (its link button falls back too)
    const [status] = await say('u-fb', '2');
    expect(status).toMatch(/hồ sơ/i);
    expect(status).not.toMatch(/^Bạn cần hỗ trợ gì/);
    // the language choice (three buttons) is refused too and falls back
    const [languages] = await say('u-fb', 'ngôn ngữ');
    expect(languages).toContain('1. Tiếng Việt');
    expect(languages).toContain('3. English');
    // option 3 is "#lang en"
    expect(await say('u-fb', ' 3 ')).toEqual(['Switched to English.']);
    const [english] = await say('u-fb', 'menu');
    expect(english).toMatch(/Type 1, 2, 3, 4 or 5 to choose\.$/);
    const rejected = fake.stats.messagesRejected;
    expect(rejected).toBeGreaterThanOrEqual(3);
    expect(await fallbackCount('-201')).toBe(rejected);
  });

  it('reads a number as plain text when no options were offered or buttons went through again', async () => {
    fake.setOptions({ refuseKinds: [] });
    const [menu] = await say('u-nofb', 'menu');
    expect(menu).not.toMatch(/Gõ 1/);
    expect(fake.sent[0]!.requestKind).toBe('buttons');
    const replies = await say('u-nofb', '2');
    expect(replies.join(' ')).not.toMatch(/Tra cứu|tra cứu/); // not taken as option 2 (dossier status)
    expect(fake.stats.messagesRejected).toBe(0);
  });

  it('does not fall back for other refusals: outside the window (-230) the reply fails once, nothing else is sent', async () => {
    fake.setOptions({ refuseKinds: [], failNext: 1, errorCode: -230 });
    expect(await say('u-window', 'menu')).toEqual([]);
    const [row] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.zaloUserId, 'u-window'));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/-230/);
    expect(fake.sent).toHaveLength(0);
  });

  it('falls back after -210 as well, and a plain text that is refused again fails without a third try', async () => {
    fake.setOptions({ refuseKinds: [], failNext: 2, errorCode: -210 });
    expect(await say('u-twice', 'menu')).toEqual([]);
    const [row] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.zaloUserId, 'u-twice'));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(fake.stats.injectedErrors).toBe(2);
    fake.setOptions({ failNext: 1, errorCode: -210 });
    const before = await fallbackCount('-210');
    const [plain] = await say('u-twice2', 'menu');
    expect(plain).toMatch(/Gõ 1, 2, 3, 4 hoặc 5 để chọn\.$/);
    expect(await fallbackCount('-210')).toBe(before + 1);
  });
});

describe('every citizen turn against the strict fake', () => {
  it('greeting, menu, language choice, an FAQ answer, the contest link and the fallback are all accepted shapes', async () => {
    fake.setOptions({ refuseKinds: [] });
    const before = await fallbackCount('-201');
    await postWebhook(t, followEvent(t, 'u-all', 'follow')).expect(200);
    await settle(t);
    for (const text of ['menu', '#lang', 'Làm căn cước công dân ở đâu?', 'thi', 'zzzz qqqq'])
      await say('u-all', text);
    expect(fake.stats.messagesRejected).toBe(0);
    expect(fake.sent.length).toBeGreaterThanOrEqual(6);
    expect(new Set(fake.sent.map((m) => m.requestKind))).toEqual(new Set(['text', 'buttons']));
    // the FAQ answer carries its source link as a url button
    expect(JSON.stringify(fake.sent)).toContain('"type":"oa.open.url"');
    expect(await fallbackCount('-201')).toBe(before); // nothing fell back
  });
});

describe(toPlainReply.name, () => {
  const t = i18next.createInstance();
  void t.init({
    lng: 'vi',
    resources: { vi: { chat: { plainReply: { choose: 'Gõ {{numbers}} để chọn.', or: 'hoặc' } } } },
  });
  const fixed = t.getFixedT('vi', 'chat');

  it('numbers query buttons, writes links and phone numbers out, and stays within 2000 characters', () => {
    const r = toPlainReply(
      {
        type: 'text',
        text: 'a'.repeat(2500),
        buttons: [
          { title: 'Cổng DVC', type: 'oa.open.url', payload: 'https://dichvucong.gov.vn' },
          { title: 'Hỏi tiếp', type: 'oa.query.hide', payload: '#faq' },
          { title: 'Gọi', type: 'oa.open.phone', payload: '842923822222' },
          { title: 'Gặp cán bộ', type: 'oa.query.show', payload: '#human' },
        ],
      },
      fixed,
    )!;
    expect(Array.from(r.text).length).toBeLessThanOrEqual(2000);
    expect(r.text).toMatch(
      /Cổng DVC: https:\/\/dichvucong\.gov\.vn\n1\. Hỏi tiếp\nGọi: 842923822222\n2\. Gặp cán bộ\nGõ 1 hoặc 2 để chọn\.$/,
    );
    expect(r.options).toEqual([
      { title: 'Hỏi tiếp', payload: '#faq' },
      { title: 'Gặp cán bộ', payload: '#human' },
    ]);
  });

  it('does not number twice a title already numbered at its place', () => {
    const r = toPlainReply(
      {
        type: 'text',
        text: 'Câu 1',
        buttons: [
          { title: '1. Có', type: 'oa.query.show', payload: '1. Có' },
          { title: '2. Không', type: 'oa.query.show', payload: '2. Không' },
          { title: 'Bỏ qua', type: 'oa.query.show', payload: 'Bỏ qua' },
        ],
      },
      fixed,
    )!;
    expect(r.text).toBe('Câu 1\n\n1. Có\n2. Không\n3. Bỏ qua\nGõ 1, 2 hoặc 3 để chọn.');
  });

  it('lists a list card with its links, and has no plain form for a file', () => {
    const r = toPlainReply(
      { type: 'list', elements: [{ title: 'VNeID', subtitle: 'Định danh', url: 'https://vneid.gov.vn' }] },
      fixed,
    )!;
    expect(r).toEqual({ text: '• VNeID\nĐịnh danh\nhttps://vneid.gov.vn', options: [] });
    expect(toPlainReply({ type: 'file', token: 'x' }, fixed)).toBeUndefined();
  });
});
