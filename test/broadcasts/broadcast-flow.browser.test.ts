import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { TZDate } from '@date-fns/tz';
import { asc, eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { auditLog } from '../../src/console/console.schema.ts';
import { broadcastDeliveries, broadcasts, contentItems } from '../../src/broadcasts/broadcasts.schema.ts';
import { broadcastTick } from '../../src/broadcasts/broadcasts.job.ts';
import { BroadcastSender } from '../../src/broadcasts/sender.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createStaff, PASSWORD } from '../console/helpers.ts';
import { harness as senderHarness } from './helpers.ts';

const TITLE = 'Tuần lễ dịch vụ công trực tuyến tại Phường 1';
const TEXT = 'Từ ngày 10/6, người dân Phường 1 nộp hồ sơ trực tuyến được cán bộ một cửa hỗ trợ miễn phí.';
const TZ = 'Asia/Ho_Chi_Minh';

let app: TestApp;
let zalo: FakeZalo;
let browserHarness: BrowserHarness;
let browser: Browser;
let base: string;
let artifacts: string;

beforeAll(async () => {
  zalo = await startFakeZalo({ acceptAnyAccessToken: true });
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app.clock.set(new Date()); // the browser's cookies live in real time
  await loadReferenceData(app.database.db, 'content');
  await createStaff(app, 'quantri', 'admin', null); // with an administrator, /admin signs in (no first-run setup)
  await createStaff(app, 'bientap', 'editor', 'ubnd-vinh-chau-p1');
  await createStaff(app, 'lanhdao', 'approver', 'ubnd-tinh');
  const follower = (
    zaloUserId: string,
    areaCode: string,
    more: Partial<typeof followers.$inferInsert> = {},
  ) => ({
    zaloUserId,
    areaCode,
    following: true,
    followedAt: new Date('2025-01-10T00:00:00Z'),
    ...more,
  });
  await app.database.db.insert(followers).values([
    follower('bc-p1-a', 'vinh-chau-p1'),
    follower('bc-p1-b', 'vinh-chau-p1', { language: 'km' }),
    follower('bc-p1-c', 'vinh-chau-p1'),
    follower('bc-p1-optout', 'vinh-chau-p1', {
      optedOut: true,
      optedOutAt: new Date('2025-02-01T00:00:00Z'),
    }),
    follower('bc-p1-left', 'vinh-chau-p1', { following: false }),
    follower('bc-p2-a', 'vinh-chau-p2'),
  ]);
  browserHarness = await openBrowser(app.express, 'broadcasts');
  ({ browser, base, artifacts } = browserHarness);
}, 400_000);

afterAll(async () => {
  await browserHarness?.close();
  await app?.close();
  await zalo?.close();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'vi-VN',
    timezoneId: TZ, // the schedule picker reads "giờ Việt Nam"
  });
  const page = await context.newPage();
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('side-menu').waitFor({ timeout: 20_000 });
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true, animations: 'disabled' });
const openMenu = (page: Page, label: string) => page.getByTestId('side-menu').getByText(label).click();
const toast = (page: Page, text: string) => page.locator('.ant-message').getByText(text).waitFor();
const described = (page: Page, label: string) =>
  page
    .locator('.ant-descriptions-item-label', { hasText: label })
    .locator('xpath=following-sibling::td[1]')
    .innerText();

describe('scheduled CCHC broadcast in Chromium: schedule → approve → send → stats', () => {
  it('an editor writes and schedules, an approver approves, the send job delivers, the stats show it', async () => {
    // 1. Editor (Phường 1) writes an item in the library and submits it.
    const editor = await signIn('bientap');
    await openMenu(editor, 'Thư viện nội dung');
    await editor.getByRole('button', { name: 'Soạn tin' }).click();
    const drawer = editor.locator('.ant-drawer-content', { hasText: 'Soạn tin mới' });
    await drawer.getByLabel('Tiêu đề').fill(TITLE);
    await drawer.getByLabel('Nội dung tiếng Việt').fill(TEXT);
    await drawer.getByTestId('zalo-preview').getByText(TEXT).waitFor();
    await shot(editor, '1-editor-compose');
    await drawer.getByRole('button', { name: 'Lưu' }).click();
    await toast(editor, 'Đã lưu tin (phiên bản mới).');
    const editorRow = editor.getByRole('row', { name: new RegExp(TITLE) });
    await editorRow.getByText('Bản nháp').waitFor();
    await editorRow.getByRole('button', { name: 'Gửi duyệt' }).click();
    await editorRow.getByText('Chờ duyệt').waitFor();
    expect(await editorRow.getByRole('button', { name: 'Duyệt', exact: true }).count()).toBe(0);
    await shot(editor, '2-editor-submitted');
    const [item] = await app.database.db.select().from(contentItems);
    expect(item).toMatchObject({ unitCode: 'ubnd-vinh-chau-p1', status: 'submitted' });

    // 2. Approver (another account) approves it from the approval queue.
    const approver = await signIn('lanhdao');
    await openMenu(approver, 'Thư viện nội dung');
    await approver.getByRole('tab', { name: 'Chờ duyệt' }).click();
    const queueRow = approver.getByRole('row', { name: new RegExp(TITLE) });
    await queueRow.getByText('ubnd-vinh-chau-p1').waitFor();
    await shot(approver, '3-approver-queue');
    await queueRow.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await toast(approver, 'Đã duyệt.');
    await queueRow.waitFor({ state: 'detached' }); // the queue lists submitted items only
    await approver.getByRole('tab', { name: 'Tất cả' }).click();
    await approver
      .getByRole('row', { name: new RegExp(TITLE) })
      .getByText('Đã duyệt')
      .waitFor();
    await shot(approver, '4-approver-approved');

    // 3. Editor schedules it for Phường 1 tomorrow 09:00 (outside quiet hours 21:00–07:00), after counting.
    const now = new TZDate(Date.now(), TZ);
    const at = new TZDate(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, TZ);
    const typed = `${String(at.getDate()).padStart(2, '0')}/${String(at.getMonth() + 1).padStart(2, '0')}/${at.getFullYear()} 09:00`;
    await editor.reload();
    await editorRow.getByText('Đã duyệt').waitFor();
    await editorRow.getByRole('button', { name: 'Lên lịch gửi' }).click();
    const dialog = editor.getByRole('dialog', { name: 'Lên lịch gửi' });
    await dialog.getByLabel('Thời điểm gửi (giờ Việt Nam)').click();
    await dialog.getByLabel('Thời điểm gửi (giờ Việt Nam)').fill(typed);
    await editor.locator('.ant-picker-dropdown').getByRole('button', { name: 'OK' }).click();
    await dialog.getByLabel('Xã/phường (để trống: tất cả)').fill('vinh-chau-p1');
    await dialog.getByLabel('Xã/phường (để trống: tất cả)').press('Enter');
    await dialog.locator('.ant-modal-title').click(); // closes the tag dropdown
    await dialog.getByRole('button', { name: 'Đếm người nhận' }).click();
    const preview = dialog.getByTestId('audience-preview');
    await expect.poll(() => preview.innerText()).toContain('Sẽ nhận tin: 3');
    const previewText = await preview.innerText();
    expect(previewText).toContain('Khớp điều kiện: 4; từ chối nhận tin: 1; hết lượt Zalo: 0');
    expect(previewText).not.toContain('giờ yên lặng');
    await shot(editor, '5-editor-schedule-preview');
    await dialog.getByRole('button', { name: 'Lên lịch', exact: true }).click();
    await toast(editor, 'Đã lên lịch gửi.');
    await editorRow.getByText('Đã lên lịch').waitFor();
    await shot(editor, '6-editor-scheduled');
    const [planned] = await app.database.db.select().from(broadcasts);
    expect(planned).toMatchObject({
      itemId: item!.id,
      status: 'scheduled',
      segment: { areas: ['vinh-chau-p1'] },
    });
    expect(planned!.scheduledAt.toISOString()).toBe(new Date(at.getTime()).toISOString());

    // 4. The send job's tick, with a clock the test controls: nothing before the time, everything after it.
    const send = senderHarness(app.database, zalo.url);
    const sender = new BroadcastSender(send.deps);
    send.clock.set(new Date(at.getTime() - 60_000));
    await broadcastTick(send.deps, sender);
    expect(zalo.sent).toHaveLength(0);
    send.clock.set(new Date(at.getTime() + 60_000));
    await broadcastTick(send.deps, sender);
    expect(zalo.sent.map((m) => m.userId).sort()).toEqual(['bc-p1-a', 'bc-p1-b', 'bc-p1-c']);
    expect(zalo.sent.every((m) => m.kind === 'promotion' && JSON.stringify(m.message).includes(TEXT))).toBe(
      true,
    );
    const deliveries = await app.database.db
      .select()
      .from(broadcastDeliveries)
      .where(eq(broadcastDeliveries.broadcastId, planned!.id));
    expect(deliveries.map((d) => [d.zaloUserId, d.status]).sort()).toEqual([
      ['bc-p1-a', 'sent'],
      ['bc-p1-b', 'sent'],
      ['bc-p1-c', 'sent'],
    ]);

    // 5. The broadcast page shows the outcome and the per-area stats.
    await openMenu(editor, 'Đợt gửi tin');
    const bRow = editor.getByRole('row', { name: new RegExp(`^${planned!.id}\\b`) });
    await bRow.getByText('Đã gửi').waitFor();
    await bRow.click();
    await editor.getByText(`Đợt gửi #${planned!.id}`).waitFor();
    await expect.poll(() => described(editor, 'Đã gửi / lỗi')).toBe('3 / 0');
    expect(await described(editor, 'Người nhận')).toBe('3');
    expect(await described(editor, 'Bỏ qua (từ chối / hết lượt Zalo)')).toBe('1 / 0');
    expect(await described(editor, 'Trạng thái')).toBe('Đã gửi');
    const areaRow = editor.locator('.ant-drawer').getByRole('row', { name: /Phường 1/ });
    expect((await areaRow.locator('td').allInnerTexts()).slice(0, 4)).toEqual(['Phường 1', '3', '3', '0']);
    await shot(editor, '7-broadcast-stats');

    // 6. The workflow is in the audit log, each step by the right person.
    const audit = await app.database.db
      .select({ action: auditLog.action, username: auditLog.username })
      .from(auditLog)
      .where(eq(auditLog.targetId, String(item!.id)))
      .orderBy(asc(auditLog.id));
    expect(audit).toEqual([
      { action: 'broadcast.create', username: 'bientap' },
      { action: 'broadcast.submit', username: 'bientap' },
      { action: 'broadcast.approve', username: 'lanhdao' },
      { action: 'broadcast.schedule', username: 'bientap' },
      { action: 'broadcast.start_sending', username: null },
      { action: 'broadcast.finish', username: null },
    ]);
    const [done] = await app.database.db.select().from(contentItems);
    expect(done!.status).toBe('sent');
    await editor.context().close();
    await approver.context().close();
  }, 180_000);
});
