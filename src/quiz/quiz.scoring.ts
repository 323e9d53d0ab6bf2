// How a quiz submit is scored: display choices mapped back to the bank, all-or-nothing per question.
import type { BankQuestion } from './quiz.draw.ts';
import type { DrawnQuestion, GivenAnswer } from './quiz.schema.ts';

/** Maps the participant's display indexes back to bank indexes; out-of-range choices are dropped. */
export function toBankChoices(order: readonly number[], choices: readonly number[]): number[] {
  const mapped = choices
    .filter((c) => Number.isInteger(c) && c >= 0 && c < order.length)
    .map((c) => order[c]!);
  return [...new Set(mapped)].sort((a, b) => a - b);
}

/** Right only when the chosen set equals the correct set: multiple choice needs every correct option and no other. */
export function isCorrect(correct: readonly number[], bankChoices: readonly number[]): boolean {
  const want = [...new Set(correct)].sort((a, b) => a - b);
  const got = [...new Set(bankChoices)].sort((a, b) => a - b);
  return want.length === got.length && want.every((v, i) => v === got[i]);
}

/** One point per right question; unknown or repeated question ids in the answers count nothing. */
export function scoreAttempt(
  drawn: readonly DrawnQuestion[],
  answers: readonly GivenAnswer[],
  bankById: ReadonlyMap<string, BankQuestion>,
): { score: number; perQuestion: { questionId: string; chosen: number[]; correct: boolean }[] } {
  const byQuestion = new Map<string, number[]>();
  for (const a of answers) if (!byQuestion.has(a.questionId)) byQuestion.set(a.questionId, a.choices);
  const perQuestion = drawn.map((d) => {
    const q = bankById.get(d.questionId);
    const chosen = toBankChoices(d.order, byQuestion.get(d.questionId) ?? []);
    return { questionId: d.questionId, chosen, correct: q !== undefined && isCorrect(q.correct, chosen) };
  });
  return { score: perQuestion.filter((p) => p.correct).length, perQuestion };
}
