import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadPlan } from '../../src/plan/plan.service.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { followers } from '../../src/followers/followers.schema.ts';

describe('console API: /api/console/broadcasts and /api/console/plan', () => {
  let app: TestApp;
  let editor: { cookie: string; csrf: string };
  let boss: { cookie: string; csrf: string };
  let reviewer: { cookie: string; csrf: string };

  beforeAll(async () => {
    app = await createTestApp();
    await loadReferenceData(app.database.db, './content');
    await loadPlan(app.database.db, './content', 2025);
    editor = await sessionFor(app, (await createStaff(app, 'bientap', 'editor', 'so-noi-vu')).id);
    boss = await sessionFor(app, (await createStaff(app, 'duyet', 'approver', 'so-noi-vu')).id);
    reviewer = await sessionFor(app, (await createStaff(app, 'xem', 'reviewer', 'so-noi-vu')).id);
  });
  afterAll(async () => app?.close());

  const post = (who: { cookie: string; csrf: string }, path: string, body?: unknown) =>
    request(app.express)
      .post(`/api/console${path}`)
      .set('cookie', who.cookie)
      .set('x-csrf-token', who.csrf)
      .send(body as object);

  it('creates, submits and approves through HTTP with the right roles; refuses the rest clearly', async () => {
    const created = await post(editor, '/broadcasts/items', {
      title: 'Lan toả dịch vụ công trực tuyến',
      textVi: 'Nộp hồ sơ trực tuyến, nhận kết quả tại nhà.',
      themeCode: 'online-public-services',
      planYear: 2025,
      planItemNo: 14,
    });
    expect(created.status).toBe(201);
    const id = created.body.item.id as number;
    const early = await post(boss, `/broadcasts/items/${id}/approve`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/Không thể duyệt tin đang ở trạng thái “bản nháp”/);
    expect((await post(editor, `/broadcasts/items/${id}/submit`)).status).toBe(200);
    expect((await post(editor, `/broadcasts/items/${id}/approve`)).status).toBe(403);
    const rejected = await post(boss, `/broadcasts/items/${id}/reject`, {});
    expect(rejected.status).toBe(400);
    const approved = await post(boss, `/broadcasts/items/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.item.status).toBe('approved');
    const tooLong = await post(editor, '/broadcasts/items', { title: 'x', textVi: 'a'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toMatch(/2000 ký tự/);
    const list = await request(app.express)
      .get('/api/console/broadcasts/items?status=approved')
      .set('cookie', boss.cookie);
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(id);
  });

  it('serves the month view and the quota report to plan readers only', async () => {
    const may = await request(app.express)
      .get('/api/console/plan/2025/months/5')
      .set('cookie', reviewer.cookie);
    expect(may.status).toBe(200);
    expect(may.body.gaps.map((g: { planItemNo: number }) => g.planItemNo)).toContain(6);
    const bad = await request(app.express)
      .get('/api/console/plan/2025/months/13')
      .set('cookie', reviewer.cookie);
    expect(bad.status).toBe(400);
    const report = await request(app.express)
      .get('/api/console/plan/2025/quota-report?period=q1')
      .set('cookie', reviewer.cookie);
    expect(report.status).toBe(200);
    expect(report.body.period).toMatchObject({ firstDay: '2024-12-15', lastDay: '2025-03-14' });
    expect(
      (await request(app.express).get('/api/console/broadcasts/items').set('cookie', reviewer.cookie)).status,
    ).toBe(403);
    expect((await request(app.express).get('/api/console/plan/2025')).status).toBe(401);
  });

  it('the preview of an item counts what its send targets: a themed item skips followers of other themes only', async () => {
    const follower = (zaloUserId: string, tags: string[]) => ({
      zaloUserId,
      tags: ['preview-group', ...tags],
      following: true,
      followedAt: new Date('2025-01-10T00:00:00Z'),
    });
    await app.database.db
      .insert(followers)
      .values([
        follower('u-prev-other', ['topic:digital-transformation']),
        follower('u-prev-same', ['topic:online-public-services']),
        follower('u-prev-none', []),
      ]);
    const item = async (themeCode?: string) => {
      const created = await post(editor, '/broadcasts/items', {
        title: `Tin ${themeCode ?? 'không chủ đề'}`,
        textVi: 'Nộp hồ sơ trực tuyến, nhận kết quả tại nhà.',
        ...(themeCode ? { themeCode, planYear: 2025 } : {}),
      });
      expect(created.status).toBe(201);
      return created.body.item.id as number;
    };
    const themed = await item('online-public-services');
    const plain = await item();
    const plan = { scheduledAt: '2030-05-05T10:00:00+07:00', segment: { tags: ['preview-group'] } };
    const matched = async (body: object) => {
      const res = await post(boss, '/broadcasts/preview', body);
      expect(res.status).toBe(200);
      return res.body.matched as number;
    };
    // The follower who chose only another theme is left out of the themed item's count, kept in the plain one's.
    expect(await matched({ ...plan, itemId: themed })).toBe(2);
    expect(await matched({ ...plan, itemId: plain })).toBe(3);
    expect(await matched(plan)).toBe(3);
    expect((await post(boss, '/broadcasts/preview', { ...plan, itemId: 987654 })).status).toBe(404);
    // Scheduling the themed item counts the same audience the preview showed.
    expect((await post(editor, `/broadcasts/items/${themed}/submit`)).status).toBe(200);
    expect((await post(boss, `/broadcasts/items/${themed}/approve`)).status).toBe(200);
    const scheduled = await post(boss, `/broadcasts/items/${themed}/schedule`, plan);
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.preview.matched).toBe(2);
  });

  it('answers 404 for an unknown tracked link', async () => {
    const res = await request(app.express).get('/r/unknowntoken123');
    expect(res.status).toBe(404);
  });
});
