import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import request from 'supertest';
import { type Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { createStaff, PASSWORD } from '../console/helpers.ts';
import { demoRoundId, login, perfectAnswers, quizTestApp, registerDemo } from './quiz-helpers.ts';

let artifacts: string;
let harness: BrowserHarness;

let app: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await quizTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
  app.clock.set(new Date('2026-11-23T03:00:00Z'));
  await loadReferenceData(app.database.db, 'content');
  await createStaff(app, 'bantochuc', 'admin', null);
  const roundId = await demoRoundId(app);
  for (const [name, commune, perfect] of [
    ['Nguyễn Văn An', 'vinh-chau-p1', true],
    ['Lê Thị Bình', 'vinh-chau-p1', false],
    ['Thạch Sô Phanh', 'vinh-chau-khanh-hoa', true],
  ] as const) {
    const token = await login(app, name);
    await registerDemo(app, token, name, commune);
    const a = (
      await request(app.express)
        .post(`/api/miniapp/quiz/rounds/${roundId}/attempts`)
        .set('authorization', `Bearer ${token}`)
    ).body;
    app.clock.advance(25_000);
    await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
      .set('authorization', `Bearer ${token}`)
      .send({ answers: perfect ? await perfectAnswers(app, a) : [], prediction: 3 });
  }
  // Console sessions are checked against the clock; the browser lives in real time.
  app.clock.set(new Date());
  harness = await openBrowser(app.express, 'quiz');
  ({ base, browser, artifacts } = harness);
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

describe('console page "Cuộc thi" in Chromium', () => {
  it('shows participation, the round ranking and the import card', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' })
    ).newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Tên đăng nhập').fill('bantochuc');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('side-menu').getByText('Cuộc thi').click();
    await page.getByText('Xếp hạng theo vòng').waitFor({ timeout: 20_000 });
    await page.getByRole('cell', { name: 'Thạch Sô Phanh' }).waitFor();
    const ranks = await page.locator('.ant-table-tbody').last().locator('tr td:first-child').allInnerTexts();
    expect(ranks.slice(0, 3)).toEqual(['1', '2', '3']);
    // Registrations keep commune codes; the organiser reads names.
    await page.getByRole('cell', { name: 'Phường Khánh Hòa' }).waitFor();
    // ECharts grows the bars for about a second: let it finish so the picture shows the real counts.
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: path.join(artifacts, 'console-quiz.png'), fullPage: true });
  }, 120_000);
});
