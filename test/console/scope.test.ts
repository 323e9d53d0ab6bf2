import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import type { FollowerRow, HandoffConversation } from '../../src/console/console.integrations.ts';
import { auditRows, createStaff, sessionFor } from './helpers.ts';

let app: TestApp;
// The followers keep the codes of their communes before 01/7/2025: a ward's staff see those merged into it.
const followers: FollowerRow[] = [
  {
    id: 'f1',
    displayName: 'Trần Thị Mai',
    areaCode: 'vinh-chau-p1',
    tags: ['thanh-nien'],
    language: 'vi',
    phone: '0912345678',
    followedAt: null,
    optedOut: false,
  },
  {
    id: 'f2',
    displayName: 'Lâm Sóc Kha',
    areaCode: 'vinh-chau-vinh-hai',
    tags: [],
    language: 'km',
    phone: '0987654321',
    followedAt: null,
    optedOut: false,
  },
];
const conversations: HandoffConversation[] = [
  {
    id: 'h1',
    followerId: 'f1',
    followerName: 'Trần Thị Mai',
    areaCode: 'vinh-chau-p1',
    reason: 'faq_miss',
    status: 'waiting',
    assignedTo: null,
    waitingSince: new Date(),
    lastMessage: 'Hỏi',
  },
  {
    id: 'h2',
    followerId: 'f2',
    followerName: 'Lâm Sóc Kha',
    areaCode: 'vinh-chau-vinh-hai',
    reason: 'asked',
    status: 'waiting',
    assignedTo: null,
    waitingSince: new Date(),
    lastMessage: 'Hỏi',
  },
];
const replies: { id: string; text: string }[] = [];

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  const inScope = (areaCodes: readonly string[] | null, area: string | null) =>
    areaCodes === null || (area !== null && areaCodes.includes(area));
  app.console.integrations.followers = {
    search: async (q) => {
      const items = followers.filter(
        (f) => inScope(q.areaCodes, f.areaCode) && (!q.areaCode || f.areaCode === q.areaCode),
      );
      return { items, total: items.length };
    },
    get: async (id) => followers.find((f) => f.id === id),
    tags: async () => ['thanh-nien'],
  };
  app.console.integrations.handoff = {
    list: async (f) => conversations.filter((c) => inScope(f.areaCodes, c.areaCode)),
    get: async (id) => conversations.find((c) => c.id === id),
    assign: async () => undefined,
    close: async () => undefined,
    reply: async (id, _staffId, text) => void replies.push({ id, text }),
  };
  app.console.integrations.dashboard.followersCount = async (scope) => (scope.all ? 2 : 1);
  app.console.integrations.dashboard.messagesToday = async () => {
    throw new Error('source down');
  };
  // A module that is not wired (missing source) shows "—" too.
  delete app.console.integrations.dashboard.pendingApprovals;
  delete app.console.integrations.dashboard.surveyProgress;
});
afterAll(() => app.close());

async function as(username: string, role: 'editor' | 'agent' | 'reviewer' | 'approver', unit: string) {
  return sessionFor(app, (await createStaff(app, username, role, unit)).id);
}

describe('unit scoping', () => {
  it("refuses a commune editor another unit's data by id (403) and audits the attempt", async () => {
    const editor = await as('bientap-p1', 'editor', 'ubnd-phuong-vinh-chau');
    expect(
      (
        await request(app.express)
          .get('/api/console/reference/units/ubnd-phuong-vinh-chau')
          .set('cookie', editor.cookie)
      ).status,
    ).toBe(200);
    const other = await request(app.express)
      .get('/api/console/reference/units/ubnd-xa-vinh-hai')
      .set('cookie', editor.cookie);
    expect(other.status).toBe(403);
    const follower = await request(app.express).get('/api/console/followers/f2').set('cookie', editor.cookie);
    expect(follower.status).toBe(403);
    const filtered = await request(app.express)
      .get('/api/console/followers?areaCode=vinh-chau-vinh-hai')
      .set('cookie', editor.cookie);
    expect(filtered.status).toBe(403);
    const denied = (await auditRows(app)).filter(
      (r) => r.action === 'access.denied' && r.username === 'bientap-p1',
    );
    expect(denied.map((r) => [r.targetType, r.targetId])).toEqual([
      ['unit', 'ubnd-xa-vinh-hai'],
      ['follower', 'f2'],
      ['area', 'vinh-chau-vinh-hai'],
    ]);
  });

  it("a retired district-level unit sees none of today's communes; a provincial reviewer sees all", async () => {
    // The district level ended on 01/7/2025: its old communes were merged into new ones that report to the city.
    const district = await as('bientap-tx', 'editor', 'ubnd-tx-vinh-chau');
    expect(
      (
        await request(app.express)
          .get('/api/console/reference/units/ubnd-xa-vinh-hai')
          .set('cookie', district.cookie)
      ).status,
    ).toBe(403);
    expect(
      (
        await request(app.express)
          .get('/api/console/reference/units/ubnd-tinh')
          .set('cookie', district.cookie)
      ).status,
    ).toBe(403);
    const reviewer = await as('sonoivu', 'reviewer', 'so-noi-vu');
    expect(
      (
        await request(app.express)
          .get('/api/console/reference/units/ubnd-xa-vinh-hai')
          .set('cookie', reviewer.cookie)
      ).status,
    ).toBe(200);
    const deptEditor = await as('bientap-sxd', 'editor', 'so-xay-dung');
    expect(
      (
        await request(app.express)
          .get('/api/console/reference/units/so-noi-vu')
          .set('cookie', deptEditor.cookie)
      ).status,
    ).toBe(403);
  });

  it('lists only followers in scope, with phones masked for roles without followers.phone.read', async () => {
    const editor = await as('bientap-p1b', 'editor', 'ubnd-phuong-vinh-chau');
    const list = await request(app.express).get('/api/console/followers').set('cookie', editor.cookie);
    expect(list.body.items.map((f: FollowerRow) => [f.id, f.phone])).toEqual([['f1', '091****678']]);
    const agent = await as('tongdai', 'agent', 'ubnd-tinh');
    const all = await request(app.express).get('/api/console/followers').set('cookie', agent.cookie);
    expect(all.body.items.map((f: FollowerRow) => f.phone)).toEqual(['0912345678', '0987654321']);
  });

  it('handoff: an agent works only conversations in scope; replies are audited without their text', async () => {
    const agent = await as('tongdai-p1', 'agent', 'ubnd-phuong-vinh-chau');
    const list = await request(app.express).get('/api/console/handoff').set('cookie', agent.cookie);
    expect(list.body.items.map((c: HandoffConversation) => c.id)).toEqual(['h1']);
    const send = (id: string, text: string) =>
      request(app.express)
        .post(`/api/console/handoff/${id}/reply`)
        .set('cookie', agent.cookie)
        .set('x-csrf-token', agent.csrf)
        .send({ text });
    expect((await send('h1', 'Chào anh/chị, số 0900000001')).status).toBe(204);
    expect((await send('h2', 'Xin chào')).status).toBe(403);
    expect((await send('h1', '   ')).status).toBe(400);
    expect(replies).toEqual([{ id: 'h1', text: 'Chào anh/chị, số 0900000001' }]);
    const rows = (await auditRows(app)).filter((r) => r.username === 'tongdai-p1');
    expect(rows.map((r) => r.action)).toEqual(['handoff.reply', 'access.denied']);
    expect(JSON.stringify(rows)).not.toContain('0900000001');
  });

  it('dashboard: a missing or failing source is null, never an error', async () => {
    const editor = await as('bientap-p1c', 'editor', 'ubnd-phuong-vinh-chau');
    const res = await request(app.express).get('/api/console/dashboard').set('cookie', editor.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      followers: 1,
      messagesToday: null,
      pendingApprovals: null,
      surveyProgress: null,
      surveyTarget: 0.8,
    });
    expect(Array.isArray(res.body.consoleActivity)).toBe(true);
  });
});
