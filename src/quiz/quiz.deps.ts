// What the quiz services need, and the cache-or-database readers they share.
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { BankQuestion } from './quiz.draw.ts';
import { bankQuestions, findRound, questionsByIds } from './quiz.repository.ts';
import type { QuestionCache, RoundCache, StartedAttempt, StartedAttempts } from './quiz.cache.ts';

/** What the quiz services need; passed in so tests use a real database and a FakeClock. */
export interface QuizDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Optional in-memory caches (the app passes them); without them every call reads the database. */
  questions?: QuestionCache;
  rounds?: RoundCache;
  started?: StartedAttempts;
}

export function questionsOf(deps: QuizDeps, bank: string, ids: string[]) {
  return deps.questions ? deps.questions.byIds(bank, ids) : questionsByIds(deps.db, ids);
}

export function activeQuestionsOf(deps: QuizDeps, bank: string): Promise<BankQuestion[]> {
  return deps.questions ? deps.questions.active(bank) : bankQuestions(deps.db, bank);
}

export function roundOf(deps: QuizDeps, roundId: string) {
  return deps.rounds ? deps.rounds.get(roundId) : findRound(deps.db, roundId);
}

/** Drops the cached contest configuration after an organiser's edit (this instance at once, others within the TTL). */
export function contestChanged(deps: QuizDeps): void {
  deps.rounds?.invalidate();
}

export function rememberStarted(
  deps: QuizDeps,
  attempt: Omit<StartedAttempt, 'zaloUserId'>,
  zaloUserId: string,
) {
  deps.started?.remember({
    id: attempt.id,
    zaloUserId,
    roundId: attempt.roundId,
    attemptNo: attempt.attemptNo,
    startedAt: attempt.startedAt,
    deadlineAt: attempt.deadlineAt,
    questions: attempt.questions,
  });
}

export const notFound = (what: string) =>
  new AppError('not_found', `${what} not found`, 'Không tìm thấy cuộc thi hoặc lượt thi này.');
