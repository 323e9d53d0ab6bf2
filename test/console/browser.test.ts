import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import type { Role } from '../../src/console/policy.ts';
import { auditRows, createStaff, PASSWORD } from './helpers.ts';

let artifacts: string;
let harness: BrowserHarness;

let app: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app.clock.set(new Date()); // the browser's cookies live in real time
  await loadReferenceData(app.database.db, 'content');
  await createStaff(app, 'quantri', 'admin', null);
  await createStaff(app, 'bientap', 'editor', 'ubnd-phuong-vinh-chau');
  await createStaff(app, 'lanhdao', 'approver', 'ubnd-tinh');
  await createStaff(app, 'sonoivu', 'reviewer', 'so-noi-vu');
  await createStaff(app, 'tongdai', 'agent', 'ubnd-tinh');
  harness = await openBrowser(app.express, 'console');
  ({ base, browser, artifacts } = harness);
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

async function signIn(username: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  return page;
}

async function menuItems(page: Page): Promise<string[]> {
  await page.getByTestId('side-menu').waitFor();
  return page.getByTestId('side-menu').locator('li[role="menuitem"]').allInnerTexts();
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('console in Chromium', () => {
  it('refuses a wrong password with the generic message', async () => {
    const page = await signIn('quantri', 'sai-mat-khau-123');
    await expect(page.getByTestId('login-error').textContent({ timeout: 15_000 })).resolves.toContain(
      'Tên đăng nhập hoặc mật khẩu không đúng',
    );
    await shot(page, 'login-error');
    await page.context().close();
  });

  it('admin: signs in to the dashboard (cards and chart) and opens accounts and the audit log', async () => {
    const page = await signIn('quantri');
    await page.getByTestId('dashboard-cards').waitFor({ timeout: 20_000 });
    await page.locator('canvas').first().waitFor();
    // Other modules add their pages to the menu; the console's own must all be there for an admin.
    expect(await menuItems(page)).toEqual(
      expect.arrayContaining([
        'Tổng quan',
        'Hộp thư hỗ trợ',
        'Câu hỏi chưa trả lời',
        'Người quan tâm',
        'Đơn vị và địa bàn',
        'Nhật ký hệ thống',
        'Tài khoản',
        'Cài đặt',
      ]),
    );
    await shot(page, 'admin-dashboard');
    await page.getByTestId('side-menu').getByText('Tài khoản').click();
    await page.getByRole('cell', { name: 'bientap', exact: true }).waitFor();
    await shot(page, 'admin-accounts');
    await page.getByTestId('side-menu').getByText('Nhật ký hệ thống').click();
    await page.getByRole('cell', { name: 'Đăng nhập sai' }).first().waitFor();
    await shot(page, 'admin-audit');
    await page.getByTestId('side-menu').getByText('Cài đặt').click();
    await page.getByTestId('oa-state').waitFor();
    await shot(page, 'admin-settings');
    await page.context().close();
  });

  const perRole: { role: Role; username: string; page: string; menu: string; expect: string }[] = [
    {
      role: 'editor',
      username: 'bientap',
      page: 'units',
      menu: 'Đơn vị và địa bàn',
      expect: 'Trong phạm vi',
    },
    { role: 'approver', username: 'lanhdao', page: 'followers', menu: 'Người quan tâm', expect: 'Tên Zalo' },
    {
      role: 'reviewer',
      username: 'sonoivu',
      page: 'dashboard',
      menu: 'Tổng quan',
      expect: 'Khảo sát: mức độ hiểu biết về CCHC',
    },
    {
      role: 'agent',
      username: 'tongdai',
      page: 'handoff',
      menu: 'Hộp thư hỗ trợ',
      expect: 'Không có cuộc trò chuyện nào đang chờ.',
    },
  ];
  for (const r of perRole) {
    it(`${r.role}: sees only permitted menu items and opens ${r.page}`, async () => {
      const page = await signIn(r.username);
      const items = await menuItems(page);
      expect(items).toContain(r.menu);
      expect(items).not.toContain('Tài khoản');
      expect(items).not.toContain('Nhật ký hệ thống');
      await page.getByTestId('side-menu').getByText(r.menu).click();
      await page.getByText(r.expect).first().waitFor({ timeout: 20_000 });
      await shot(page, `${r.role}-${r.page}`);
      await page.context().close();
    });
  }

  it('shows 403 on a page the role may not open (agent → accounts), and the server audits the API refusal', async () => {
    const page = await signIn('tongdai');
    await menuItems(page);
    await page.goto(`${base}/admin/accounts`);
    await page.getByText('Bạn không có quyền truy cập trang này.').waitFor();
    await shot(page, 'agent-denied-accounts');
    const status = await page.evaluate(async () => (await fetch('/api/console/accounts')).status);
    expect(status).toBe(403);
    const denied = (await auditRows(app)).filter(
      (r) => r.action === 'access.denied' && r.username === 'tongdai',
    );
    expect(denied.map((r) => r.details?.path)).toEqual(['/api/console/accounts']);
    await page.context().close();
  });
});
