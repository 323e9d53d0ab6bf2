import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { createStaff, PASSWORD } from '../console/helpers.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { getPlan, loadAllPlans } from '../../src/plan/plan.service.ts';
import { approvePlan, submitPlan } from '../../src/plan/plan.editor.service.ts';
import { planReportPeriod } from '../../src/plan/plan.periods.ts';
import { planFileSchema } from '../../src/plan/plan.file.ts';
import { parse } from 'yaml';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { seedDemo } from '../../src/demo/demo.seed.ts';

let app: TestApp;
let harness: BrowserHarness;
const thisYear = new Date().getFullYear();
const nextYear = thisYear + 1;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app.clock.set(new Date()); // the browser's cookies live in real time
  const db = app.database.db;
  await loadReferenceData(db, 'content');
  await loadAllPlans(db, 'content');
  await loadSurveyFiles(db, 'content');
  // The demo pack gives this year a draft plan (copied from last year's) and data to report; someone approves it.
  await seedDemo({ db, clock: app.clock });
  await submitPlan({ db, clock: app.clock }, thisYear);
  await approvePlan({ db, clock: app.clock }, thisYear, 'demo-approver');
  await createStaff(app, 'quantri', 'admin', null); // with an administrator, /admin signs in (no first-run setup)
  await createStaff(app, 'soanthao', 'editor', 'ubnd-tinh');
  await createStaff(app, 'pheduyet', 'approver', 'ubnd-tinh');
  await createStaff(app, 'sonoivu', 'reviewer', 'ubnd-tinh');
  harness = await openBrowser(app.express, 'plan-and-report');
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

async function signIn(username: string): Promise<Page> {
  const context = await harness.browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  await page.goto(`${harness.base}/admin/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('side-menu').waitFor({ timeout: 15_000 });
  return page;
}
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(harness.artifacts, `${name}.png`), fullPage: true });

describe('a year in the console (Chromium)', () => {
  it('builds next year’s plan from this year’s: a theme, an item’s units and a report period edited; another person approves it', async () => {
    const editor = await signIn('soanthao');
    await editor.goto(`${harness.base}/admin/plans`);
    await editor.getByText(`Chưa có kế hoạch tuyên truyền năm ${nextYear}.`).waitFor({ timeout: 15_000 });
    await shot(editor, '1-no-plan-yet');
    await editor.getByRole('button', { name: `Tạo kế hoạch năm ${nextYear} từ năm ${thisYear}` }).click();
    const title = editor.getByLabel('Nội dung mục 1', { exact: true });
    await title.waitFor({ timeout: 15_000 });
    await title.fill(`Kết quả CCHC năm ${thisYear}; kế hoạch CCHC năm ${nextYear}`);

    // Themes: rename one, add one.
    await editor.getByRole('tab', { name: /Chủ đề/ }).click();
    await editor.getByLabel('Tên chủ đề apparatus').fill('Sắp xếp bộ máy, chính quyền địa phương hai cấp');
    await editor.getByLabel('Tên chủ đề mới').fill('Chính quyền số');
    await editor.getByRole('button', { name: 'Thêm chủ đề' }).click();
    await editor.getByLabel('Tên chủ đề chinh-quyen-so').waitFor();
    await shot(editor, '2-themes-edited');

    // Item 3: the new theme, Sở Nội vụ leading instead of the press, UBND thành phố cooperating.
    await editor.getByRole('tab', { name: /Mục kế hoạch/ }).click();
    await editor.getByRole('button', { name: 'Sửa mục 3' }).click();
    const drawer = editor.locator('.ant-drawer-content');
    await drawer.locator('.ant-select[aria-label="Chủ đề"]').click();
    await drawer.getByRole('combobox', { name: 'Chủ đề', exact: true }).fill('Chính quyền số');
    await editor
      .locator('.ant-select-dropdown:visible .ant-select-item-option[title="Chính quyền số"]')
      .click();
    const lead = drawer.locator('.ant-select[aria-label="Đơn vị chủ trì"]');
    while ((await lead.locator('.ant-select-selection-item-remove').count()) > 0)
      await lead.locator('.ant-select-selection-item-remove').first().click();
    await lead.click();
    await editor.keyboard.type('Sở Nội vụ');
    await editor.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Sở Nội vụ"]').click();
    await drawer.getByText('Nội dung', { exact: true }).click(); // closes the open dropdown
    await drawer.locator('.ant-select[aria-label="Đơn vị phối hợp"]').click();
    await editor.keyboard.type('UBND thành phố');
    await editor
      .locator('.ant-select-dropdown:visible .ant-select-item-option[title="UBND thành phố Cần Thơ"]')
      .click();
    await shot(editor, '3-item-units');
    await drawer.getByText('Nội dung', { exact: true }).click();
    await editor.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // Report periods: the Q1 report is due on the 20th this year.
    await editor.getByRole('tab', { name: 'Kỳ báo cáo' }).click();
    const due = editor.getByLabel('Hạn báo cáo kỳ Quý I', { exact: true });
    await due.fill('20/03');
    await due.blur();
    await shot(editor, '4-periods-edited');
    await editor.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await editor.getByText('Đã lưu dự thảo.').waitFor({ timeout: 15_000 });
    await editor.getByRole('button', { name: 'Trình duyệt' }).click();
    await editor.getByText('Đã trình duyệt kế hoạch.').waitFor({ timeout: 15_000 });
    await shot(editor, '5-submitted');
    await editor.context().close();

    const approver = await signIn('pheduyet');
    await approver.goto(`${harness.base}/admin/plans`);
    await approver.getByText('Đã trình duyệt', { exact: true }).waitFor({ timeout: 15_000 });
    await approver.getByRole('button', { name: 'Duyệt kế hoạch' }).click();
    await approver.getByText('Đã duyệt kế hoạch.').waitFor({ timeout: 15_000 });
    await shot(approver, '6-approved');
    const [download] = await Promise.all([
      approver.waitForEvent('download'),
      approver.getByRole('link', { name: `Tải content/plan/${nextYear}.yaml` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${nextYear}.yaml`);
    const file = planFileSchema.parse(parse(await readFile((await download.path())!, 'utf8')));
    await approver.context().close();

    const db = app.database.db;
    const plan = await getPlan(db, nextYear);
    expect(plan.items.find((i) => i.no === 1)?.title).toBe(
      `Kết quả CCHC năm ${thisYear}; kế hoạch CCHC năm ${nextYear}`,
    );
    expect(plan.items.find((i) => i.no === 3)).toMatchObject({
      theme: 'chinh-quyen-so',
      lead: ['so-noi-vu'],
      cooperating: expect.arrayContaining(['ubnd-tinh']),
    });
    expect(plan.themes.find((t) => t.code === 'apparatus')?.label).toBe(
      'Sắp xếp bộ máy, chính quyền địa phương hai cấp',
    );
    expect((await planReportPeriod(db, nextYear, 'q1')).due).toBe(`${nextYear}-03-20`);
    expect(file.items.find((i) => i.no === 3)?.lead).toEqual(['so-noi-vu']);
    expect(file.reportPeriods?.find((p) => p.id === 'q1')?.due).toBe('03-20');
  }, 180_000);

  it('exports the Quý I report as a Word file with the figures shown on the page', async () => {
    const reviewer = await signIn('sonoivu');
    await reviewer.goto(`${harness.base}/admin/reports`);
    await reviewer.getByText('Số liệu trên hệ thống').waitFor({ timeout: 20_000 });
    await reviewer.getByText(/Tổng hợp toàn địa bàn/).waitFor({ timeout: 20_000 });
    await shot(reviewer, '7-report-page');
    const [download] = await Promise.all([
      reviewer.waitForEvent('download'),
      reviewer.getByRole('link', { name: /Tải báo cáo Word/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^bao-cao-cchc-.+-${thisYear}-q1\\.docx$`));
    const zip = await JSZip.loadAsync(await readFile((await download.path())!));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(xml).toContain(`quý I năm ${thisYear}`);
    await reviewer.context().close();
  }, 120_000);
});
