import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { submitResponse } from '../../src/surveys/surveys.service.ts';
import { createStaff, PASSWORD } from '../console/helpers.ts';
import { citizenAnswers, surveyDeps } from './fixtures.ts';

let artifacts: string;
let harness: BrowserHarness;

let app: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  await loadSurveyFiles(app.database.db, 'content');
  const deps = surveyDeps(app.database, app.clock);
  // 2025 data: 18 of 20 in Phường Vĩnh Châu in Q1, 7 of 12 in Phường Vĩnh Phước in Q3.
  const seed = async (iso: string, area: string, yes: number, no: number) => {
    app.clock.set(iso);
    for (let i = 0; i < yes + no; i++)
      await submitResponse(deps, {
        surveyId: 'citizen-cchc-2025',
        zaloUserId: `${iso}-${area}-${i}`,
        channel: 'miniapp',
        consent: true,
        areaCode: area,
        answers: i < yes ? citizenAnswers() : citizenAnswers(['a', 'a', 'a', 'a'], 2),
      });
  };
  await seed('2025-01-10T03:00:00Z', 'phuong-vinh-chau', 18, 2);
  await seed('2025-07-10T03:00:00Z', 'phuong-vinh-phuoc', 7, 5);
  app.clock.set(new Date()); // the browser's session cookie lives in real time
  await createStaff(app, 'quantri', 'admin', null); // with an administrator, /admin signs in (no first-run setup)
  await createStaff(app, 'sonoivu', 'reviewer', 'so-noi-vu');
  harness = await openBrowser(app.express, 'surveys');
  ({ base, browser, artifacts } = harness);
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

describe('survey dashboard (browser)', () => {
  it('shows the 2025 figures with the interval, the commune table and exports to a reviewer', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Tên đăng nhập').fill('sonoivu');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('menuitem', { name: /^\S*\s*Khảo sát$/ }).click();
    // The period selector: the whole 2025 report year.
    await page.getByTestId('year-select').locator('.ant-select-selector').click();
    await page.locator('.ant-select-item-option-content', { hasText: /^Năm 2025$/ }).click();
    const headline = page.getByTestId('survey-headline');
    await expect.poll(() => headline.innerText(), { timeout: 20_000 }).toContain('25/32');
    const text = await headline.innerText();
    expect(text).toContain('78,1%');
    expect(text).toContain('Chưa xác định');
    expect(await page.getByTestId('commune-table').innerText()).toContain('Phường Vĩnh Châu');
    await expect.poll(() => page.getByRole('link', { name: /Xuất PDF/ }).count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: /Soạn khảo sát/ }).count()).toBe(0);
    await page.waitForTimeout(500); // let the chart animation settle for the screenshot
    await page.screenshot({ path: path.join(artifacts, 'survey-dashboard.png'), fullPage: true });
    await context.close();
  }, 90_000);
});
