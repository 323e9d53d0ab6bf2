import { Router } from 'express';
import { z } from 'zod';
import { rememberCommune } from '../followers/followers.service.ts';
import { AppError } from '../http/errors.ts';
import type { MiniappUser } from '../miniapp/miniapp.session.ts';
import { publicLeaderboard } from './quiz.results.ts';
import { register, startAttempt } from './quiz.attempts.service.ts';
import { getCampaignView, listOpenCampaigns } from './quiz.campaigns.service.ts';
import type { QuizDeps } from './quiz.deps.ts';
import { getAttemptReview } from './quiz.review.service.ts';
import { submitAttempt } from './quiz.submit.service.ts';

const uuid = z.uuid();
const registerBody = z.object({
  answers: z.record(z.string().max(50), z.string().max(500)),
  consent: z.boolean(),
  consentVersion: z.string().max(64),
  /** The citizen ticked "remember my commune": the registration's commune becomes their follower profile's. */
  rememberCommune: z.boolean().optional(),
});
const submitBody = z.object({
  answers: z
    .array(
      z.object({ questionId: z.string().max(64), choices: z.array(z.number().int().min(0).max(20)).max(20) }),
    )
    .max(200),
  prediction: z.union([z.number(), z.string().max(30), z.null()]).optional(),
});

/** A path id that is not a uuid is treated like an unknown one: 404, same as someone else's attempt. */
function idParam(value: unknown): string {
  const parsed = uuid.safeParse(value);
  if (!parsed.success)
    throw new AppError('not_found', 'malformed id', 'Không tìm thấy cuộc thi hoặc lượt thi này.');
  return parsed.data;
}

function user(req: { miniappUser?: MiniappUser }): MiniappUser {
  if (!req.miniappUser) throw new AppError('unauthorized', 'no session');
  return req.miniappUser;
}

/** Participant-facing contest API; mounted behind the mini-app session middleware. */
export function quizRoutes(deps: QuizDeps): Router {
  const router = Router();
  router.get('/campaigns', async (_req, res) => {
    res.json({ campaigns: await listOpenCampaigns(deps) });
  });
  router.get('/campaigns/:id', async (req, res) => {
    res.json(await getCampaignView(deps, String(req.params.id).slice(0, 100), user(req).zaloUserId));
  });
  router.post('/campaigns/:id/registration', async (req, res) => {
    const { rememberCommune: remember, ...body } = registerBody.parse(req.body);
    const result = await register(deps, String(req.params.id).slice(0, 100), user(req).zaloUserId, body);
    const commune = result.registration.commune;
    if (remember && commune) await rememberCommune(deps.db, user(req).zaloUserId, commune);
    res.json(result);
  });
  router.post('/rounds/:id/attempts', async (req, res) => {
    res.status(201).json(await startAttempt(deps, idParam(req.params.id), user(req).zaloUserId));
  });
  router.post('/attempts/:id/submit', async (req, res) => {
    const body = submitBody.parse(req.body);
    res.json(await submitAttempt(deps, idParam(req.params.id), user(req).zaloUserId, body));
  });
  router.get('/attempts/:id', async (req, res) => {
    res.json(await getAttemptReview(deps, idParam(req.params.id), user(req).zaloUserId));
  });
  router.get('/rounds/:id/leaderboard', async (req, res) => {
    res.json(await publicLeaderboard(deps, idParam(req.params.id)));
  });
  return router;
}
