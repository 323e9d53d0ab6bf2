import type { Request } from 'express';
import type { CoreDeps, Module } from '../app/module.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import type { JobDefinition } from '../jobs/job.ts';
import { quizChatFeature } from './quiz.chat.ts';
import { quizConsoleRoutes } from './quiz.console.routes.ts';
import { QuestionCache, RoundCache, StartedAttempts } from './quiz.cache.ts';
import { loadQuizContent } from './quiz.content.ts';
import { freezeClosedRounds } from './quiz.results.ts';
import { quizRoutes } from './quiz.routes.ts';
import type { QuizDeps } from './quiz.deps.ts';

/**
 * Contests (issue 7): the participant API under /api/miniapp/quiz (start, submit — quiz.submit.service.ts
 * `submitAttempt`, scored by quiz.scoring.ts — review, ranking), the organiser API under /api/console/quiz, the chat link ("thi"),
 * content/quiz loaded before listening, and the job that freezes the results of closed rounds.
 */
export function createQuizModule(core: CoreDeps): Module & { quizDeps: QuizDeps } {
  const { db, clock, logger, config } = core;
  const quizDeps: QuizDeps = {
    db,
    clock,
    logger,
    questions: new QuestionCache(db),
    rounds: new RoundCache(db),
    started: new StartedAttempts(),
  };
  const auditQuiz = (
    req: Request,
    action: string,
    targetType: string,
    targetId: string,
    details?: Record<string, unknown>,
  ) => audit({ db, clock }, { ...auditActor(req), action, targetType, targetId, details });
  return {
    name: 'quiz',
    quizDeps,
    miniappRoutes: quizRoutes(quizDeps),
    consoleRoutes: quizConsoleRoutes(quizDeps, auditQuiz),
    chatFeatures: [{ feature: quizChatFeature(config) }],
    jobs: [
      {
        // Once a minute: rounds whose results opened get their prediction count frozen before anyone asks.
        id: 'quiz-round-close',
        schedule: { everyMs: 60_000 },
        handler: async () => {
          await freezeClosedRounds(quizDeps);
        },
      } satisfies JobDefinition,
    ],
    contentLoaders: [{ name: 'quiz', load: () => loadQuizContent(db, config.CONTENT_DIR) }],
  };
}
