// A quiz submit: deadline and grace, the tie-break prediction, scoring (quiz.scoring.ts) and the one-statement save.
import { AppError } from '../http/errors.ts';
import type { BankQuestion } from './quiz.draw.ts';
import {
  expireAttempt,
  findAttemptWithContext,
  saveSubmit,
  type Attempt,
  type Campaign,
  type Round,
} from './quiz.repository.ts';
import type { GivenAnswer } from './quiz.schema.ts';
import { scoreAttempt } from './quiz.scoring.ts';
import { resultsOpenAt } from './quiz.campaigns.service.ts';
import { notFound, questionsOf, roundOf, type QuizDeps } from './quiz.deps.ts';

export interface SubmitInput {
  answers: GivenAnswer[];
  prediction?: number | string | null;
}

/** Checks the tie-break prediction: a whole number inside the campaign's range, or absent when none is asked. */
export function checkPrediction(
  campaign: Pick<Campaign, 'prediction'>,
  raw: SubmitInput['prediction'],
): number | null {
  const cfg = campaign.prediction;
  if (!cfg) return null;
  const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < cfg.min || value > cfg.max) {
    throw new AppError(
      'validation',
      'prediction out of range',
      `Số dự đoán phải là một số nguyên từ ${cfg.min.toLocaleString('vi-VN')} đến ${cfg.max.toLocaleString('vi-VN')}.`,
      { fields: [{ path: 'prediction', message: 'Số dự đoán không hợp lệ.' }] },
    );
  }
  return value;
}

/**
 * Scores a submit on the server. Refused after deadline + grace; a second submit returns the stored result unchanged
 * (the UPDATE only matches an active attempt, so two racing submits cannot both count). An attempt this instance
 * started is scored from memory and saved with that one UPDATE; anything else reads the attempt first.
 */
export async function submitAttempt(
  deps: QuizDeps,
  attemptId: string,
  zaloUserId: string,
  input: SubmitInput,
) {
  const started = deps.started?.find(attemptId);
  if (started && started.zaloUserId === zaloUserId) {
    const known = await roundOf(deps, started.roundId);
    const now = deps.clock.now();
    if (known && now.getTime() <= started.deadlineAt.getTime() + known.campaign.graceSeconds * 1000) {
      const saved = await scoreAndSave(deps, started, known.campaign, input, now);
      if (saved) {
        deps.started?.forget(attemptId);
        return submitResult(saved, known.round, known.campaign, false);
      }
    }
  }
  return submitAttemptFully(deps, attemptId, zaloUserId, input);
}

async function submitAttemptFully(deps: QuizDeps, attemptId: string, zaloUserId: string, input: SubmitInput) {
  const ctx = await findAttemptWithContext(deps.db, attemptId);
  if (!ctx || ctx.participant.zaloUserId !== zaloUserId) throw notFound('attempt');
  const { attempt, campaign, round } = ctx;
  if (attempt.status === 'submitted') return submitResult(attempt, round, campaign, true);
  const now = deps.clock.now();
  if (
    attempt.status === 'expired' ||
    now.getTime() > attempt.deadlineAt.getTime() + campaign.graceSeconds * 1000
  ) {
    deps.started?.forget(attempt.id);
    await expireAttempt(deps.db, attempt.id);
    throw new AppError(
      'gone',
      'submit after deadline',
      'Đã hết thời gian làm bài. Bài nộp sau thời hạn không được chấp nhận.',
    );
  }
  const saved = await scoreAndSave(deps, attempt, campaign, input, now);
  if (!saved) {
    const again = await findAttemptWithContext(deps.db, attempt.id);
    if (again?.attempt.status === 'submitted') return submitResult(again.attempt, round, campaign, true);
    throw new AppError('gone', 'attempt no longer active', 'Lượt thi này không còn hiệu lực.');
  }
  deps.started?.forget(attempt.id);
  return submitResult(saved, round, campaign, false);
}

/** Checks the prediction, scores the answers and saves them; undefined when the attempt was no longer active. */
async function scoreAndSave(
  deps: QuizDeps,
  attempt: Pick<Attempt, 'id' | 'questions' | 'startedAt' | 'deadlineAt'>,
  campaign: Campaign,
  input: SubmitInput,
  now: Date,
) {
  const prediction = checkPrediction(campaign, input.prediction);
  const bank: BankQuestion[] = await questionsOf(
    deps,
    campaign.bank,
    attempt.questions.map((q) => q.questionId),
  );
  const { score } = scoreAttempt(attempt.questions, input.answers, new Map(bank.map((q) => [q.id, q])));
  const durationMs = Math.min(now.getTime(), attempt.deadlineAt.getTime()) - attempt.startedAt.getTime();
  const answers = input.answers.filter((a) => attempt.questions.some((q) => q.questionId === a.questionId));
  const values = { submittedAt: now, answers, score, durationMs, prediction };
  return (await saveSubmit(deps.db, attempt.id, values))
    ? { ...attempt, ...values, status: 'submitted' as const }
    : undefined;
}

function submitResult(
  a: Pick<Attempt, 'id' | 'score' | 'questions' | 'durationMs' | 'submittedAt' | 'prediction'>,
  round: Round,
  campaign: Campaign,
  alreadySubmitted: boolean,
) {
  return {
    attemptId: a.id,
    score: a.score,
    total: a.questions.length,
    durationMs: a.durationMs,
    submittedAt: a.submittedAt,
    prediction: a.prediction,
    alreadySubmitted,
    resultsAt: resultsOpenAt(round, campaign),
  };
}
