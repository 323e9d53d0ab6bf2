import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { submitResponse } from '../../src/surveys/surveys.service.ts';
import { createStaff, PASSWORD } from '../console/helpers.ts';
import { citizenAnswers, surveyDeps } from './fixtures.ts';

const artifacts = path.resolve('test-artifacts/surveys');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
}

/** Builds the console only when its sources are newer than the last build (same rule as the console's own test). */
function buildConsoleIfStale() {
  const index = path.resolve('admin/dist/index.html');
  if (existsSync(index) && statSync(index).mtimeMs > newest(path.resolve('admin/src'))) return;
  execFileSync('npm', ['run', 'build', '-w', 'admin'], { stdio: 'ignore', timeout: 300_000 });
}

let app: TestApp;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  buildConsoleIfStale();
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  await loadSurveyFiles(app.database.db, 'content');
  const deps = surveyDeps(app.database, app.clock);
  // 2025 data: 18 of 20 in Phường 1 in Q1, 7 of 12 in Phường 2 in Q3.
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
  await seed('2025-01-10T03:00:00Z', 'vinh-chau-p1', 18, 2);
  await seed('2025-07-10T03:00:00Z', 'vinh-chau-p2', 7, 5);
  app.clock.set(new Date()); // the browser's session cookie lives in real time
  await createStaff(app, 'sonoivu', 'reviewer', 'so-noi-vu');
  server = app.express.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
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
    expect(await page.getByTestId('commune-table').innerText()).toContain('Phường 1');
    await expect.poll(() => page.getByRole('link', { name: /Xuất PDF/ }).count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: /Soạn khảo sát/ }).count()).toBe(0);
    await page.waitForTimeout(500); // let the chart animation settle for the screenshot
    await page.screenshot({ path: path.join(artifacts, 'survey-dashboard.png'), fullPage: true });
    await context.close();
  }, 90_000);
});
