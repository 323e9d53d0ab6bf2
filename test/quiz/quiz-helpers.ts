import request from 'supertest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadQuizContent } from '../../src/quiz/quiz.content.ts';
import { quizQuestions, quizRounds } from '../../src/quiz/quiz.schema.ts';

/** The demo campaign's one round is open from 2026-11-01 to 2026-12-31 (Asia/Ho_Chi_Minh). */
export const DEMO = 'demo-cchc-citizen';
export const DURING_DEMO = new Date('2026-11-23T03:00:00Z');
export const AFTER_DEMO = new Date('2027-01-01T00:00:00Z');

/** A test app with content/quiz loaded and the clock inside the demo round. */
export async function quizTestApp(config: Record<string, string> = {}): Promise<TestApp> {
  const app = await createTestApp({ config });
  app.clock.set(DURING_DEMO);
  await loadQuizContent(app.database.db, 'content');
  return app;
}

/** Each test person's browser (its dev-id cookie): the dev identity belongs to the browser, not the typed name. */
const browsers = new WeakMap<TestApp, Map<string, string>>();

/** A signed-in mini-app user (dev login from `name`'s own browser), as a bearer token. */
export async function login(app: TestApp, name: string): Promise<string> {
  const jar = browsers.get(app) ?? new Map<string, string>();
  browsers.set(app, jar);
  const req = request(app.express).post('/api/miniapp/dev-login');
  const known = jar.get(name);
  const res = await (known ? req.set('cookie', known) : req).send({ name }).expect(200);
  const devId = ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find((c) =>
    c.startsWith('miniapp_dev_id='),
  );
  if (devId) jar.set(name, devId.split(';')[0]!);
  return res.body.token as string;
}

export async function demoRoundId(app: TestApp): Promise<string> {
  const [round] = await app.database.db.select().from(quizRounds).where(eq(quizRounds.campaignId, DEMO));
  return round!.id;
}

export async function registerDemo(
  app: TestApp,
  token: string,
  name = 'Nguyễn Văn A',
  commune = 'phuong-soc-trang',
) {
  const view = await request(app.express)
    .get(`/api/miniapp/quiz/campaigns/${DEMO}`)
    .set('authorization', `Bearer ${token}`)
    .expect(200);
  await request(app.express)
    .post(`/api/miniapp/quiz/campaigns/${DEMO}/registration`)
    .set('authorization', `Bearer ${token}`)
    .send({
      answers: { fullName: name, commune, phone: '0912345678' },
      consent: true,
      consentVersion: view.body.campaign.consentVersion,
    })
    .expect(200);
}

/** The answer key of the drawn questions, in display indexes: what a perfect participant would send. */
export async function perfectAnswers(
  app: TestApp,
  attempt: { questions: { id: string; options: string[] }[] },
) {
  const rows = await app.database.db.select().from(quizQuestions);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return attempt.questions.map((q) => {
    const bank = byId.get(q.id)!;
    const correctTexts = bank.correct.map((i) => bank.options[i]);
    return { questionId: q.id, choices: q.options.flatMap((o, i) => (correctTexts.includes(o) ? [i] : [])) };
  });
}
