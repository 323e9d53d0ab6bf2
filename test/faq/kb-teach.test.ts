import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { seedKnowledgeBase } from '../../src/faq/kb.seed.ts';
import { readIndexVersion } from '../../src/faq/kb.repository.ts';
import { unansweredKey } from '../../src/faq/unanswered.repository.ts';
import type { OutboundMessage } from '../../src/zalo/zalo.port.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';

type TextMessage = Extract<OutboundMessage, { type: 'text' }>;
type Session = { cookie: string; csrf: string };

// Two app instances on one database, as behind a load balancer: staff teach on A, citizens ask B.
let a: TestApp;
let b: TestApp;
let editor: Session;
let approver: Session;

beforeAll(async () => {
  a = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(a.database.db, 'content');
  await seedKnowledgeBase(a.database.db, 'content', { now: a.clock.now() });
  b = await createTestApp({
    database: a.database,
    clock: a.clock,
    config: { RATE_LIMIT_PER_MINUTE: '100000' },
  });
  await Promise.all([a.faq.live.refresh(), b.faq.live.refresh()]);
  editor = await sessionFor(a, (await createStaff(a, 'teach-editor', 'editor')).id);
  approver = await sessionFor(a, (await createStaff(a, 'teach-approver', 'approver')).id);
}, 120_000);
afterAll(async () => {
  await b.faq.live.stop();
  await a.close();
});

const say = async (app: TestApp, userId: string, text: string) => {
  const res = await request(app.express).post('/dev/simulator/messages').send({ userId, text }).expect(200);
  return res.body.replies as TextMessage[];
};
const consoleApi = (method: 'get' | 'post', path: string, who: Session, body: object = {}) => {
  const agent = request(a.express);
  const r = (method === 'get' ? agent.get(path) : agent.post(path))
    .set('cookie', who.cookie)
    .set('x-csrf-token', who.csrf);
  return method === 'get' ? r : r.send(body);
};

/**
 * Questions the bot gets wrong today, and what staff teach for them. They are checked against the seed pack and
 * the fitted parameters at the start of each test (a refit that fixes one of them fails here, naming it: pick
 * another one the bot still gets wrong).
 */
const suggested = 'bé nhà em sinh ở bệnh viện tỉnh khác';
const suggestedToo = { q: 'nhà ông bà để lại giờ chia sao', teach: 'land-certificate' };
const wronglyAnswered = [
  {
    q: 'bảo hiểm cho bé đi học',
    got: 'poor-household',
    teach: 'child-health-insurance',
  },
];
const outOfScope = { q: 'thi công chức xã năm nay khi nào', got: 'civil-service-culture' };

describe('feedback and teaching, across two instances', () => {
  it('counts "Hữu ích / Chưa đúng" once per answer and puts a "Chưa đúng" question on the unanswered list', async () => {
    for (const [i, q] of [suggested, suggestedToo.q].entries()) {
      const [menu] = await say(b, `citizen-s${i}`, q);
      expect(menu!.buttons?.[0]!.type, q).toBe('oa.query.show'); // "Ý bạn là:" — not answered
    }
    for (const [i, w] of [...wronglyAnswered, outOfScope].entries()) {
      const [answer] = await say(b, `citizen-w${i}`, w.q);
      const down = answer!.buttons!.find((x) => x.payload.startsWith('#faq-feedback down'));
      expect(down?.payload).toBe(`#faq-feedback down ${w.got}`);
      const [thanks] = await say(b, `citizen-w${i}`, down!.payload);
      expect(thanks!.text).toMatch(/Cảm ơn bạn đã góp ý/);
      expect(thanks!.buttons).toEqual([{ title: 'Gặp cán bộ', type: 'oa.query.hide', payload: '#human' }]);
      // A second tap on the same answer is thanked, not counted.
      await say(b, `citizen-w${i}`, down!.payload);
    }
    const [good] = await say(b, 'citizen-ok', 'đổi bằng lái xe hết hạn');
    await say(b, 'citizen-ok', good!.buttons!.find((x) => x.payload.startsWith('#faq-feedback up'))!.payload);

    const topics = await consoleApi('get', '/api/console/faq/topics?pageSize=100', editor).expect(200);
    const fb = (id: string) => topics.body.items.find((i: { id: string }) => i.id === id).feedback;
    expect(fb(wronglyAnswered[0]!.got)).toEqual({ helpful: 0, notHelpful: 1 });
    expect(fb('driver-license-renew')).toEqual({ helpful: 1, notHelpful: 0 });
    const list = await consoleApi('get', '/api/console/unanswered?pageSize=50', editor).expect(200);
    const row = list.body.items.find((i: { text: string }) => i.text === wronglyAnswered[0]!.q);
    expect(row).toMatchObject({
      status: 'open',
      source: 'feedback',
      reportedTopicId: wronglyAnswered[0]!.got,
      count: 1,
    });
    expect(list.body.items.find((i: { text: string }) => i.text === suggested)).toMatchObject({
      source: 'low_confidence',
      reportedTopicId: null,
    });
  });

  it('teaches three questions and one out-of-scope on A; B answers them (and declines the fourth) within seconds', async () => {
    const list = (await consoleApi('get', '/api/console/unanswered?pageSize=50', editor).expect(200)).body
      .items as { id: string; text: string }[];
    const idOf = (q: string) => list.find((i) => i.text === unansweredKey(q))!.id;
    const lessons = [{ q: suggested, teach: 'birth-registration' }, suggestedToo, ...wronglyAnswered];
    // Before any lesson: none of them is answered with the topic staff will teach.
    for (const l of lessons) expect(b.faq.service.match(l.q).topicId).not.toBe(l.teach);
    for (const l of lessons) {
      const res = await consoleApi('post', `/api/console/faq/unanswered/${idOf(l.q)}/assign`, editor, {
        topicId: l.teach,
      }).expect(200);
      expect(res.body).toMatchObject({ status: 'assigned', topicId: l.teach, version: { status: 'draft' } });
      expect(res.body.version.content.variants).toContain(unansweredKey(l.q));
      // A draft is not live: the index version moves only when an approver publishes it.
      const before = await readIndexVersion(a.database.db);
      await consoleApi('post', `/api/console/faq/topics/${l.teach}/submit`, editor, {
        version: res.body.version.number,
      }).expect(200);
      expect(await readIndexVersion(a.database.db)).toBe(before);
      await consoleApi('post', `/api/console/faq/topics/${l.teach}/publish`, approver, {
        version: res.body.version.number,
      }).expect(200);
      expect(await readIndexVersion(a.database.db)).toBe(before! + 1);
    }
    await consoleApi('post', `/api/console/faq/unanswered/${idOf(outOfScope.q)}/assign`, editor, {
      outOfScope: true,
    }).expect(200);
    // Handled once: a second assign is a conflict, and the rows leave the open list.
    await consoleApi('post', `/api/console/faq/unanswered/${idOf(outOfScope.q)}/assign`, editor, {
      outOfScope: true,
    }).expect(409);
    const open = (await consoleApi('get', '/api/console/unanswered?pageSize=50', editor).expect(200)).body
      .items;
    expect(open.map((i: { text: string }) => i.text)).not.toContain(unansweredKey(outOfScope.q));

    // B learns of it only through the database: poll its index until every lesson is live (60 s at most; the delay
    // is poll + rebuild, CPU-bound, so it is logged for the README rather than asserted tightly).
    const taughtAt = Date.now();
    const target = await readIndexVersion(a.database.db);
    const live = () =>
      lessons.every((l) => b.faq.service.match(l.q).topicId === l.teach) &&
      b.faq.service.match(outOfScope.q).kind !== 'answer' &&
      b.faq.live.builtVersion() === target;
    while (!live() && Date.now() - taughtAt < 60_000) await new Promise((r) => setTimeout(r, 100));
    const delay = Date.now() - taughtAt;
    console.info(
      `taught on A → answered on B after ${delay} ms (poll ${b.config.FAQ_INDEX_POLL_MS} ms, last rebuild ${Math.round(b.faq.live.lastBuildMs())} ms)`,
    );
    expect(live()).toBe(true);

    for (const [i, l] of lessons.entries()) {
      const [answer] = await say(b, `asker-${i}`, l.q);
      const topic = b.faq.service.kb.byId.get(l.teach)!;
      expect(answer!.text).toContain(topic.answer.slice(0, 60));
    }
    const [declined] = await say(b, 'asker-oos', outOfScope.q);
    expect(declined!.text).toMatch(/Xin lỗi, mình chưa hiểu rõ câu hỏi/);
  }, 120_000);
});
