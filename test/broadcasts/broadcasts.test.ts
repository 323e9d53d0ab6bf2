import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { eq, sql } from 'drizzle-orm';
import nock from 'nock';
import type { Database } from '../../src/db/client.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadPlan } from '../../src/plan/plan.service.ts';
import { monthView, quotaReport } from '../../src/plan/calendar.service.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createItem, getItem, transitionItem, updateItem } from '../../src/broadcasts/content.service.ts';
import { contentInputSchema, httpImageProbe } from '../../src/broadcasts/content.limits.ts';
import {
  resumeBroadcast,
  scheduleItem,
  scheduleInputSchema,
} from '../../src/broadcasts/broadcast.service.ts';
import { planDueBroadcast } from '../../src/broadcasts/planner.ts';
import { BroadcastSender } from '../../src/broadcasts/sender.ts';
import {
  broadcastStats,
  exportStats,
  followLink,
  recordDeliveryEvent,
} from '../../src/broadcasts/stats.service.ts';
import { broadcastDeliveries, broadcasts, contentItems } from '../../src/broadcasts/broadcasts.schema.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { approver, editor, harness, seedFollowers, type Harness } from './helpers.ts';

const input = (over: Record<string, unknown> = {}) =>
  contentInputSchema.parse({
    title: 'Đề án 06: kích hoạt định danh điện tử',
    textVi: 'Người dân kích hoạt tài khoản định danh điện tử mức 2 tại Công an xã.',
    textKm: 'សូមធ្វើឱ្យសកម្មគណនីអត្តសញ្ញាណអេឡិចត្រូនិក',
    buttonTitle: 'Xem hướng dẫn',
    buttonUrl: 'https://dichvucong.gov.vn/huong-dan',
    themeCode: 'de-an-06',
    planYear: 2025,
    planItemNo: 6,
    ...over,
  });

describe('scheduled CCHC content', () => {
  let database: Database;
  let zalo: FakeZalo;
  let h: Harness;
  const author = editor();
  const boss = approver();

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadReferenceData(database.db, './content');
    await loadPlan(database.db, './content', 2025);
    await seedFollowers(database, 200, { optOutEvery: 10 });
    zalo = await startFakeZalo({ followers: 200, acceptAnyAccessToken: true });
    h = harness(database, zalo.url);
  });
  afterAll(async () => {
    await zalo?.close();
    await database?.close();
  });
  beforeEach(() => {
    zalo.reset();
    h.clock.set('2025-05-05T02:00:00Z');
  });

  async function approvedItem(over: Record<string, unknown> = {}) {
    const item = await createItem(h.deps, author, input(over));
    await transitionItem(h.deps, author, item.id, 'submit');
    return transitionItem(h.deps, boss, item.id, 'approve');
  }

  it('runs the workflow with versions and history, and refuses self-approval and non-approvers', async () => {
    const item = await createItem(h.deps, author, input());
    await expect(transitionItem(h.deps, boss, item.id, 'approve')).rejects.toMatchObject({
      code: 'conflict',
    });
    await transitionItem(h.deps, author, item.id, 'submit');
    await expect(transitionItem(h.deps, author, item.id, 'approve')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const selfApprover = { ...boss, id: author.id, role: 'approver' as const };
    await expect(transitionItem(h.deps, selfApprover, item.id, 'approve')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(transitionItem(h.deps, boss, item.id, 'reject', ' ')).rejects.toMatchObject({
      code: 'validation',
    });
    const rejected = await transitionItem(h.deps, boss, item.id, 'reject', 'Thiếu nguồn thông tin');
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Thiếu nguồn thông tin' });
    await updateItem(h.deps, author, item.id, input({ textVi: 'Nội dung đã sửa theo góp ý.' }));
    await transitionItem(h.deps, author, item.id, 'submit');
    await transitionItem(h.deps, boss, item.id, 'approve');
    // editing an approved item returns it to draft
    const edited = await updateItem(h.deps, author, item.id, input({ textVi: 'Sửa sau khi duyệt.' }));
    expect(edited.status).toBe('draft');
    const full = await getItem(h.deps, author, item.id);
    expect(full.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(full.history.map((e) => `${e.fromStatus ?? '-'}>${e.toStatus}`)).toEqual([
      '->draft',
      'draft>submitted',
      'submitted>rejected',
      'rejected>draft',
      'draft>submitted',
      'submitted>approved',
      'approved>draft',
    ]);
    const audits = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from audit_log where target_id = ${String(item.id)} and action like 'broadcast.%'`,
      ),
    );
    expect(Number(audits[0]!.n)).toBe(7);
  });

  it('refuses bad input with clear messages and writes nothing', async () => {
    expect(() => input({ textVi: 'x'.repeat(2001) })).toThrow(/2000 ký tự/);
    expect(() => input({ buttonUrl: null })).toThrow(/cả nhãn và đường dẫn/);
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(contentItems);
    nock('https://img.example.vn').head('/a.html').reply(200, '', { 'content-type': 'text/html' });
    const probing = { ...h.deps, probeImage: httpImageProbe };
    await expect(
      createItem(probing, author, input({ imageUrl: 'https://img.example.vn/a.html' })),
    ).rejects.toMatchObject({
      code: 'validation',
      userMessage: expect.stringMatching(/không phải ảnh/),
    });
    nock('https://img.example.vn')
      .head('/b.png')
      .reply(405)
      .get('/b.png')
      .reply(200, 'x', { 'content-type': 'image/png' });
    const ok = await createItem(probing, author, input({ imageUrl: 'https://img.example.vn/b.png' }));
    expect(ok.status).toBe('draft');
    await expect(createItem(h.deps, author, input({ themeCode: 'khong-co' }))).rejects.toMatchObject({
      code: 'validation',
    });
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(contentItems);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);

    const item = await approvedItem();
    const past = scheduleInputSchema.parse({ scheduledAt: '2025-05-05T08:00:00+07:00' });
    await expect(scheduleItem(h.deps, boss, item.id, past)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/đã qua/),
    });
    const empty = scheduleInputSchema.parse({
      scheduledAt: '2025-05-06T08:00:00+07:00',
      segment: { areas: ['khong-co-xa-nay'] },
    });
    await expect(scheduleItem(h.deps, boss, item.id, empty)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/trống/),
    });
    const [still] = await database.db.select().from(contentItems).where(eq(contentItems.id, item.id));
    expect(still!.status).toBe('approved');
    const n = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(broadcasts)
      .where(eq(broadcasts.itemId, item.id));
    expect(Number(n[0]!.n)).toBe(0);
  });

  it('schedules, holds for quiet hours, sends once per follower in their language, and reports stats', async () => {
    const item = await approvedItem();
    const { broadcast, preview } = await scheduleItem(
      h.deps,
      boss,
      item.id,
      scheduleInputSchema.parse({ scheduledAt: '2025-05-05T21:30:00+07:00' }),
    );
    expect(preview).toMatchObject({ matched: 200, excludedOptOut: 20, audience: 180 });
    expect(preview.warnings.join(' ')).toMatch(/giờ yên lặng/);
    // due at 21:30 local, but quiet hours hold it until 07:00
    h.clock.set('2025-05-05T14:45:00Z'); // 21:45 local
    expect(await planDueBroadcast(h.deps)).toBeUndefined();
    h.clock.set('2025-05-05T23:59:00Z'); // 06:59 local
    expect(await planDueBroadcast(h.deps)).toBeUndefined();
    h.clock.set('2025-05-06T00:00:00Z'); // 07:00 local
    expect(await planDueBroadcast(h.deps)).toEqual({ id: broadcast.id, planned: 180 });
    expect(await planDueBroadcast(h.deps)).toBeUndefined();
    const totals = await new BroadcastSender(h.deps).drain();
    expect(totals).toMatchObject({ sent: 180, failed: 0 });
    const perUser = new Map<string, number>();
    for (const m of zalo.sent) perUser.set(m.userId, (perUser.get(m.userId) ?? 0) + 1);
    expect(perUser.size).toBe(180);
    expect([...perUser.values()].every((c) => c === 1)).toBe(true);
    expect(perUser.has('fake-user-000010')).toBe(false); // opted out
    const km = zalo.sent.find((m) => m.userId === 'fake-user-000005')!;
    expect(JSON.stringify(km.message)).toContain('សូម');
    expect(JSON.stringify(km.message)).toContain('stop');
    expect(JSON.stringify(zalo.sent.find((m) => m.userId === 'fake-user-000001')!.message)).toContain(
      'hủy nhận tin',
    );
    expect(JSON.stringify(km.message)).toContain(`/r/${broadcast.linkToken}`);
    const [b] = await database.db.select().from(broadcasts).where(eq(broadcasts.id, broadcast.id));
    expect(b!.status).toBe('sent');
    const [it2] = await database.db.select().from(contentItems).where(eq(contentItems.id, item.id));
    expect(it2!.status).toBe('sent');

    // received/seen events and a click, by area
    const d = (await database.db
      .select()
      .from(broadcastDeliveries)
      .where(eq(broadcastDeliveries.broadcastId, broadcast.id))
      .limit(2))!;
    expect(
      await recordDeliveryEvent(database.db, {
        zaloUserId: d[0]!.zaloUserId,
        msgId: d[0]!.zaloMsgId!,
        kind: 'seen',
        at: h.clock.now(),
      }),
    ).toBe(true);
    expect(
      await recordDeliveryEvent(database.db, {
        zaloUserId: 'someone-else',
        msgId: d[1]!.zaloMsgId!,
        kind: 'received',
        at: h.clock.now(),
      }),
    ).toBe(false);
    expect(await followLink(h.deps, broadcast.linkToken, 'phuong-vinh-chau')).toBe(
      'https://dichvucong.gov.vn/huong-dan',
    );
    const stats = await broadcastStats(database.db, broadcast.id);
    expect(stats.totals).toMatchObject({
      planned: 180,
      sent: 180,
      failed: 0,
      received: 1,
      seen: 1,
      clicks: 1,
    });
    expect(stats.byArea.find((a) => a.areaCode === 'phuong-vinh-chau')!.clicks).toBe(1);
    const csv = (await exportStats(database.db, broadcast.id, 'csv')).toString('utf8');
    expect(csv).toContain('phuong-vinh-chau');
    const xlsx = await exportStats(database.db, broadcast.id, 'xlsx');
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');

    // the calendar now shows item 6 as covered in May
    const view = await monthView(h.deps, 2025, 5);
    expect(view.gaps.map((g) => g.planItemNo)).not.toContain(6);
    expect(view.broadcasts.map((x) => x.broadcastId)).toContain(broadcast.id);
  });

  it("sends a promotion template and plans within the OA's quota (no 1-a-day limit); the rest is recorded skipped", async () => {
    h.clock.set('2025-05-06T03:00:00Z'); // the same local day as the previous send (10:00)
    const item = await approvedItem({ imageUrl: 'https://cchc.example.vn/anh/de-an-06.png' });
    const req = scheduleInputSchema.parse({ scheduledAt: '2025-05-06T11:00:00+07:00' });
    const { broadcast, preview } = await scheduleItem(h.deps, boss, item.id, req);
    expect(preview).toMatchObject({ matched: 200, excludedOptOut: 20, excludedQuota: 0, audience: 180 });
    zalo.setOptions({ promotionQuotaRemaining: 50 });
    h.clock.set('2025-05-06T04:00:00Z');
    expect(await planDueBroadcast(h.deps)).toEqual({ id: broadcast.id, planned: 50 });
    expect(await new BroadcastSender(h.deps).drain()).toMatchObject({ sent: 50, failed: 0 });
    expect(zalo.sent).toHaveLength(50);
    expect(zalo.sent.every((m) => m.kind === 'promotion' && m.requestKind === 'promotion')).toBe(true);
    const payload = (
      zalo.sent[0]!.message.attachment as { payload: { elements: unknown[]; buttons: unknown[] } }
    ).payload;
    expect(payload.elements.slice(0, 2)).toEqual([
      { type: 'banner', image_url: 'https://cchc.example.vn/anh/de-an-06.png' },
      { type: 'header', content: 'Đề án 06: kích hoạt định danh điện tử' },
    ]);
    expect(payload.buttons).toEqual([
      expect.objectContaining({
        title: 'Xem hướng dẫn',
        type: 'oa.open.url',
        payload: { url: expect.stringContaining(`/r/${broadcast.linkToken}`) },
      }),
    ]);
    const rows = await database.db
      .select()
      .from(broadcastDeliveries)
      .where(eq(broadcastDeliveries.broadcastId, broadcast.id));
    const skipped = rows.filter((r) => r.errorReason === 'skipped_oa_quota');
    expect(skipped).toHaveLength(130);
    expect(skipped.every((r) => r.status === 'failed' && r.zaloMsgId === null && r.attempts === 0)).toBe(
      true,
    );
    const [b] = await database.db.select().from(broadcasts).where(eq(broadcasts.id, broadcast.id));
    expect(b).toMatchObject({ planned: 50, excludedQuota: 130, status: 'partly_failed' });
    zalo.setOptions({ promotionQuotaRemaining: 1_000_000 });
  });

  it('records per-follower quota refusals once, never retried, when the quota could not be read', async () => {
    h.clock.set('2025-05-08T02:00:00Z');
    const item = await approvedItem();
    const { broadcast } = await scheduleItem(
      h.deps,
      boss,
      item.id,
      scheduleInputSchema.parse({ scheduledAt: '2025-05-08T09:30:00+07:00' }),
    );
    h.clock.set('2025-05-08T02:30:00Z');
    const deps = { ...h.deps, promotionQuota: async () => undefined };
    zalo.setOptions({ promotionQuotaRemaining: 10 });
    expect(await planDueBroadcast(deps)).toEqual({ id: broadcast.id, planned: 180 });
    const sender = new BroadcastSender(deps);
    expect(await sender.drain()).toMatchObject({ sent: 10, failed: 170, retried: 0 });
    h.clock.advance(3 * 3600_000);
    expect(await sender.drain()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(zalo.stats.messagesRejected).toBe(170);
    const rows = await database.db
      .select()
      .from(broadcastDeliveries)
      .where(eq(broadcastDeliveries.broadcastId, broadcast.id));
    expect(
      rows.filter((r) => r.status === 'failed' && r.errorCode === '-211' && r.errorReason === 'quota'),
    ).toHaveLength(170);
    // without an image and without BROADCAST_DEFAULT_BANNER_URL the template starts at the header
    const first = (zalo.sent[0]!.message.attachment as { payload: { elements: { type: string }[] } }).payload;
    expect(first.elements[0]!.type).toBe('header');
    zalo.setOptions({ promotionQuotaRemaining: 1_000_000 });
  });

  it('refuses to resume a cancelled broadcast and retries transient Zalo errors', async () => {
    const item = await approvedItem();
    h.clock.set('2025-05-10T02:00:00Z');
    const { broadcast } = await scheduleItem(
      h.deps,
      boss,
      item.id,
      scheduleInputSchema.parse({
        scheduledAt: '2025-05-10T10:00:00+07:00',
        segment: { topics: ['de-an-06'] },
      }),
    );
    await transitionItem(h.deps, boss, item.id, 'cancel');
    await expect(resumeBroadcast(h.deps, boss, broadcast.id)).rejects.toMatchObject({
      code: 'conflict',
      userMessage: expect.stringMatching(/đã huỷ/),
    });
    await expect(transitionItem(h.deps, author, item.id, 'submit')).rejects.toMatchObject({
      code: 'conflict',
    });

    const again = await approvedItem();
    const { broadcast: b2 } = await scheduleItem(
      h.deps,
      boss,
      again.id,
      scheduleInputSchema.parse({
        scheduledAt: '2025-05-10T10:00:00+07:00',
        segment: { topics: ['de-an-06'] },
      }),
    );
    h.clock.set('2025-05-10T03:00:00Z');
    await planDueBroadcast(h.deps);
    zalo.setOptions({ failNext: 3, errorCode: -32 });
    const sender = new BroadcastSender(h.deps);
    await sender.drain();
    h.clock.advance(60 * 60_000);
    await sender.drain();
    const stats = await broadcastStats(database.db, b2.id);
    expect(stats.totals.failed).toBe(0);
    expect(stats.totals.sent).toBe(stats.totals.planned);
    expect(zalo.stats.rateLimited + zalo.stats.injectedErrors).toBeGreaterThanOrEqual(3);
    zalo.setOptions({ failNext: 0, errorCode: undefined });
  });

  it('sends as a consultation message inside the free reply window and counts the free reply used', async () => {
    // Broadcasts an earlier test left due go out the day before, so today's daily quota is untouched.
    h.clock.set('2025-06-02T03:00:00Z');
    while (await planDueBroadcast(h.deps));
    await new BroadcastSender(h.deps).drain();
    h.clock.set('2025-06-03T02:00:00Z');
    const recent = new Date('2025-06-03T00:00:00Z');
    await database.db
      .execute(sql`update followers set last_interaction_at = ${recent.toISOString()}::timestamptz,
      free_replies_used = 0 where zalo_user_id in ('fake-user-000001', 'fake-user-000003')`);
    await database.db.execute(sql`update followers set free_replies_used = ${h.config.FREE_REPLY_LIMIT}
      where zalo_user_id = 'fake-user-000003'`); // in the window, but its free replies are used up
    const item = await approvedItem();
    const { broadcast } = await scheduleItem(
      h.deps,
      boss,
      item.id,
      scheduleInputSchema.parse({
        scheduledAt: '2025-06-03T10:00:00+07:00',
        segment: { areas: ['phuong-vinh-phuoc'] },
      }),
    );
    h.clock.set('2025-06-03T03:00:00Z');
    expect(await planDueBroadcast(h.deps)).toMatchObject({ id: broadcast.id });
    await new BroadcastSender(h.deps).drain();
    const ours = zalo.sent.filter((m) => JSON.stringify(m.message).includes(`/r/${broadcast.linkToken}`));
    const kindOf = (userId: string) => ours.find((m) => m.userId === userId)?.kind;
    expect(kindOf('fake-user-000001')).toBe('cs');
    expect(kindOf('fake-user-000003')).toBe('promotion');
    expect(kindOf('fake-user-000005')).toBe('promotion'); // outside the window
    const used = rowsOf<{ zalo_user_id: string; free_replies_used: number }>(
      await database.db.execute(sql`select zalo_user_id, free_replies_used from followers
        where zalo_user_id in ('fake-user-000001', 'fake-user-000005') order by 1`),
    );
    expect(used.map((r) => Number(r.free_replies_used))).toEqual([1, 0]);
  });

  it('reports quota compliance on official period boundaries', async () => {
    const unit = editor('so-tttt-van-phong');
    const at = async (iso: string) => {
      h.clock.set(iso);
      const item = await createItem(h.deps, unit, input());
      await transitionItem(h.deps, unit, item.id, 'submit');
      return item;
    };
    await at('2025-03-14T16:59:59Z'); // 14/3 23:59:59 local → Q1
    await at('2025-03-14T17:00:00Z'); // 15/3 00:00 local → not Q1, in 6 months
    await at('2024-12-14T16:59:00Z'); // 14/12/2024 local → report year 2024, not 2025
    const q1 = await quotaReport(database.db, 2025, 'q1');
    const zaloQuota = q1.quotas.find((q) => q.quotaId === 'so-tttt-zalo-oa-quarterly')!;
    expect(zaloQuota).toMatchObject({ measured: true, required: 1, submitted: 1, published: 0, met: false });
    // Sở TT&TT's 2024 quotas are history: the unit merged into Sở Khoa học và Công nghệ on 01/3/2025
    expect(zaloQuota).toMatchObject({ sourceYear: 2024, historical: true, successorUnit: 'so-khcn' });
    expect(q1.quotas.find((q) => q.quotaId === 'so-vhttdl-performances')).toMatchObject({
      historical: false,
    });
    expect(q1.quotas.find((q) => q.quotaId === 'so-tttt-cchc-page-quarterly')).toMatchObject({
      measured: false,
      met: null,
    });
    const h1 = await quotaReport(database.db, 2025, 'h1');
    expect(h1.quotas.find((q) => q.quotaId === 'so-tttt-zalo-oa-quarterly')).toMatchObject({
      required: 2,
      submitted: 2,
    });
    expect(h1.quotas.find((q) => q.quotaId === 'so-vhttdl-performances')).toMatchObject({ required: null });
    const y = await quotaReport(database.db, 2025, 'year');
    expect(y.quotas.find((q) => q.quotaId === 'so-tttt-zalo-oa-quarterly')).toMatchObject({
      required: 4,
      submitted: 2,
    });
    expect(y.period).toMatchObject({ firstDay: '2024-12-15', lastDay: '2025-12-14' });
  });
});
