import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatContext, Language } from '../../src/chat/chat.types.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createFaqFeature } from '../../src/faq/faq.feature.ts';
import { createFaqService, type FaqService } from '../../src/faq/faq.service.ts';
import { loadKnowledgeBaseSync } from '../../src/faq/knowledge-base.ts';
import { loadTrainingCorpora } from '../../src/faq/corpora.ts';
import { listUnanswered } from '../../src/faq/unanswered.repository.ts';
import { createLogger } from '../../src/logger.ts';
import type { OutboundMessage } from '../../src/zalo/zalo.port.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

type TextMessage = Extract<OutboundMessage, { type: 'text' }>;

let t: TestApp;
let faq: FaqService;
const i18n = createI18n('content');
beforeAll(async () => {
  t = await createTestApp();
  faq = createFaqService(
    loadKnowledgeBaseSync({ contentDir: 'content' }),
    loadTrainingCorpora({ contentDir: 'content' }),
  );
});
afterAll(async () => {
  await t.close();
});

/** A hand-built turn: what the pipeline gives a feature, with replies and handoffs recorded. */
function turn(text: string, lang: Language = 'vi', state: Record<string, unknown> = {}, service = faq) {
  const replies: TextMessage[] = [];
  const handoffs: string[] = [];
  let passed = false;
  const ctx: ChatContext = {
    eventId: 'e1',
    follower: {
      id: 'f1',
      zaloUserId: 'z1',
      displayName: null,
      language: lang,
      areaCode: null,
      optedOut: false,
    },
    text,
    now: t.clock.now(),
    t: (key, options) => i18n.getFixedT(lang, 'chat')(key, options) as string,
    reply: (m) => void replies.push(m as TextMessage),
    state,
    requestHandoff: async (reason) => void handoffs.push(reason),
  };
  const feature = createFaqFeature({ db: t.database.db, faq: service, logger: createLogger('silent'), i18n });
  return {
    ctx,
    replies,
    handoffs,
    run: () =>
      feature.handle(ctx, async () => {
        passed = true;
      }),
    passed: () => passed,
  };
}

describe('FAQ chat feature', () => {
  it('answers a confident question with the answer, its source, the official link and the feedback replies', async () => {
    const x = turn('lam lltp tren vneid sao z');
    await x.run();
    const topic = faq.kb.byId.get('vneid-criminal-record')!;
    expect(x.replies).toHaveLength(1);
    expect(x.replies[0]!.text).toContain(topic.answer);
    expect(x.replies[0]!.text).toContain(`Nguồn: ${topic.sources[0]!.label}`);
    expect(x.replies[0]!.buttons).toEqual([
      { title: topic.link!.label, type: 'oa.open.url', payload: topic.link!.url },
      { title: 'Hữu ích', type: 'oa.query.hide', payload: '#faq-feedback up vneid-criminal-record' },
      { title: 'Chưa đúng', type: 'oa.query.hide', payload: '#faq-feedback down vneid-criminal-record' },
    ]);
  });

  it('answers in Khmer or English when the topic has it, else in Vietnamese with a note', async () => {
    const km = turn('lam lltp tren vneid sao z', 'km');
    await km.run();
    expect(km.replies[0]!.text).toContain(faq.kb.byId.get('vneid-criminal-record')!.translations.km!.answer);
    expect(km.replies[0]!.text).toMatch(/^ប្រភព|ប្រភព៖/m);
    // Every topic is translated now, so the Vietnamese fallback is checked on a copy of the knowledge base in which
    // one topic has no translation.
    const kb = loadKnowledgeBaseSync({ contentDir: 'content' });
    const untranslated = kb.byId.get('papi')!;
    untranslated.translations = {};
    const en = turn(`#faq:${untranslated.id}`, 'en', {}, createFaqService(kb));
    await en.run();
    expect(en.replies[0]!.text.startsWith('(This answer is only available in Vietnamese')).toBe(true);
    expect(en.replies[0]!.text).toContain(untranslated.answer);
  });

  it('answers an English question in English and offers to switch; a Khmer one in Khmer', async () => {
    const en = turn('How can I renew my driving licence?', 'vi');
    await en.run();
    const topic = faq.kb.byId.get('driver-license-renew')!;
    expect(en.replies[0]!.text).toContain(topic.translations.en!.answer);
    expect(en.replies[0]!.buttons).toContainEqual({
      title: 'Switch to English',
      type: 'oa.query.hide',
      payload: '#lang en',
    });
    // Already set to English: no offer.
    const set = turn('How can I renew my driving licence?', 'en');
    await set.run();
    expect(set.replies[0]!.buttons?.some((b) => b.payload.startsWith('#lang'))).toBe(false);
    const km = turn('ភ្លេចពាក្យសម្ងាត់ VNeID ត្រូវធ្វើដូចម្តេច', 'vi');
    await km.run();
    expect(km.replies[0]!.text).toMatch(/[\u1780-\u17ff]/);
  });

  it('offers three topics when unsure, and a tapped suggestion selects its topic', async () => {
    const x = turn('vneid');
    await x.run();
    const reply = x.replies[0]!;
    expect(reply.text).toBe('Ý bạn là:');
    expect(reply.buttons).toHaveLength(3);
    for (const b of reply.buttons!) expect(b.type).toBe('oa.query.show');
    const chosen = faq.topicForPayload(reply.buttons![1]!.payload)!;
    const tap = turn(reply.buttons![1]!.payload);
    await tap.run();
    expect(tap.replies[0]!.text).toContain(chosen.answer);
  });

  it('apologises and offers a person when lost, and hands off after two such turns in a row', async () => {
    const state: Record<string, unknown> = {};
    const first = turn('giá vàng hôm nay bao nhiêu', 'vi', state);
    await first.run();
    expect(first.replies[0]!.text).toMatch(/^Xin lỗi/);
    expect(first.replies[0]!.buttons).toEqual([
      { title: 'Gặp cán bộ', type: 'oa.query.hide', payload: '#human' },
    ]);
    expect(first.handoffs).toEqual([]);
    const second = turn('kết quả xổ số miền nam', 'vi', state);
    await second.run();
    expect(second.handoffs).toEqual(['faq_low_confidence']);
    expect(second.replies[0]!.text).toMatch(/chuyển cho cán bộ/);
  });

  it('a good answer in between resets the count', async () => {
    const state: Record<string, unknown> = {};
    await turn('giá vàng hôm nay bao nhiêu', 'vi', state).run();
    await turn('lam lltp tren vneid sao z', 'vi', state).run();
    const third = turn('kết quả xổ số miền nam', 'vi', state);
    await third.run();
    expect(third.handoffs).toEqual([]);
  });

  it('replies politely to bad input and stores nothing unescaped', async () => {
    const inputs = [
      '',
      '   ',
      '😀😀😀',
      'x'.repeat(5000),
      'ស្នើសុំ VNeID 你好 привет',
      '<script>alert("x")</script><img src=x onerror=alert(1)>',
    ];
    for (const text of inputs) {
      const x = turn(text);
      await expect(x.run()).resolves.toBeUndefined();
      expect(x.replies.length, text.slice(0, 20)).toBe(1);
      expect(x.replies[0]!.text).not.toContain('<script>');
    }
    const { items } = await listUnanswered(t.database.db, { limit: 100, offset: 0 });
    for (const i of items) expect(i.normalisedText).not.toMatch(/[<>"'&]/);
  });
});

describe('FAQ through the simulator (full pipeline)', () => {
  const say = async (userId: string, text: string) => {
    const res = await request(t.express).post('/dev/simulator/messages').send({ userId, text });
    expect(res.status).toBe(200);
    return res.body.replies as TextMessage[];
  };

  it('answers, suggests, and hands off to a person after two unsure turns, then stays silent', async () => {
    const [answer] = await say('faq-u1', 'quên mật khẩu vneid thì làm sao');
    expect(answer!.text).toContain(faq.kb.byId.get('vneid-password')!.answer.slice(0, 40));
    const [suggest] = await say('faq-u1', 'vneid');
    expect(suggest!.buttons).toHaveLength(3);
    // "giá vàng hôm nay" is a near miss (shares words with topics); with 67 topics the lexical matcher puts it in the
    // suggestion band, so plainly unrelated questions are used here.
    await say('faq-u1', 'kết quả xổ số miền nam');
    const [handoff] = await say('faq-u1', 'thời tiết ngày mai thế nào');
    expect(handoff!.text).toMatch(/chuyển cho cán bộ/);
    const [conv] = await t.chat.handoff.listHandoffs({ status: 'waiting' });
    expect(conv).toMatchObject({ zaloUserId: 'faq-u1' });
    expect(await say('faq-u1', 'lam lltp tren vneid sao z')).toEqual([]);
  });

  it('answers in the follower language', async () => {
    await say('faq-u2', '#lang en');
    const [answer] = await say('faq-u2', 'lam lltp tren vneid sao z');
    expect(answer!.text).toContain(faq.kb.byId.get('vneid-criminal-record')!.translations.en!.answer);
  });
});

describe('GET /api/faq/search', () => {
  it('returns the best topics with titles', async () => {
    const res = await request(t.express).get('/api/faq/search').query({ q: 'dang ky dinh danh muc 2' });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      id: 'vneid-register',
      title: faq.kb.byId.get('vneid-register')!.title,
    });
    expect(res.body.results.length).toBeLessThanOrEqual(5);
  });

  it('titles in English on request, nothing for an unrelated query, 400 without q', async () => {
    const en = await request(t.express)
      .get('/api/faq/search')
      .query({ q: 'lý lịch tư pháp vneid', lang: 'en' });
    expect(en.body.results[0].title).toBe(faq.kb.byId.get('vneid-criminal-record')!.translations.en!.title);
    const none = await request(t.express).get('/api/faq/search').query({ q: 'kết quả xổ số miền nam' });
    expect(none.body.results).toEqual([]);
    const bad = await request(t.express).get('/api/faq/search');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/q/);
  });
});
