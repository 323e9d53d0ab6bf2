import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { inboxEvents } from '../../src/chat/chat.schema.ts';
import { contentItems } from '../../src/broadcasts/broadcasts.schema.ts';
import { loadConversation } from '../../src/chat/handoff.service.ts';
import { recordUnanswered } from '../../src/faq/unanswered.repository.ts';
import { auditRows, createStaff, sessionFor } from './helpers.ts';

let app: TestApp;
let p1FollowerId: string;
let conversationId: string;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  const rows = await app.database.db
    .insert(followers)
    .values([
      {
        zaloUserId: 'z1',
        displayName: 'Trần Thị Mai',
        areaCode: 'vinh-chau-p1',
        tags: ['thanh-nien'],
        following: true,
      },
      {
        zaloUserId: 'z2',
        displayName: 'Lâm Sóc Kha',
        areaCode: 'vinh-chau-vinh-hai',
        tags: ['khmer'],
        following: true,
      },
      {
        zaloUserId: 'z3',
        displayName: 'Nguyễn Văn Nam',
        areaCode: 'vinh-chau-p1',
        tags: [],
        following: false,
      },
    ])
    .returning();
  p1FollowerId = rows[0]!.id;
  const conv = await loadConversation(app.database.db, p1FollowerId);
  conversationId = conv.id;
  await app.chat.handoff.requestHandoff(app.database.db, conv.id, 'faq_miss');
});
afterAll(() => app.close());

describe('console wired to the followers and chat modules', () => {
  it('searches followers by name, commune and tag within the staff scope', async () => {
    const editor = await sessionFor(
      app,
      (await createStaff(app, 'bt-p1', 'editor', 'ubnd-phuong-vinh-chau')).id,
    );
    const all = await request(app.express).get('/api/console/followers').set('cookie', editor.cookie);
    expect(all.body.items.map((f: { displayName: string }) => f.displayName)).toEqual([
      'Nguyễn Văn Nam',
      'Trần Thị Mai',
    ]);
    const byName = await request(app.express)
      .get('/api/console/followers?q=mai')
      .set('cookie', editor.cookie);
    expect(byName.body.total).toBe(1);
    const admin = await sessionFor(app, (await createStaff(app, 'qt', 'admin', null)).id);
    const byTag = await request(app.express)
      .get('/api/console/followers?tag=khmer')
      .set('cookie', admin.cookie);
    expect(byTag.body.items.map((f: { displayName: string }) => f.displayName)).toEqual(['Lâm Sóc Kha']);
    const tags = await request(app.express).get('/api/console/followers/tags').set('cookie', admin.cookie);
    expect(tags.body.items).toEqual(['khmer', 'thanh-nien']);
    const dash = await request(app.express).get('/api/console/dashboard').set('cookie', editor.cookie);
    expect(dash.body.followers).toBe(1);
  });

  it('dashboard: messages today, items awaiting approval and the daily series, each within the staff scope', async () => {
    const db = app.database.db;
    const now = app.clock.now();
    const yesterday = new Date(now.getTime() - 86_400_000);
    let n = 0;
    const event = (zaloUserId: string, eventName: string, receivedAt: Date) => ({
      dedupeKey: `dash-${n++}`,
      eventName,
      zaloUserId,
      payload: {},
      receivedAt,
      status: 'processed' as const,
    });
    await db.insert(inboxEvents).values([
      event('z1', 'user_send_text', now),
      event('z1', 'user_send_image', now),
      event('z2', 'user_send_text', now),
      event('z1', 'user_seen_message', now), // a receipt, not a message
      event('z2', 'user_send_text', yesterday),
    ]);
    const item = (unitCode: string, status: 'submitted' | 'draft') => ({
      unitCode,
      status,
      createdBy: 'x',
      createdAt: now,
      updatedAt: now,
    });
    await db
      .insert(contentItems)
      .values([
        item('ubnd-phuong-vinh-chau', 'submitted'),
        item('so-noi-vu', 'submitted'),
        item('ubnd-phuong-vinh-chau', 'draft'),
      ]);
    const admin = await sessionFor(app, (await createStaff(app, 'qt-dash', 'admin', null)).id);
    const editor = await sessionFor(
      app,
      (await createStaff(app, 'bt-dash', 'editor', 'ubnd-phuong-vinh-chau')).id,
    );
    const all = (await request(app.express).get('/api/console/dashboard').set('cookie', admin.cookie)).body;
    expect(all).toMatchObject({ messagesToday: 3, pendingApprovals: 2 });
    const mine = (await request(app.express).get('/api/console/dashboard').set('cookie', editor.cookie)).body;
    expect(mine).toMatchObject({ messagesToday: 2, pendingApprovals: 1 });
    expect(all.series).toHaveLength(14);
    const last2 = all.series.slice(-2).map((d: { series: { messages: number } }) => d.series.messages);
    expect(last2).toEqual([1, 3]);
  });

  it('lists, assigns and closes a handed-off conversation through the chat module, audited', async () => {
    const agent = await sessionFor(
      app,
      (await createStaff(app, 'td-p1', 'agent', 'ubnd-phuong-vinh-chau')).id,
    );
    const other = await sessionFor(app, (await createStaff(app, 'td-vh', 'agent', 'ubnd-xa-vinh-hai')).id);
    const list = await request(app.express).get('/api/console/handoff').set('cookie', agent.cookie);
    expect(list.body.items).toMatchObject([
      { id: conversationId, status: 'waiting', followerName: 'Trần Thị Mai', areaCode: 'vinh-chau-p1' },
    ]);
    expect(
      (await request(app.express).get('/api/console/handoff').set('cookie', other.cookie)).body.items,
    ).toEqual([]);
    const post = (who: typeof agent, action: string) =>
      request(app.express)
        .post(`/api/console/handoff/${conversationId}/${action}`)
        .set('cookie', who.cookie)
        .set('x-csrf-token', who.csrf);
    expect((await post(other, 'assign')).status).toBe(403);
    expect((await post(agent, 'assign')).status).toBe(204);
    expect(
      (await request(app.express).get('/api/console/handoff').set('cookie', agent.cookie)).body.items[0]
        .status,
    ).toBe('assigned');
    expect((await post(agent, 'close')).status).toBe(204);
    expect(
      (await request(app.express).get('/api/console/handoff').set('cookie', agent.cookie)).body.items,
    ).toEqual([]);
    const actions = (await auditRows(app))
      .filter((r) => r.targetId === conversationId)
      .map((r) => [r.action, r.username]);
    expect(actions).toEqual([
      ['access.denied', 'td-vh'],
      ['handoff.assign', 'td-p1'],
      ['handoff.close', 'td-p1'],
    ]);
  });

  it('lists unanswered questions from the FAQ log (most asked first) and counts them on the dashboard', async () => {
    const now = app.clock.now();
    await recordUnanswered(app.database.db, {
      question: 'Làm sao đổi bằng lái xe?',
      suggestions: [],
      confidence: 0.2,
      now,
    });
    await recordUnanswered(app.database.db, {
      question: 'Giờ làm việc bộ phận một cửa',
      suggestions: ['one-stop-hours'],
      confidence: 0.4,
      now,
    });
    await recordUnanswered(app.database.db, {
      question: 'Giờ làm việc bộ phận một cửa',
      suggestions: ['one-stop-hours'],
      confidence: 0.4,
      now,
    });
    const editor = await sessionFor(app, (await createStaff(app, 'bt-faq', 'editor', 'ubnd-tinh')).id);
    const res = await request(app.express).get('/api/console/unanswered').set('cookie', editor.cookie);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items[0]).toMatchObject({ count: 2, suggestions: ['one-stop-hours'] });
    const dash = await request(app.express).get('/api/console/dashboard').set('cookie', editor.cookie);
    expect(dash.body.unansweredQuestions).toBe(2);
    expect(dash.body.consoleActivity).toHaveLength(14);
  });
});
