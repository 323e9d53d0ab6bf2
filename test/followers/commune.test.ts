import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { rowsOf } from '../../src/db/client.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadPlan } from '../../src/plan/plan.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { SessionSigner } from '../../src/miniapp/miniapp.session.ts';
import { citizenAnswers } from '../surveys/fixtures.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { createItem, transitionItem } from '../../src/broadcasts/content.service.ts';
import { contentInputSchema } from '../../src/broadcasts/content.limits.ts';
import { scheduleItem, scheduleInputSchema } from '../../src/broadcasts/broadcast.service.ts';
import { planDueBroadcast } from '../../src/broadcasts/planner.ts';
import { previewAudience } from '../../src/broadcasts/audience.ts';
import { broadcastStats } from '../../src/broadcasts/stats.service.ts';
import { broadcastDeliveries } from '../../src/broadcasts/broadcasts.schema.ts';
import { approver, editor, harness } from '../broadcasts/helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await loadReferenceData(app.database.db, 'content');
  await loadPlan(app.database.db, './content', 2025);
  await loadSurveyFiles(app.database.db, 'content');
});
afterAll(() => app.database.close());

interface Reply {
  type: string;
  text: string;
  buttons?: { title: string; payload: string }[];
}

async function say(userId: string, text: string): Promise<Reply[]> {
  const res = await request(app.express).post('/dev/simulator/messages').send({ userId, text });
  expect(res.status).toBe(200);
  return res.body.replies;
}

async function follow(userId: string): Promise<Reply[]> {
  app.clock.advance(1000); // a later follow than the last one, so it is applied
  const res = await request(app.express).post('/dev/simulator/messages').send({ userId, event: 'follow' });
  expect(res.status).toBe(200);
  return res.body.replies;
}

async function communeOf(userId: string) {
  const [row] = await app.database.db.select().from(followers).where(eq(followers.zaloUserId, userId));
  return row?.areaCode ?? null;
}

describe("the follower's commune in chat", () => {
  it('asks once after a follow; "phu loi" typed without diacritics saves Phường Phú Lợi', async () => {
    const replies = await follow('commune-a');
    expect(replies).toHaveLength(2);
    expect(replies[0]!.text).toContain('thành phố Cần Thơ'); // the greeting names the province from province.yaml
    expect(replies[1]!.text).toMatch(/xã, phường nào/);
    expect(replies[1]!.buttons!.at(-1)).toMatchObject({ title: 'Bỏ qua', payload: '#xa bo qua' });
    const saved = await say('commune-a', 'phu loi');
    expect(saved.map((r) => r.text)).toEqual(['Đã lưu: Phường Phú Lợi. Gõ "đổi xã" nếu muốn thay đổi.']);
    expect(await communeOf('commune-a')).toBe('phuong-phu-loi');
    // unfollow and follow again: greeted, not asked again
    app.clock.advance(1000);
    await request(app.express)
      .post('/dev/simulator/messages')
      .send({ userId: 'commune-a', event: 'unfollow' });
    expect((await follow('commune-a')).map((r) => r.text)).toHaveLength(1);
  });

  it('offers the communes followers gave most as quick replies, which save with one tap', async () => {
    const replies = await follow('commune-b');
    const phuLoi = replies[1]!.buttons!.find((b) => b.title === 'Phường Phú Lợi');
    expect(phuLoi?.payload).toBe('#xa phuong-phu-loi');
    await say('commune-b', phuLoi!.payload);
    expect(await communeOf('commune-b')).toBe('phuong-phu-loi');
  });

  it('"bỏ qua" keeps no commune and the question is not asked again on a re-follow', async () => {
    await follow('commune-c');
    expect((await say('commune-c', 'bỏ qua'))[0]!.text).toMatch(/Đã bỏ qua/);
    expect(await communeOf('commune-c')).toBeNull();
    expect(await follow('commune-c')).toHaveLength(1);
    // a question typed while nothing is asked goes to the other features, not to the commune search
    expect((await say('commune-c', 'phu loi'))[0]!.text).not.toMatch(/Đã lưu/);
    expect(await communeOf('commune-c')).toBeNull();
  });

  it('"đổi xã" changes it; an ambiguous name lists choices by number; an unknown one says so', async () => {
    await follow('commune-d');
    await say('commune-d', 'bo qua');
    expect((await say('commune-d', 'đổi xã'))[0]!.text).toMatch(/gõ tên xã, phường/i);
    expect((await say('commune-d', 'atlantis'))[0]!.text).toMatch(/Không tìm thấy xã, phường "atlantis"/);
    const list = (await say('commune-d', 'long ph'))[0]!.text; // Phường Long Phú 1 and Xã Long Phú
    expect(list).toMatch(/^Có nhiều xã, phường trùng tên/);
    const lines = list.split('\n').slice(1);
    const n = lines.findIndex((l) => l.endsWith('Xã Long Phú')) + 1;
    expect(n).toBeGreaterThan(0);
    await say('commune-d', String(n));
    expect(await communeOf('commune-d')).toBe('xa-long-phu');
    // a long question while the question is open is answered by the other features and leaves it open
    await say('commune-d', 'doi xa');
    const faq = await say('commune-d', 'làm sao để nộp hồ sơ trực tuyến trên cổng dịch vụ công quốc gia');
    expect(faq[0]!.text).not.toMatch(/Không tìm thấy xã/);
    await say('commune-d', 'xa my tu');
    expect(await communeOf('commune-d')).toBe('xa-my-tu');
  });

  it('after two replies that name no commune the question steps aside (a "khảo sát" typed then still starts it)', async () => {
    await follow('commune-f');
    expect((await say('commune-f', 'abc'))[0]!.text).toMatch(/Không tìm thấy/);
    const next = await say('commune-f', 'khảo sát');
    expect(next[0]!.text).not.toMatch(/Không tìm thấy/);
    expect((await say('commune-f', 'phu loi'))[0]!.text).not.toMatch(/Đã lưu/); // no longer asked
    expect(await communeOf('commune-f')).toBeNull();
  });

  it('a broadcast segmented by that commune reaches the follower who answered, and old-code followers of it', async () => {
    await follow('commune-e');
    await say('commune-e', 'Phường Phú Lợi');
    // a follower stored in 2025 under Phường 2 (thành phố Sóc Trăng), now part of Phường Phú Lợi, and one elsewhere
    await app.database.db.insert(followers).values([
      { zaloUserId: 'old-p2', following: true, followedAt: new Date('2025-03-01'), areaCode: 'soc-trang-p2' },
      { zaloUserId: 'my-tu', following: true, followedAt: new Date('2025-03-01'), areaCode: 'xa-my-tu' },
      { zaloUserId: 'unknown', following: true, followedAt: new Date('2025-03-01') },
    ]);
    const h = harness(app.database, 'http://127.0.0.1:9');
    h.clock.set(app.clock.now().toISOString());
    const segment = { areas: ['phuong-phu-loi'] };
    const preview = await previewAudience(h.deps, segment, h.clock.now());
    expect(preview.matched).toBe(4); // commune-a, commune-b, commune-e, old-p2

    const item = await createItem(
      h.deps,
      editor(),
      contentInputSchema.parse({
        title: 'Thông báo cho phường Phú Lợi',
        textVi: 'Lịch tiếp nhận hồ sơ tại Bộ phận Một cửa phường.',
        themeCode: 'de-an-06',
        planYear: 2025,
        planItemNo: 6,
      }),
    );
    await transitionItem(h.deps, editor(), item.id, 'submit');
    await transitionItem(h.deps, approver(), item.id, 'approve');
    const at = new Date(h.clock.now().getTime() + 3600_000);
    const { broadcast } = await scheduleItem(
      h.deps,
      approver(),
      item.id,
      scheduleInputSchema.parse({ scheduledAt: at.toISOString(), segment }),
    );
    h.clock.set(new Date(at.getTime() + 1000).toISOString());
    while (await planDueBroadcast(h.deps));
    const planned = await app.database.db
      .select({ userId: broadcastDeliveries.zaloUserId })
      .from(broadcastDeliveries)
      .where(eq(broadcastDeliveries.broadcastId, broadcast.id));
    expect(planned.map((p) => p.userId).sort()).toEqual(['commune-a', 'commune-b', 'commune-e', 'old-p2']);
    const stats = await broadcastStats(app.database.db, broadcast.id);
    expect(stats.byArea.map((a) => [a.areaCode, a.areaName, a.planned])).toEqual([
      ['phuong-phu-loi', 'Phường Phú Lợi', 4],
    ]);
    const [none] = rowsOf<{ n: number }>(
      await app.database.db.execute(sql`select count(*)::int as n from followers where area_code is null`),
    );
    expect(Number(none!.n)).toBeGreaterThan(0); // followers without a commune exist, and were not reached
  });

  it('takes the commune from a mini-app survey only when the citizen ticks "remember my commune"', async () => {
    const signer = new SessionSigner(app.config.SESSION_SECRET, app.clock);
    const bearer = (id: string) =>
      `Bearer ${signer.sign({ zaloUserId: id, name: 'Người thử', kind: 'dev' }).token}`;
    await app.database.db.insert(followers).values([
      { zaloUserId: 'oa-f', userIdByApp: 'app-f', following: true },
      { zaloUserId: 'oa-g', userIdByApp: 'app-g', following: true },
    ]);
    const submit = (id: string, extra: Record<string, unknown>) =>
      request(app.express)
        .post('/api/miniapp/surveys/citizen-cchc-2025')
        .set('authorization', bearer(id))
        .send({ consent: true, answers: citizenAnswers(), areaCode: 'xa-my-tu', language: 'vi', ...extra });
    expect((await submit('app-f', { rememberCommune: true })).status).toBe(201);
    expect((await submit('app-g', {})).status).toBe(201);
    expect(await communeOf('oa-f')).toBe('xa-my-tu');
    expect(await communeOf('oa-g')).toBeNull(); // not ticked: never taken
  });
});
