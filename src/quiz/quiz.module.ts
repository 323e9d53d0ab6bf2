import type { Request, Router } from 'express';
import type { ChatFeature } from '../chat/chat.types.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { PollingJob } from '../chat/polling-job.ts';
import { miniappCors } from '../miniapp/miniapp.cors.ts';
import { miniappRoutes } from '../miniapp/miniapp.routes.ts';
import { requireMiniappUser, SessionSigner } from '../miniapp/miniapp.session.ts';
import { quizChatFeature } from './quiz.chat.ts';
import { quizConsoleRoutes } from './quiz.console.routes.ts';
import { QuestionCache, RoundCache, StartedAttempts } from './quiz.cache.ts';
import { freezeClosedRounds } from './quiz.results.ts';
import { quizRoutes } from './quiz.routes.ts';
import type { QuizDeps } from './quiz.deps.ts';

export interface QuizModuleDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
}

/**
 * Wires the mini-app identity routes, the participant contest API and the organiser API, and returns the job that
 * freezes the results of closed rounds (content/quiz itself is loaded by main.ts before listening).
 */
export function mountQuiz(
  api: Router,
  deps: QuizModuleDeps,
  hooks: { consoleRouter?: Router; registerChatFeature?: (f: ChatFeature) => void } = {},
) {
  const signer = new SessionSigner(deps.config.SESSION_SECRET, deps.clock);
  const quizDeps: QuizDeps = {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    questions: new QuestionCache(deps.db),
    rounds: new RoundCache(deps.db),
    started: new StartedAttempts(),
  };
  api.use('/miniapp', miniappCors(deps.config.MINIAPP_ALLOWED_ORIGINS));
  api.use('/miniapp/quiz', requireMiniappUser(signer), quizRoutes(quizDeps));
  api.use('/miniapp', miniappRoutes({ config: deps.config, logger: deps.logger, signer }));
  if (hooks.consoleRouter) {
    const auditQuiz = (
      req: Request,
      action: string,
      targetType: string,
      targetId: string,
      details?: Record<string, unknown>,
    ) =>
      audit(
        { db: deps.db, clock: deps.clock },
        { ...auditActor(req), action, targetType, targetId, details },
      );
    hooks.consoleRouter.use('/quiz', quizConsoleRoutes(quizDeps, auditQuiz));
  }
  hooks.registerChatFeature?.(quizChatFeature(deps.config));
  // Once a minute: rounds whose results opened get their prediction count frozen before anyone asks for a ranking.
  const roundCloseJob = new PollingJob('quiz-round-close', deps.logger, 60_000, async () => {
    await freezeClosedRounds(quizDeps);
    return false;
  });
  return { signer, quizDeps, jobs: [roundCloseJob] };
}
