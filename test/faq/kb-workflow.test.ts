import request from 'supertest';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { auditLog } from '../../src/console/console.schema.ts';
import { faqTopics, faqTopicVersions } from '../../src/faq/faq.schema.ts';
import { seedKnowledgeBase } from '../../src/faq/kb.seed.ts';
import type { TopicContent } from '../../src/faq/topic-content.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';

let t: TestApp;
type Session = { cookie: string; csrf: string };
type Who = 'editor' | 'approverA' | 'approverB' | 'communeEditor' | 'reviewer';
const s = {} as Record<Who, Session>;
const ids = {} as Record<Who, string>;
/** Sessions expire when the fake clock jumps months ahead: new ones at the new time. */
async function signIn() {
  for (const who of Object.keys(ids) as Who[]) s[who] = await sessionFor(t, ids[who]);
}

beforeAll(async () => {
  t = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  t.clock.set('2026-12-01T03:00:00Z');
  await loadReferenceData(t.database.db, 'content');
  await seedKnowledgeBase(t.database.db, 'content', { now: t.clock.now() });
  ids.editor = (await createStaff(t, 'kb-editor', 'editor')).id;
  ids.approverA = (await createStaff(t, 'kb-approver-a', 'approver')).id;
  ids.approverB = (await createStaff(t, 'kb-approver-b', 'approver')).id;
  ids.reviewer = (await createStaff(t, 'kb-reviewer', 'reviewer')).id;
  ids.communeEditor = (await createStaff(t, 'kb-commune', 'editor', 'ubnd-phuong-vinh-chau')).id;
  await signIn();
});
afterAll(() => t.close());

function api(method: 'get' | 'post' | 'put', path: string, who: Session, body?: object) {
  const agent = request(t.express);
  const url = `/api/console/faq${path}`;
  const r = (method === 'get' ? agent.get(url) : method === 'put' ? agent.put(url) : agent.post(url))
    .set('cookie', who.cookie)
    .set('x-csrf-token', who.csrf);
  return method === 'get' ? r : r.send(body ?? {});
}

async function latestOf(id: string) {
  const res = await api('get', `/topics/${id}`, s.editor).expect(200);
  return res.body as {
    topic: {
      latestVersion: number;
      publishedVersion: number | null;
      reviewBy: string;
      lastReviewedAt: string;
    };
    latest: { number: number; status: string; content: TopicContent };
  };
}

describe('the knowledge base in the console', () => {
  it('lists topics with search (no diacritics needed), languages, review dates and feedback counts', async () => {
    const all = await api('get', '/topics?pageSize=100', s.editor).expect(200);
    expect(all.body.total).toBeGreaterThanOrEqual(60);
    const birth = all.body.items.find((i: { id: string }) => i.id === 'birth-registration');
    expect(birth).toMatchObject({
      latestStatus: 'published',
      publishedVersion: 1,
      languages: ['vi', 'km', 'en'],
      lastReviewedAt: '2026-11-23',
      reviewBy: '2027-05-23',
      reviewOverdue: false,
      feedback: { helpful: 0, notHelpful: 0 },
    });
    const found = await api('get', '/topics?q=dang%20ky%20khai%20sinh', s.editor).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain('birth-registration');
    expect(found.body.total).toBeLessThan(all.body.total);
    await api('get', '/topics?status=nope', s.editor).expect(400);
    // Reviewers (Sở Nội vụ) do not read the editor's page.
    await api('get', '/topics', s.reviewer).expect(403);
  });

  it('saves a new draft; a second editor on the stale version gets a 409 in Vietnamese and nothing is overwritten', async () => {
    const { latest } = await latestOf('birth-registration');
    const edited = { ...latest.content, answer: `${latest.content.answer}\nCập nhật thử.` };
    const first = await api('put', '/topics/birth-registration', s.editor, {
      baseVersion: 1,
      content: edited,
    }).expect(200);
    expect(first.body.version).toMatchObject({ number: 2, status: 'draft' });
    expect(first.body.topic).toMatchObject({ latestVersion: 2, publishedVersion: 1 });
    const stale = await api('put', '/topics/birth-registration', s.approverA, {
      baseVersion: 1,
      content: { ...latest.content, title: 'Tiêu đề của người thứ hai' },
    }).expect(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.message).toMatch(/vừa được Cán bộ kb-editor lưu thành phiên bản 2/);
    expect(stale.body.error.details).toMatchObject({ latestVersion: 2 });
    const now = await latestOf('birth-registration');
    expect(now.latest.number).toBe(2);
    expect(now.latest.content.answer).toBe(edited.answer);
  });

  it('refuses an answer over the length limit, a topic without a source and a variant of another topic, writing nothing', async () => {
    const { latest } = await latestOf('birth-registration');
    const other = await latestOf('death-registration');
    const cases: [Partial<TopicContent>, RegExp, string][] = [
      [{ answer: 'Rất dài. '.repeat(130) }, /tối đa 1000 ký tự/, 'content.answer'],
      [{ sources: [] }, /Cần ít nhất một nguồn/, 'content.sources'],
      [
        { variants: [...latest.content.variants, other.latest.content.variants[0]!] },
        /đã thuộc chủ đề “.+” \(death-registration\)/,
        `content.variants.${latest.content.variants.length}`,
      ],
    ];
    for (const [change, message, path] of cases) {
      const res = await api('put', '/topics/birth-registration', s.editor, {
        baseVersion: 2,
        content: { ...latest.content, ...change },
      }).expect(400);
      expect(res.body.error.code).toBe('validation');
      const field = res.body.error.fields.find((f: { path: string }) => f.path === path);
      expect(field?.message, JSON.stringify(res.body.error.fields)).toMatch(message);
    }
    expect((await latestOf('birth-registration')).latest.number).toBe(2);
  });

  it('draft → submit → publish needs a second person: the author-approver is refused, another approver publishes', async () => {
    await api('post', '/topics/birth-registration/submit', s.editor, { version: 2 }).expect(200);
    // An editor may not publish at all (policy table).
    await api('post', '/topics/birth-registration/publish', s.editor, { version: 2 }).expect(403);
    // Approver A rewrites it: the submitted v2 is superseded by A's v3.
    const { latest } = await latestOf('birth-registration');
    await api('put', '/topics/birth-registration', s.approverA, {
      baseVersion: 2,
      content: { ...latest.content, answer: `${latest.content.answer} Bản của người duyệt A.` },
    }).expect(200);
    await api('post', '/topics/birth-registration/submit', s.approverA, { version: 3 }).expect(200);
    const own = await api('post', '/topics/birth-registration/publish', s.approverA, { version: 3 }).expect(
      403,
    );
    expect(own.body.error.message).toBe('Bạn không thể tự duyệt phiên bản do mình soạn hoặc gửi duyệt.');
    // Publishing a version that is not the latest is a conflict, not a silent publish of other words.
    await api('post', '/topics/birth-registration/publish', s.approverB, { version: 2 }).expect(409);
    const ok = await api('post', '/topics/birth-registration/publish', s.approverB, { version: 3 }).expect(
      200,
    );
    expect(ok.body.version).toMatchObject({
      number: 3,
      status: 'published',
      publishedBy: { displayName: 'Cán bộ kb-approver-b' },
    });
    expect(ok.body.topic).toMatchObject({ publishedVersion: 3, latestVersion: 3, latestStatus: 'published' });
    const statuses = await t.database.db
      .select({ n: faqTopicVersions.number, status: faqTopicVersions.status })
      .from(faqTopicVersions)
      .where(eq(faqTopicVersions.topicId, 'birth-registration'))
      .orderBy(faqTopicVersions.number);
    expect(statuses).toEqual([
      { n: 1, status: 'superseded' },
      { n: 2, status: 'superseded' },
      { n: 3, status: 'published' },
    ]);
    const actions = await t.database.db
      .select({ action: auditLog.action, username: auditLog.username })
      .from(auditLog)
      .where(and(like(auditLog.action, 'faq.topic.%'), eq(auditLog.targetId, 'birth-registration')))
      .orderBy(auditLog.id);
    expect(actions.map((a) => `${a.action} ${a.username}`)).toEqual([
      'faq.topic.save kb-editor',
      'faq.topic.submit kb-editor',
      'faq.topic.save kb-approver-a',
      'faq.topic.submit kb-approver-a',
      'faq.topic.publish kb-approver-b',
    ]);
  });

  it('lists versions with their changes and restores an old one as a new draft', async () => {
    const res = await api('get', '/topics/birth-registration/versions', s.editor).expect(200);
    expect(res.body.items.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);
    expect(res.body.items[0].changes.map((c: { field: string }) => c.field)).toEqual(['answer']);
    expect(res.body.items[2].changes).toEqual([]);
    const restored = await api('post', '/topics/birth-registration/versions/1/restore', s.editor, {
      baseVersion: 3,
    }).expect(201);
    expect(restored.body.version).toMatchObject({
      number: 4,
      status: 'draft',
      note: 'Khôi phục phiên bản 1',
    });
    expect(restored.body.version.content).toEqual(res.body.items[2].content);
    await api('post', '/topics/birth-registration/versions/9/restore', s.editor, { baseVersion: 4 }).expect(
      404,
    );
  });

  it('keeps commune staff out of the province knowledge base', async () => {
    const { latest } = await latestOf('birth-registration');
    const res = await api('put', '/topics/birth-registration', s.communeEditor, {
      baseVersion: 4,
      content: latest.content,
    }).expect(403);
    expect(res.body.error.message).toMatch(/đơn vị cấp tỉnh/);
  });

  it('creates a topic (id unique), and a person’s review sets the dates; overdue topics reach the dashboard', async () => {
    const content = {
      title: 'Cấp đổi giấy phép lái xe trực tuyến',
      answer: 'Bạn nộp hồ sơ trên Cổng Dịch vụ công quốc gia.',
      variants: ['đổi bằng lái xe online'],
      sources: [{ label: 'Cổng Dịch vụ công quốc gia', url: 'https://dichvucong.gov.vn' }],
    };
    const created = await api('post', '/topics', s.editor, { id: 'driving-licence-renewal', content }).expect(
      201,
    );
    expect(created.body.topic).toMatchObject({
      latestVersion: 1,
      publishedVersion: null,
      lastReviewedAt: null,
    });
    await api('post', '/topics', s.editor, { id: 'driving-licence-renewal', content }).expect(409);

    t.clock.set('2027-06-01T03:00:00Z');
    await signIn();
    const overdue = await api('get', '/topics?reviewDue=1&pageSize=100', s.editor).expect(200);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain('birth-registration');
    expect(overdue.body.overdue).toBe(overdue.body.total);
    const dash = await request(t.express)
      .get('/api/console/dashboard')
      .set('cookie', s.editor.cookie)
      .expect(200);
    expect(dash.body.faqTopicsOverdue).toBe(overdue.body.overdue);

    const reviewed = await api('post', '/topics/birth-registration/review', s.approverA).expect(200);
    expect(reviewed.body.topic).toMatchObject({
      lastReviewedAt: '2027-06-01',
      reviewBy: '2027-12-01',
      reviewOverdue: false,
    });
    const [row] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(faqTopics)
      .where(sql`${faqTopics.reviewBy} < '2027-06-01'::date`);
    expect(Number(row!.n)).toBe(overdue.body.overdue - 1);
  });

  it('previews the citizen’s Zalo message with locals filled, and reports rule problems without refusing', async () => {
    const { latest } = await latestOf('birth-registration');
    const res = await api('post', '/preview', s.editor, { content: latest.content, lang: 'vi' }).expect(200);
    expect(res.body.message.text).not.toMatch(/\{\{/);
    expect(res.body.message.text).toMatch(/Nguồn: /);
    expect(res.body.message.buttons.map((b: { payload: string }) => b.payload)).toContain(
      '#faq-feedback up preview',
    );
    expect(res.body.problems).toEqual([]);
    const bad = await api('post', '/preview', s.editor, {
      content: { ...latest.content, answer: 'Đến {{local.khong_co_khoa_nay}}.' },
      lang: 'vi',
    }).expect(200);
    expect(bad.body.problems[0].message).toMatch(/khong_co_khoa_nay/);
  });
});
