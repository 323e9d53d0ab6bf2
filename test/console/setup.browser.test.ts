import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { issueSetupCode } from '../../src/console/setup.service.ts';

let app: TestApp;
let harness: BrowserHarness;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app.clock.set(new Date()); // the browser's cookies live in real time
  harness = await openBrowser(app.express, 'console-setup');
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

describe('first run in Chromium', () => {
  it('offers the first administrator setup on a fresh install, then signs the new admin in', async () => {
    const code = await issueSetupCode({ db: app.database.db, clock: app.clock });
    const context = await harness.browser.newContext({
      viewport: { width: 1366, height: 820 },
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    await page.goto(`${harness.base}/admin/`);
    await page.getByTestId('setup-intro').waitFor({ timeout: 15_000 });
    await page.getByLabel('Mã thiết lập').fill('SAI0-SAI0');
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Họ tên').fill('Quản trị viên');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-quan-tri-2026');
    await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-quan-tri-2026');
    await page.getByRole('button', { name: 'Tạo tài khoản quản trị' }).click();
    await expect(page.getByTestId('setup-error').textContent({ timeout: 15_000 })).resolves.toContain(
      'Mã thiết lập không đúng',
    );
    await page.screenshot({ path: path.join(harness.artifacts, 'setup-wrong-code.png'), fullPage: true });
    await page.getByLabel('Mã thiết lập').fill(code!);
    await page.getByRole('button', { name: 'Tạo tài khoản quản trị' }).click();
    await page.getByTestId('side-menu').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(harness.artifacts, 'setup-done.png'), fullPage: true });
    await context.close();
  });
});
