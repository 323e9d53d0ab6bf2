// The random draw of an attempt's questions and option order (scoring is in quiz.scoring.ts).
import { randomInt } from 'node:crypto';
import type { DrawnQuestion, QuestionType } from './quiz.schema.ts';

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
