import { randomInt } from 'node:crypto';
import type { DrawnQuestion, GivenAnswer, QuestionType } from './quiz.schema.ts';

/** A bank question as the draw and the scorer need it. */
export interface BankQuestion {
  id: string;
  type: QuestionType;
  topic: string;
  options: string[];
  correct: number[];
}

/** Random integers in [0, max): the server's CSPRNG by default; tests pass a seeded one. */
export type RandomInt = (max: number) => number;
const cryptoRandom: RandomInt = (max) => randomInt(max);

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: RandomInt = cryptoRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Draws `total` questions: `byTopic` counts first (as many as the topic has), then fills up from the rest of the
 * bank. Options are shuffled per attempt, except true/false whose "Đúng, Sai" order people expect.
 */
export function drawQuestions(
  bank: readonly BankQuestion[],
  byTopic: Record<string, number>,
  total: number,
  random: RandomInt = cryptoRandom,
): DrawnQuestion[] {
  const picked: BankQuestion[] = [];
  const taken = new Set<string>();
  for (const [topic, count] of Object.entries(byTopic)) {
    const pool = shuffle(
      bank.filter((q) => q.topic === topic),
      random,
    );
    for (const q of pool.slice(0, count)) {
      picked.push(q);
      taken.add(q.id);
    }
  }
  const rest = shuffle(
    bank.filter((q) => !taken.has(q.id)),
    random,
  );
  picked.push(...rest.slice(0, Math.max(0, total - picked.length)));
  return shuffle(picked.slice(0, total), random).map((q) => ({
    questionId: q.id,
    order:
      q.type === 'truefalse'
        ? q.options.map((_, i) => i)
        : shuffle(
            q.options.map((_, i) => i),
            random,
          ),
  }));
}

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
