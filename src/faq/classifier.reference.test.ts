import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSoftmaxOptions,
  mulberry32,
  shuffle,
  SoftmaxModel,
  trainSoftmax,
  type TrainingExample,
} from './classifier.ts';
import { loadTrainingCorpora } from './corpora.ts';
import { readDevSet } from './evaluation.ts';
import { questionFeatures } from './features.ts';
import { loadKnowledgeBaseSync } from './knowledge-base.ts';
import { classLabels, labelledTexts } from './training-data.ts';

/**
 * The trainer as first written, kept here as the reference the optimised one must reproduce: class by class, one
 * weight at a time, rows as separate arrays, no unrolling.
 */
function referenceTrain(examples: TrainingExample[], c: number): SoftmaxModel {
  const opts = defaultSoftmaxOptions;
  const vocab = new Map<string, number>();
  const rows = examples.map((e) => {
    const index: number[] = [];
    const value = new Float32Array(e.features.size);
    let i = 0;
    for (const [key, v] of e.features) {
      if (!vocab.has(key)) vocab.set(key, vocab.size);
      index.push(vocab.get(key)!);
      value[i++] = v;
    }
    return { index, value, label: e.label };
  });
  const weights = new Float32Array(vocab.size * c);
  const bias = new Float32Array(c);
  const random = mulberry32(opts.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    const rate = opts.learningRate / (1 + epoch);
    const shrink = 1 - rate * opts.l2;
    for (const r of order) {
      const row = rows[r]!;
      const scores = Array.from(bias);
      row.index.forEach((f, j) => {
        for (let k = 0; k < c; k++) scores[k]! += weights[f * c + k]! * row.value[j]!;
      });
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      const grad = exps.map((e, k) => e / sum - (k === row.label ? 1 : 0));
      for (let k = 0; k < c; k++) {
        const g = grad[k]!;
        if (Math.abs(g) < 1e-3) continue;
        bias[k]! -= rate * g;
        row.index.forEach((f, j) => {
          const at = f * c + k;
          weights[at] = weights[at]! * shrink - rate * g * row.value[j]!;
        });
      }
    }
  }
  return new SoftmaxModel(c, vocab, weights, bias);
}

describe(`${trainSoftmax.name} against the reference trainer`, () => {
  const contentDir = path.resolve('content');
  const kb = loadKnowledgeBaseSync({ contentDir });
  const corpora = loadTrainingCorpora({ contentDir });
  const labels = classLabels(kb.topics, corpora);
  const index = new Map(labels.map((l, i) => [l, i]));
  const texts = labelledTexts(kb.topics, corpora);
  const examples = texts.map((t) => ({ features: questionFeatures(t.text), label: index.get(t.label)! }));
  let questions: string[] = [];
  beforeAll(async () => {
    questions = (await readDevSet(path.resolve('test/faq/dev-set.tsv'))).map((q) => q.question);
  });

  it('learns the same model from the real knowledge base: same top-1 and probabilities on every dev-set question', () => {
    const fast = trainSoftmax(examples, labels.length);
    const reference = referenceTrain(examples, labels.length);
    expect(questions.length).toBeGreaterThan(100);
    let worst = 0;
    for (const q of [...questions, ...texts.slice(0, 300).map((t) => t.text)]) {
      const bag = questionFeatures(q);
      const a = fast.probabilities(bag);
      const b = reference.probabilities(bag);
      expect(a.indexOf(Math.max(...a)), q).toBe(b.indexOf(Math.max(...b)));
      for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
    }
    // Same arithmetic per weight in the same order: equal to the last bit today; the bound leaves room for a reordering.
    expect(worst).toBeLessThan(1e-6);
  }, 60_000);
});
