// An attempt as its owner may see it: a summary until results open, then every question with the key.
import { findAttemptWithContext } from './quiz.repository.ts';
import { attemptSummary, resultsOpenAt } from './quiz.campaigns.service.ts';
import { notFound, questionsOf, type QuizDeps } from './quiz.deps.ts';

/**
 * An attempt as its owner may see it. Before the round closes: a summary only. After: every question with the
 * participant's choices, the correct options, the explanation and the source.
 */
export async function getAttemptReview(deps: QuizDeps, attemptId: string, zaloUserId: string) {
  const ctx = await findAttemptWithContext(deps.db, attemptId);
  if (!ctx || ctx.participant.zaloUserId !== zaloUserId) throw notFound('attempt');
  const { attempt, round, campaign } = ctx;
  const now = deps.clock.now();
  const summary = { ...attemptSummary(attempt, now), resultsAt: resultsOpenAt(round, campaign) };
  if (now < resultsOpenAt(round, campaign)) return { ...summary, review: null };
  const questions = new Map(
    (
      await questionsOf(
        deps,
        campaign.bank,
        attempt.questions.map((q) => q.questionId),
      )
    ).map((q) => [q.id, q]),
  );
  const given = new Map((attempt.answers ?? []).map((a) => [a.questionId, a.choices]));
  const review = attempt.questions.map((d) => {
    const q = questions.get(d.questionId)!;
    const correct = d.order.flatMap((bankIndex, display) => (q.correct.includes(bankIndex) ? [display] : []));
    const chosen = [...new Set(given.get(q.id) ?? [])]
      .filter((c) => c >= 0 && c < d.order.length)
      .sort((x, y) => x - y);
    return {
      id: q.id,
      type: q.type,
      text: q.text,
      options: d.order.map((i) => q.options[i]!),
      chosen,
      correct,
      isCorrect: chosen.length === correct.length && chosen.every((c, i) => c === correct[i]),
      explanation: q.explanation,
      source: q.source,
    };
  });
  return { ...summary, review };
}
