import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { TestApp } from '../helpers/app.ts';
import { eq } from 'drizzle-orm';
import { quizQuestions, quizRounds } from '../../src/quiz/quiz.schema.ts';
import { AFTER_DEMO, DEMO, demoRoundId, quizTestApp } from './quiz-helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await quizTestApp();
});
afterAll(async () => app.close());

/** Every participant-facing response body seen in this test. */
const seen: { what: string; body: unknown }[] = [];

async function call(token: string, method: 'get' | 'post', path: string, body?: unknown) {
  const req = request(app.express)[method](path).set('authorization', `Bearer ${token}`);
  const res = body === undefined ? await req : await req.send(body as object);
  seen.push({ what: `${method.toUpperCase()} ${path} → ${res.status}`, body: res.body });
  return res;
}

function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (v !== null) out.push(k);
      keysOf(v, out);
    }
  return out;
}

let browser = '';

describe('the answer key before a round closes', () => {
  it('appears in no participant-facing response, through a whole contest journey', async () => {
    const roundId = await demoRoundId(app);
    const dev = await request(app.express).post('/api/miniapp/dev-login').send({ name: 'Quét Đáp Án' });
    seen.push({ what: 'dev-login', body: dev.body });
    const token = dev.body.token as string;
    // The same browser (its dev-id cookie) signs in again later as the same person.
    browser = (dev.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('miniapp_dev_id='))!
      .split(';')[0]!;
    await call(token, 'get', '/api/miniapp/me');
    await call(token, 'get', '/api/miniapp/quiz/campaigns');
    const view = await call(token, 'get', `/api/miniapp/quiz/campaigns/${DEMO}`);
    await call(token, 'post', `/api/miniapp/quiz/campaigns/${DEMO}/registration`, {
      answers: { fullName: 'Quét Đáp Án', commune: 'x' },
      consent: true,
      consentVersion: view.body.campaign.consentVersion,
    });
    for (let i = 0; i < 3; i++) {
      const a = await call(token, 'post', `/api/miniapp/quiz/rounds/${roundId}/attempts`);
      expect(a.status).toBe(201);
      await call(token, 'post', `/api/miniapp/quiz/rounds/${roundId}/attempts`);
      await call(token, 'get', `/api/miniapp/quiz/attempts/${a.body.id}`);
      const answers = a.body.questions.map((q: { id: string }) => ({ questionId: q.id, choices: [0] }));
      await call(token, 'post', `/api/miniapp/quiz/attempts/${a.body.id}/submit`, {
        answers,
        prediction: 'x',
      });
      await call(token, 'post', `/api/miniapp/quiz/attempts/${a.body.id}/submit`, { answers, prediction: 7 });
      await call(token, 'post', `/api/miniapp/quiz/attempts/${a.body.id}/submit`, { answers, prediction: 7 });
      await call(token, 'get', `/api/miniapp/quiz/attempts/${a.body.id}`);
    }
    await call(token, 'post', `/api/miniapp/quiz/rounds/${roundId}/attempts`);
    await call(token, 'get', `/api/miniapp/quiz/rounds/${roundId}/leaderboard`);
    await call(token, 'get', `/api/miniapp/quiz/campaigns/${DEMO}`);
    // Just before the late-submit grace ends the round counts as open for answers too.
    const [round] = await app.database.db.select().from(quizRounds).where(eq(quizRounds.id, roundId));
    app.clock.set(new Date(round!.closesAt.getTime() + 10_000 - 1));
    const late = (
      await request(app.express)
        .post('/api/miniapp/dev-login')
        .set('cookie', browser)
        .send({ name: 'Quét Đáp Án' })
    ).body.token;
    const mine = await call(late, 'get', `/api/miniapp/quiz/campaigns/${DEMO}`);
    for (const a of mine.body.me.attempts) await call(late, 'get', `/api/miniapp/quiz/attempts/${a.id}`);

    const bank = await app.database.db.select().from(quizQuestions);
    // A source may be a law the campaign's own consent or rules text names in public; those are not secrets.
    // So may a law a question's own text or options name.
    const publicText = JSON.stringify([view.body.campaign, bank.map((q) => [q.text, q.options])]);
    const secrets = bank.flatMap((q) => [q.explanation, q.source]).filter((s) => !publicText.includes(s));
    expect(secrets.length).toBeGreaterThan(bank.length);
    expect(seen.length).toBeGreaterThan(25);
    for (const { what, body } of seen) {
      const keys = keysOf(body);
      for (const forbidden of ['correct', 'isCorrect', 'explanation', 'review', 'answerKey'])
        expect(keys, `${what} has "${forbidden}"`).not.toContain(forbidden);
      const text = JSON.stringify(body);
      for (const s of secrets) expect(text.includes(s), `${what} leaks "${s.slice(0, 40)}…"`).toBe(false);
    }
  });

  it('does appear once the round has closed (the scan above would catch it)', async () => {
    app.clock.set(new Date(AFTER_DEMO.getTime() + 60_000));
    const token = (
      await request(app.express)
        .post('/api/miniapp/dev-login')
        .set('cookie', browser)
        .send({ name: 'Quét Đáp Án' })
    ).body.token;
    const mine = await request(app.express)
      .get(`/api/miniapp/quiz/campaigns/${DEMO}`)
      .set('authorization', `Bearer ${token}`);
    const id = mine.body.me.attempts[0].id;
    const res = await request(app.express)
      .get(`/api/miniapp/quiz/attempts/${id}`)
      .set('authorization', `Bearer ${token}`);
    expect(keysOf(res.body)).toEqual(expect.arrayContaining(['correct', 'explanation', 'source']));
  });
});
