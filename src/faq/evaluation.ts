import { readFile } from 'node:fs/promises';
import type { TopicPicker } from './baselines.ts';

/** One labelled question of a development set; `topicId` null means out of scope (the bot must not answer). */
export interface LabelledQuestion {
  question: string;
  topicId: string | null;
  kind: string;
}

export const OUT_OF_SCOPE = 'out-of-scope';
/** The label of a small-talk question in an evaluation set, and what a picker returns when it recognises one. */
export const SMALLTALK = 'smalltalk';

/** Reads a TSV with the header question / topicId / kind. */
export async function readDevSet(file: string): Promise<LabelledQuestion[]> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((l) => l.trim());
  const [header, ...rows] = lines;
  if (header?.split('\t').join(',') !== 'question,topicId,kind')
    throw new Error(`${file}: unexpected header`);
  return rows.map((line) => {
    const [question = '', topicId = '', kind = ''] = line.split('\t');
    return { question, topicId: topicId.trim() || null, kind: kind.trim() };
  });
}

export interface KindScore {
  kind: string;
  total: number;
  correct: number;
  rate: number;
}

export interface Miss {
  question: string;
  kind: string;
  expected: string | null;
  got: string | null;
}

export interface EvaluationReport {
  name: string;
  /** Top-1 accuracy over in-scope questions. */
  inScope: KindScore;
  /** Share of out-of-scope questions left unanswered. */
  abstention: KindScore;
  byKind: KindScore[];
  misses: Miss[];
}

/**
 * Scores a picker: in scope, correct = the expected topic; out of scope, correct = no answer from the knowledge base
 * (a small-talk reply is not an answer); small talk, correct = recognised as small talk.
 */
export function evaluate(picker: TopicPicker, set: LabelledQuestion[]): EvaluationReport {
  const byKind = new Map<string, { total: number; correct: number }>();
  const misses: Miss[] = [];
  for (const q of set) {
    const got = picker.pick(q.question);
    const ok = got === q.topicId || (q.topicId === null && got === SMALLTALK);
    const k = byKind.get(q.kind) ?? { total: 0, correct: 0 };
    k.total++;
    if (ok) k.correct++;
    else misses.push({ question: q.question, kind: q.kind, expected: q.topicId, got });
    byKind.set(q.kind, k);
  }
  const kinds = [...byKind].map(([kind, k]) => score(kind, k.total, k.correct));
  const inScope = kinds.filter((k) => k.kind !== OUT_OF_SCOPE && k.kind !== SMALLTALK);
  return {
    name: picker.name,
    inScope: score(
      'in-scope',
      inScope.reduce((s, k) => s + k.total, 0),
      inScope.reduce((s, k) => s + k.correct, 0),
    ),
    abstention: kinds.find((k) => k.kind === OUT_OF_SCOPE) ?? score(OUT_OF_SCOPE, 0, 0),
    byKind: kinds,
    misses,
  };
}

function score(kind: string, total: number, correct: number): KindScore {
  return { kind, total, correct, rate: total ? correct / total : 0 };
}
