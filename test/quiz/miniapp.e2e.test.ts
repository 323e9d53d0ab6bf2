import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { quizQuestions } from '../../src/quiz/quiz.schema.ts';
import { AFTER_DEMO, quizTestApp } from './quiz-helpers.ts';

let artifacts: string;
let harness: BrowserHarness;

let app: TestApp;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await quizTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
  await loadReferenceData(app.database.db, 'content');
  harness = await openBrowser(app.express, 'quiz');
  ({ base, browser, artifacts } = harness);
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

// Animations finished first: zmp-ui slides pages in, and a half-slid page is not what a participant sees.
const shot = (name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true, animations: 'disabled' });

async function devLogin(name: string) {
  await page.goto(`${base}/miniapp/?dev=1`);
  await page.locator('input[name=name]').fill(name);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText('Cuộc thi đang mở').waitFor();
}

describe('mini-app in Chromium: register → quiz → result after close', () => {
  it('runs the whole contest journey', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await devLogin('Trần Thị Bé');
    await page.getByText('Tìm hiểu cải cách hành chính').waitFor();
    await shot('1-home');

    await page.getByRole('button', { name: 'Xem và dự thi' }).first().click();
    await page.getByText('Đăng ký dự thi').waitFor();
    await page.locator('input[name=fullName]').fill('Trần Thị Bé');
    await page.locator('select[name=commune]').selectOption({ index: 3 });
    await page.locator('input[name=phone]').fill('0912 345 678');
    // Consent is required: submitting without it is refused in the page.
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.getByText('Bạn cần đồng ý').waitFor();
    await page.locator('input[name=consent]').check();
    await shot('2-registration');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.getByText('Bạn đã đăng ký.').waitFor();

    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    await page.getByTestId('countdown').waitFor();
    expect(await page.getByTestId('countdown').textContent()).toMatch(/^0[45]:\d\d$/);
    const bank = new Map((await app.database.db.select().from(quizQuestions)).map((q) => [q.id, q]));
    for (let n = 0; n < 5; n++) {
      const card = page.locator('[data-question]');
      const q = bank.get((await card.getAttribute('data-question'))!)!;
      const right = q.correct.map((i) => q.options[i]!);
      for (const text of right) await card.locator('label.option', { hasText: text }).first().click();
      if (n === 0) await shot('3-question');
      await page.getByRole('button', { name: 'Câu tiếp' }).click();
    }
    await page.locator('input[name=prediction]').fill('42');
    // The server's clock times the attempt: the participant took 1 min 23 s.
    app.clock.advance(83_000);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.getByTestId('score').waitFor();
    expect(await page.getByTestId('score').textContent()).toBe('Bạn đạt 5/5 điểm');
    await page.getByText('83 giây').waitFor();
    await shot('4-submitted');

    // The round closes: the server's clock moves past the close and the grace period.
    app.clock.set(AFTER_DEMO);
    await devLogin('Trần Thị Bé');
    await page.getByRole('button', { name: 'Xem và dự thi' }).first().click();
    await page.getByRole('button', { name: 'Xem đáp án' }).click();
    await page.getByTestId('result-score').waitFor();
    expect(await page.getByTestId('review-question').count()).toBe(5);
    const firstText = await page.getByTestId('review-question').first().textContent();
    expect(firstText).toContain('Giải thích');
    expect(firstText).toContain('Nguồn');
    await shot('5-result');

    await page.locator('.lang button', { hasText: 'ភាសាខ្មែរ' }).filter({ visible: true }).first().click();
    await page.getByText('ការពន្យល់').first().waitFor();
    await shot('6-result-km');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
