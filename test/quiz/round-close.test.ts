import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { createLogger } from '../../src/logger.ts';
import { freezeClosedRounds, roundLeaderboard } from '../../src/quiz/quiz.results.ts';
import { quizRounds } from '../../src/quiz/quiz.schema.ts';
import { AFTER_DEMO, DURING_DEMO, demoRoundId, login, quizTestApp, registerDemo } from './quiz-helpers.ts';

let app: TestApp;
let roundId: string;

beforeAll(async () => {
  app = await quizTestApp();
  roundId = await demoRoundId(app);
  for (const name of ['Một', 'Hai', 'Ba']) {
    const token = await login(app, name);
    await registerDemo(app, token, name);
    const a = (
      await request(app.express)
        .post(`/api/miniapp/quiz/rounds/${roundId}/attempts`)
        .set('authorization', `Bearer ${token}`)
        .expect(201)
    ).body;
    // Two of the three submit; the third attempt is left to expire and is not counted.
    if (name !== 'Ba')
      await request(app.express)
        .post(`/api/miniapp/quiz/attempts/${a.id}/submit`)
        .set('authorization', `Bearer ${token}`)
        .send({ answers: [], prediction: 3 })
        .expect(200);
  }
});
afterAll(async () => app.close());

const frozenCount = async () =>
  (await app.database.db.select().from(quizRounds).where(eq(quizRounds.id, roundId)))[0]!.actualCount;

describe('freezing a round when its results open', () => {
  it('leaves an open round alone, freezes the submitted count once results open, and only once', async () => {
    const deps = { db: app.database.db, clock: app.clock, logger: createLogger('silent') };
    app.clock.set(DURING_DEMO);
    await freezeClosedRounds(deps);
    expect(await frozenCount()).toBeNull();

    app.clock.set(AFTER_DEMO);
    expect(await freezeClosedRounds(deps)).toBeGreaterThanOrEqual(1);
    expect(await frozenCount()).toBe(2);
    expect(await freezeClosedRounds(deps)).toBe(0);
    const board = await roundLeaderboard(deps, roundId);
    expect(board.actual).toBe(2);
    expect(board.rows).toHaveLength(2);
  });
});
