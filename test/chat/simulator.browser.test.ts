import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { createChatTestApp } from './chat-helpers.ts';

let artifacts: string;
let harness: BrowserHarness;

let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  t = await createChatTestApp();
  harness = await openBrowser(t.express, 'chat');
  ({ base, browser, artifacts } = harness);
});
afterAll(async () => {
  await harness?.close();
  await t?.close();
});

describe('/dev/chat', () => {
  it('chats with the bot in Vietnamese; reply buttons are quick replies that send their payload', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 820 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${base}/dev/chat`);
    expect(await page.locator('h1').textContent()).toMatch(/Trợ lý CCHC/);
    await page.fill('#text', 'bat dau');
    await page.click('#composer button');
    await page.locator('.msg.bot', { hasText: 'Bạn cần hỗ trợ gì' }).waitFor();
    expect(await page.locator('.quick button').allTextContents()).toEqual([
      'Đăng ký định danh VNeID mức 2',
      'Tra cứu hồ sơ đã nộp',
      'Cuộc thi tìm hiểu CCHC',
      'Khảo sát mức độ hài lòng',
      'Gặp cán bộ',
    ]);
    // Zalo takes five buttons: news by topic, stopping news and language stay words to type, and the menu says so.
    await page.locator('.msg.bot', { hasText: 'Gõ "tin" để chọn chủ đề tin CCHC' }).waitFor();
    await page.locator('.msg.bot', { hasText: '"ngôn ngữ" để đổi ngôn ngữ' }).waitFor();

    await page.fill('#text', 'ngôn ngữ');
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot', { hasText: 'Vui lòng chọn ngôn ngữ' }).waitFor();
    await page.click('.quick button:has-text("English")');
    await page.locator('.msg.bot', { hasText: 'Switched to English.' }).waitFor();
    // The hidden payload ("#lang en") is not shown as the citizen's message; the button title is.
    expect(await page.locator('.msg.me').allTextContents()).toEqual(['bat dau', 'ngôn ngữ', 'English']);

    await page.fill('#text', 'menu');
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot', { hasText: 'How can we help?' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'dev-chat.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
