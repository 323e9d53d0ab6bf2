import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { quizAttempts, quizBestAttempts, quizQuestions } from '../../src/quiz/quiz.schema.ts';
import {
  AFTER_DEMO,
  DEMO,
  DURING_DEMO,
  demoRoundId,
  login,
  perfectAnswers,
  quizTestApp,
  registerDemo,
} from './quiz-helpers.ts';

let app: TestApp;
let roundId: string;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  app = await quizTestApp();
  roundId = await demoRoundId(app);
});
afterAll(async () => app.close());

function start(token: string) {
  return request(app.express).post(`/api/miniapp/quiz/rounds/${roundId}/attempts`).set(auth(token));
}

describe('quiz attempts over HTTP', () => {
  it('refuses the contest API without a session', async () => {
    const none = await request(app.express).get('/api/miniapp/quiz/campaigns').expect(401);
    const forged = await request(app.express)
      .get('/api/miniapp/quiz/campaigns')
      .set(auth('forged.token'))
      .expect(401);
    for (const res of [none, forged]) expect(res.body.campaigns).toBeUndefined();
  });

  it('refuses to start before registration and checks registration fields', async () => {
    const token = await login(app, 'Chưa Đăng Ký');
    const res = await start(token).expect(403);
    expect(res.body.error.message).toMatch(/đăng ký/);
    const bad = await request(app.express)
      .post(`/api/miniapp/quiz/campaigns/${DEMO}/registration`)
      .set(auth(token))
      .send({ answers: { fullName: '', phone: '12', hack: 'x' }, consent: true, consentVersion: 'nope' })
      .expect(409);
    expect(bad.body.error.message).toMatch(/đồng ý/);
    const view = await request(app.express)
      .get(`/api/miniapp/quiz/campaigns/${DEMO}`)
      .set(auth(token))
      .expect(200);
    // The campaign's source is the organisers' planning reference, not something the mini-app shows.
    expect(view.body.campaign).not.toHaveProperty('source');
    const invalid = await request(app.express)
      .post(`/api/miniapp/quiz/campaigns/${DEMO}/registration`)
      .set(auth(token))
      .send({
        answers: { fullName: '', phone: '12', hack: 'x' },
        consent: true,
        consentVersion: view.body.campaign.consentVersion,
      })
      .expect(400);
    const paths = invalid.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['commune', 'fullName', 'hack', 'phone']);
    await request(app.express)
      .post(`/api/miniapp/quiz/campaigns/${DEMO}/registration`)
      .set(auth(token))
      .send({
        answers: { fullName: 'A', commune: 'x' },
        consent: false,
        consentVersion: view.body.campaign.consentVersion,
      })
      .expect(400);
  });

  it('starts with the server time and drawn questions, scores on the server, and answers a double submit with the stored result', async () => {
    const token = await login(app, 'Người Giỏi');
    await registerDemo(app, token);
    const started = await start(token).expect(201);
    const a = started.body;
    expect(new Date(a.startedAt).toISOString()).toBe(DURING_DEMO.toISOString());
    expect(new Date(a.deadlineAt).getTime() - DURING_DEMO.getTime()).toBe(300_000);
    expect(a.questions).toHaveLength(5);
    // The draw follows the campaign's per-topic counts; the topic itself is draw metadata and not sent.
    const bank = new Map((await app.database.db.select().from(quizQuestions)).map((q) => [q.id, q.topic]));
    const topics = a.questions.map((q: { id: string }) => bank.get(q.id)).sort();
    expect(topics).toEqual(['de-an-06', 'dvc', 'dvc', 'mot-cua', 'vneid']);
    for (const q of a.questions) expect(Object.keys(q).sort()).toEqual(['id', 'options', 'text', 'type']);
    // Starting again resumes the same attempt rather than opening a second one.
    const again = await start(token).expect(201);
    expect(again.body.id).toBe(a.id);

    app.clock.advance(42_000);
    const answers = await perfectAnswers(app, a);
    const submit = await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
      .set(auth(token))
      .send({ answers, prediction: 120 })
      .expect(200);
    expect(submit.body).toMatchObject({
      score: 5,
      total: 5,
      durationMs: 42_000,
      alreadySubmitted: false,
      prediction: 120,
    });

    app.clock.advance(1_000);
    const wrong = answers.map((x) => ({ ...x, choices: [] }));
    const second = await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
      .set(auth(token))
      .send({ answers: wrong, prediction: 5 })
      .expect(200);
    expect(second.body).toMatchObject({
      score: 5,
      durationMs: 42_000,
      alreadySubmitted: true,
      prediction: 120,
    });
    const [best] = await app.database.db
      .select()
      .from(quizBestAttempts)
      .where(eq(quizBestAttempts.attemptId, a.id));
    expect(best).toMatchObject({ score: 5, durationMs: 42_000 });
  });

  it('refuses a submit after deadline + grace and accepts one inside the grace', async () => {
    const late = await login(app, 'Người Nộp Muộn');
    await registerDemo(app, late);
    const a = (await start(late).expect(201)).body;
    app.clock.advance(300_000 + 10_001);
    const res = await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
      .set(auth(late))
      .send({ answers: [], prediction: 1 })
      .expect(410);
    expect(res.body.error.message).toMatch(/hết thời gian/);
    const [row] = await app.database.db.select().from(quizAttempts).where(eq(quizAttempts.id, a.id));
    expect(row!.status).toBe('expired');

    const b = (await start(late).expect(201)).body;
    expect(b.attemptNo).toBe(2);
    app.clock.advance(300_000 + 9_000);
    const ok = await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${b.id}/submit`)
      .set(auth(late))
      .send({ answers: [], prediction: 1 })
      .expect(200);
    // Duration is capped at the time limit: the grace is for the network, not for thinking.
    expect(ok.body.durationMs).toBe(300_000);
  });

  it('limits attempts per round and keeps the best one', async () => {
    const token = await login(app, 'Ba Lượt');
    await registerDemo(app, token);
    const scores: number[] = [];
    for (let i = 0; i < 3; i++) {
      const a = (await start(token).expect(201)).body;
      app.clock.advance(10_000 + i * 1000);
      const answers = i === 1 ? await perfectAnswers(app, a) : [];
      const r = await request(app.express)
        .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
        .set(auth(token))
        .send({ answers, prediction: 10 })
        .expect(200);
      scores.push(r.body.score);
    }
    expect(scores).toEqual([0, 5, 0]);
    const refused = await start(token).expect(409);
    expect(refused.body.error.message).toMatch(/hết 3 lượt/);
    const view = await request(app.express)
      .get(`/api/miniapp/quiz/campaigns/${DEMO}`)
      .set(auth(token))
      .expect(200);
    const best = await app.database.db.select().from(quizBestAttempts);
    const mine = best.filter((b) => view.body.me.attempts.some((a: { id: string }) => a.id === b.attemptId));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.score).toBe(5);
  });

  it('refuses forged, malformed and other people’s attempt ids with 404', async () => {
    const owner = await login(app, 'Chủ Bài');
    const thief = await login(app, 'Người Khác');
    await registerDemo(app, owner);
    await registerDemo(app, thief);
    const a = (await start(owner).expect(201)).body;
    for (const [token, id] of [
      [thief, a.id],
      [owner, '00000000-0000-4000-8000-000000000000'],
      [owner, 'not-a-uuid'],
      [owner, "1' or '1'='1"],
    ] as const) {
      await request(app.express)
        .post(`/api/miniapp/quiz/attempts/${encodeURIComponent(id)}/submit`)
        .set(auth(token))
        .send({ answers: [], prediction: 1 })
        .expect(404);
      await request(app.express)
        .get(`/api/miniapp/quiz/attempts/${encodeURIComponent(id)}`)
        .set(auth(token))
        .expect(404);
    }
    const [row] = await app.database.db.select().from(quizAttempts).where(eq(quizAttempts.id, a.id));
    expect(row!.status).toBe('active');
  });

  it.each([[-1], [1_000_001], [1.5], ['12abc'], [null], ['']])(
    'refuses the prediction %s in Vietnamese',
    async (prediction) => {
      const token = await login(app, `Dự Đoán ${String(prediction)}`);
      await registerDemo(app, token);
      const a = (await start(token).expect(201)).body;
      const res = await request(app.express)
        .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
        .set(auth(token))
        .send({ answers: [], prediction })
        .expect(400);
      expect(res.body.error.message).toMatch(/số nguyên từ 0 đến 1\.000\.000/);
      const [row] = await app.database.db.select().from(quizAttempts).where(eq(quizAttempts.id, a.id));
      expect(row!.status).toBe('active');
    },
  );

  it('refuses starts and submits once the round has closed, then shows the answers with explanations', async () => {
    const token = await login(app, 'Người Xem Đáp Án');
    await registerDemo(app, token);
    const a = (await start(token).expect(201)).body;
    app.clock.advance(5_000);
    await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
      .set(auth(token))
      .send({ answers: [{ questionId: a.questions[0].id, choices: [0] }], prediction: 3 })
      .expect(200);
    const before = await request(app.express)
      .get(`/api/miniapp/quiz/attempts/${a.id}`)
      .set(auth(token))
      .expect(200);
    expect(before.body.review).toBeNull();

    const other = await login(app, 'Mở Muộn');
    await registerDemo(app, other);
    const pending = (await start(other).expect(201)).body;
    app.clock.set(AFTER_DEMO);
    // Sessions last 12 hours: sign in again at the new time (same name, same dev identity).
    const otherLater = await login(app, 'Mở Muộn');
    const tokenLater = await login(app, 'Người Xem Đáp Án');
    await start(otherLater).expect(410);
    await request(app.express)
      .post(`/api/miniapp/quiz/attempts/${pending.id}/submit`)
      .set(auth(otherLater))
      .send({ answers: [], prediction: 1 })
      .expect(410);

    const after = await request(app.express)
      .get(`/api/miniapp/quiz/attempts/${a.id}`)
      .set(auth(tokenLater))
      .expect(200);
    expect(after.body.review).toHaveLength(5);
    const first = after.body.review[0];
    expect(first.chosen).toEqual([0]);
    const [bank] = await app.database.db.select().from(quizQuestions).where(eq(quizQuestions.id, first.id));
    expect(first.correct.map((i: number) => first.options[i]).sort()).toEqual(
      bank!.correct.map((i) => bank!.options[i]).sort(),
    );
    expect(first.explanation).toBe(bank!.explanation);
    expect(first.source).toBe(bank!.source);
    app.clock.set(DURING_DEMO);
  });

  it('races: parallel starts share one attempt, parallel submits count once', async () => {
    const token = await login(app, 'Người Bấm Nhanh');
    await registerDemo(app, token);
    const starts = await Promise.all([start(token), start(token), start(token), start(token)]);
    expect(new Set(starts.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(starts.map((r) => r.body.id)).size).toBe(1);
    const a = starts[0]!.body;
    app.clock.advance(7_000);
    const answers = await perfectAnswers(app, a);
    const submits = await Promise.all(
      [answers, [], answers].map((ans) =>
        request(app.express)
          .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
          .set(auth(token))
          .send({ answers: ans, prediction: 5 }),
      ),
    );
    expect(submits.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(submits.filter((r) => !r.body.alreadySubmitted)).toHaveLength(1);
    const scores = new Set(submits.map((r) => r.body.score));
    expect(scores.size).toBe(1);
    const rows = await app.database.db
      .select()
      .from(quizAttempts)
      .where(
        eq(
          quizAttempts.participantId,
          (
            await app.database.db.select().from(quizBestAttempts).where(eq(quizBestAttempts.attemptId, a.id))
          )[0]!.participantId,
        ),
      );
    expect(rows).toHaveLength(1);
  });
});
