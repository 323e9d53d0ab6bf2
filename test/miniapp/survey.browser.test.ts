import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type BrowserHarness } from '../helpers/browser.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { recordInteraction } from '../../src/followers/followers.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { surveyParticipations, surveyResponses } from '../../src/surveys/surveys.schema.ts';

const SURVEY = 'citizen-cchc-2026';
/** Inside the 2026 citizen survey's period (15/12/2025 – 14/12/2026). */
const DURING = new Date('2026-11-23T03:00:00Z');

let app: TestApp;
let harness: BrowserHarness;
let page: Page;
/** The first journey's stored answers: a valid response to send from "another device" in the second. */
let firstAnswers: Record<string, unknown> = {};

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app.clock.set(DURING);
  await loadReferenceData(app.database.db, 'content');
  await loadSurveyFiles(app.database.db, 'content');
  harness = await openBrowser(app.express, 'miniapp-survey');
  page = await harness.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
}, 400_000);

afterAll(async () => {
  await harness?.close();
  await app?.close();
});

const shot = (name: string) =>
  page.screenshot({
    path: path.join(harness.artifacts, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });

async function devLogin(name: string) {
  await page.goto(`${harness.base}/miniapp/?dev=1`);
  await page.locator('input[name=name]').fill(name);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText('Cuộc thi đang mở').waitFor();
}

/** The page's mini-app session token (kept in sessionStorage), to act as the same person from the test. */
const pageToken = async () => (await page.evaluate('sessionStorage.getItem("miniapp_token")')) as string;

async function signedInUserId(): Promise<string> {
  const me = await request(app.express)
    .get('/api/miniapp/me')
    .set('authorization', `Bearer ${await pageToken()}`)
    .expect(200);
  return (me.body as { user: { zaloUserId: string } }).user.zaloUserId;
}

/** Answers every shown card: the first option, 4 on a scale, "Có", a sentence; cards shown by skip logic too. */
async function answerAll(): Promise<Map<string, string[]>> {
  const shownOrder = new Map<string, string[]>();
  for (let i = 0; i < 50; i++) {
    const cards = page.locator('[data-survey-question]');
    if (i >= (await cards.count())) break;
    const card = cards.nth(i);
    const qid = (await card.getAttribute('data-survey-question'))!;
    const type = await card.getAttribute('data-type');
    if (type === 'knowledge')
      shownOrder.set(
        qid,
        await card
          .locator('[data-option]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-option')!)),
      );
    if (type === 'likert') await card.getByRole('button', { name: '4', exact: true }).click();
    else if (type === 'yesno') await card.getByRole('button', { name: 'Có', exact: true }).click();
    else if (type === 'text') await card.locator('textarea').fill('Nên có thêm hướng dẫn tại xã');
    else await card.locator('[data-option]').first().click();
  }
  return shownOrder;
}

describe('mini-app in Chromium: survey', () => {
  it('answers the open survey with consent, commune search and remember-my-commune', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await devLogin('Lê Văn Khảo');
    const zaloUserId = await signedInUserId();
    // The signed-in person is an OA follower, so "remember my commune" has a profile to write to.
    await recordInteraction(app.database.db, { zaloUserId, at: DURING });

    const entry = page.locator(`[data-survey=${SURVEY}]`);
    await entry.getByRole('button', { name: 'Khảo sát' }).waitFor();
    await shot('1-home');
    await entry.getByRole('button', { name: 'Khảo sát' }).click();

    // Consent comes first; nothing is asked before it.
    await page.getByTestId('survey-consent').waitFor();
    expect(await page.getByTestId('survey-consent').textContent()).toContain('91/2025/QH15');
    expect(await page.locator('[data-survey-question]').count()).toBe(0);
    await shot('2-consent');
    await page.getByRole('button', { name: 'Tôi đồng ý tham gia' }).click();

    // Sending nothing: the server's Vietnamese reasons appear on the questions.
    await page.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await page.getByText('Câu trả lời chưa hợp lệ').waitFor();
    await expect
      .poll(() => page.locator('[data-survey-question=r1] .error').textContent())
      .toBe('Câu này là câu bắt buộc, vui lòng trả lời.');
    await shot('3-server-errors');

    const shownOrder = await answerAll();
    expect(shownOrder.size).toBeGreaterThanOrEqual(4);

    // Commune search without diacritics.
    await page.locator('input[name=communeSearch]').fill('vinh phuoc');
    await page.getByRole('button', { name: 'Phường Vĩnh Phước' }).click();
    await page.getByTestId('commune-chosen').waitFor();
    await page.locator('input[name=rememberCommune]').check();
    await shot('4-answered');
    await page.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await page.getByTestId('survey-thanks').waitFor();
    await shot('5-thanks');

    const rows = await app.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, SURVEY));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.channel).toBe('miniapp');
    expect(row.consentGiven).toBe(true);
    expect(row.areaCode).toBe('phuong-vinh-phuoc');
    expect(row.respondentZaloId).toBeNull(); // anonymous survey
    const answers = row.answers as Record<string, unknown>;
    firstAnswers = answers;
    expect(answers.r1).toBe('a');
    expect(answers.s1).toBe(4);
    expect(answers.u1).toBe('yes');
    // The order the person saw is the one stored (the seed went back with the answers), and the first shown
    // knowledge option is what was recorded.
    const order = row.optionOrder as Record<string, string[]>;
    for (const [qid, ids] of shownOrder) {
      expect(order[qid]).toEqual(ids);
      expect(answers[qid]).toBe(ids[0]);
    }
    const [follower] = await app.database.db
      .select()
      .from(followers)
      .where(eq(followers.zaloUserId, zaloUserId));
    expect(follower!.areaCode).toBe('phuong-vinh-phuoc');

    // Home now shows it as answered, and opening it again does not offer the form.
    await page.getByRole('button', { name: 'Về trang chủ' }).click();
    await page.locator(`[data-survey=${SURVEY}]`).getByText('Bạn đã trả lời khảo sát này').waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows "Bạn đã trả lời khảo sát này" when the server refuses a second answer (409)', async () => {
    // A new browser context: the dev identity belongs to the browser, so this is another person.
    await page.close();
    page = await harness.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    await devLogin('Phạm Thị Hai');
    await page.locator(`[data-survey=${SURVEY}]`).getByRole('button', { name: 'Khảo sát' }).click();
    await page.getByRole('button', { name: 'Tôi đồng ý tham gia' }).click();
    await answerAll();
    // Meanwhile the same person answers from another device (the chat or a second phone).
    const { status } = await request(app.express)
      .post(`/api/miniapp/surveys/${SURVEY}`)
      .set('authorization', `Bearer ${await pageToken()}`)
      .send({ consent: true, answers: firstAnswers });
    expect(status).toBe(201);
    await page.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await page.getByTestId('survey-answered').waitFor();
    expect(await page.getByTestId('survey-answered').textContent()).toBe('Bạn đã trả lời khảo sát này');
    await shot('6-already-answered');
    const count = await app.database.db.select().from(surveyParticipations);
    expect(count).toHaveLength(2);
  }, 120_000);
});
