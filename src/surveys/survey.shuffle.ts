import { randomInt } from 'node:crypto';
import type { SurveyDefinition, SurveyQuestion } from './survey.definition.ts';

/**
 * Per-respondent option order for knowledge questions, so that nobody passes by always picking the same position.
 * The order is derived from a seed (a random integer drawn when the respondent starts) and the question id, so the
 * chat can keep only the seed across turns and the mini-app can send it back with the answers. Options marked
 * `fixed` ("Tôi không biết") keep their place. Answers are option ids, so what is stored and reported stays in the
 * definition's order whatever was shown; the order shown is stored beside the response for audits of position bias.
 */

export const SEED_MAX = 2 ** 31 - 1;

export function newOptionSeed(): number {
  return randomInt(0, SEED_MAX);
}

/** FNV-1a, 32 bit: a stable hash of the seed and the question id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: small, fast, good enough to order four options; not for secrets. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isShuffled(q: SurveyQuestion): boolean {
  return q.type === 'knowledge' && (q.options?.filter((o) => !o.fixed).length ?? 0) > 1;
}

/** The option ids of one question in the order shown to the respondent with this seed. */
export function questionOrder(q: SurveyQuestion, seed: number): string[] {
  const options = q.options ?? [];
  if (!isShuffled(q)) return options.map((o) => o.id);
  const movable = options.filter((o) => !o.fixed).map((o) => o.id);
  const next = generator(hash(`${seed}:${q.id}`));
  for (let i = movable.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [movable[i], movable[j]] = [movable[j]!, movable[i]!];
  }
  return options.map((o) => (o.fixed ? o.id : movable.shift()!));
}

/** The shown order of every shuffled question: what is stored with the response. */
export function optionOrder(def: SurveyDefinition, seed: number): Record<string, string[]> {
  const order: Record<string, string[]> = {};
  for (const q of def.questions) if (isShuffled(q)) order[q.id] = questionOrder(q, seed);
  return order;
}

/** The question with its options in the shown order (other questions unchanged). */
export function shownQuestion(q: SurveyQuestion, seed: number | undefined): SurveyQuestion {
  if (seed === undefined || !isShuffled(q)) return q;
  const byId = new Map((q.options ?? []).map((o) => [o.id, o]));
  return { ...q, options: questionOrder(q, seed).map((id) => byId.get(id)!) };
}

/**
 * Warnings an editor should see (at load and in `npm run content:check`), not errors: a definition can still be
 * used. Two are checked: the correct options of the knowledge items all sit at the same position in the definition
 * (a tell when shown unshuffled, e.g. in an export or a printed form), and a knowledge item with a single movable
 * option (it cannot be shuffled).
 */
export function definitionWarnings(def: SurveyDefinition): string[] {
  const warnings: string[] = [];
  const knowledge = def.questions.filter((q) => q.type === 'knowledge');
  const positions = knowledge.map((q) => (q.options ?? []).findIndex((o) => q.correct?.includes(o.id)));
  if (knowledge.length >= 2 && positions.every((p) => p === positions[0]))
    warnings.push(
      `${def.id}: đáp án đúng của cả ${knowledge.length} câu kiến thức đều ở vị trí thứ ${positions[0]! + 1}`,
    );
  for (const q of knowledge)
    if (!isShuffled(q)) warnings.push(`${def.id}: câu ${q.id} chỉ có một phương án có thể đảo thứ tự`);
  return warnings;
}
