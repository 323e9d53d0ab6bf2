import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { quizAttempts } from '../../src/quiz/quiz.schema.ts';
import { demoRoundId, login, perfectAnswers, quizTestApp, registerDemo } from './quiz-helpers.ts';

// Two app instances on one database, as behind a load balancer without sticky sessions: each keeps its own caches
// (contest configuration, attempts it started), so every request must be right on either instance.
let a: TestApp;
let b: TestApp;
let roundId: string;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  a = await quizTestApp();
  b = await createTestApp({ database: a.database, clock: a.clock });
  roundId = await demoRoundId(a);
});
afterAll(async () => a.close());

const start = (app: TestApp, token: string) =>
  request(app.express).post(`/api/miniapp/quiz/rounds/${roundId}/attempts`).set(auth(token));
const submit = (app: TestApp, token: string, id: string, body: object) =>
  request(app.express).post(`/api/miniapp/quiz/attempts/${id}/submit`).set(auth(token)).send(body);

describe('quiz on two instances', () => {
  it('scores a submit on the instance that did not start the attempt, and the starter then answers with the stored result', async () => {
    const token = await login(a, 'Hai Máy');
    await registerDemo(a, token);
    const attempt = (await start(a, token).expect(201)).body;
    a.clock.advance(30_000);
    const answers = await perfectAnswers(a, attempt);
    const first = await submit(b, token, attempt.id, { answers, prediction: 7 }).expect(200);
    expect(first.body).toMatchObject({ score: 5, durationMs: 30_000, alreadySubmitted: false });
    // Instance a still remembers the attempt as started; its UPDATE finds it submitted and answers the stored result.
    const again = await submit(a, token, attempt.id, { answers: [], prediction: 1 }).expect(200);
    expect(again.body).toMatchObject({ score: 5, prediction: 7, alreadySubmitted: true });
  });

  it('resumes on one instance the attempt started on the other, and refuses someone else’s attempt on either', async () => {
    const owner = await login(a, 'Chủ Lượt');
    const other = await login(a, 'Người Khác');
    await registerDemo(a, owner);
    await registerDemo(a, other);
    const started = (await start(a, owner).expect(201)).body;
    const resumed = (await start(b, owner).expect(201)).body;
    expect(resumed.id).toBe(started.id);
    expect(resumed.questions).toEqual(started.questions);
    for (const app of [a, b])
      await submit(app, other, started.id, { answers: [], prediction: 1 }).expect(404);
    const rows = await a.database.db.select().from(quizAttempts).where(eq(quizAttempts.id, started.id));
    expect(rows[0]!.status).toBe('active');
  });

  it('refuses a late submit on the starting instance even though it remembers the attempt', async () => {
    const token = await login(a, 'Nộp Muộn Hai Máy');
    await registerDemo(a, token);
    const attempt = (await start(a, token).expect(201)).body;
    a.clock.advance(300_000 + 10_001);
    const onA = await submit(a, token, attempt.id, { answers: [], prediction: 1 }).expect(410);
    const onB = await submit(b, token, attempt.id, { answers: [], prediction: 1 }).expect(410);
    expect(onB.body.error.message).toBe(onA.body.error.message); // the same refusal, whichever instance
    a.clock.advance(-(300_000 + 10_001));
  });
});
