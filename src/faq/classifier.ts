import type { FeatureBag } from './features.ts';

/** One labelled question for training: its features and the index of its class. */
export interface TrainingExample {
  features: FeatureBag;
  label: number;
}

export interface SoftmaxOptions {
  epochs: number;
  /** Step size of the first epoch; it decays as 1/(1 + epoch). */
  learningRate: number;
  /** L2 shrinkage applied to the weights a step touches. */
  l2: number;
  seed: number;
}

/**
 * Fixed training settings, not fitted per run: the features are unit-scaled per group, so these need no tuning to the
 * data; CV (`npm run faq:eval`) reports how well they generalise.
 */
export const defaultSoftmaxOptions: SoftmaxOptions = { epochs: 4, learningRate: 1.5, l2: 1e-4, seed: 1 };

/** A gradient this small moves nothing that matters; skipping it makes later epochs much cheaper. */
const GRADIENT_FLOOR = 1e-3;

/**
 * Multinomial logistic regression over sparse features. Weights are stored feature-major (all classes of one feature
 * side by side), so scoring a question reads a few hundred short contiguous runs.
 */
export class SoftmaxModel {
  constructor(
    readonly classCount: number,
    private readonly vocab: Map<string, number>,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  /** Probabilities of every class, summing to 1; features unseen in training are ignored. */
  probabilities(bag: FeatureBag): Float64Array {
    const scores = new Float64Array(this.classCount);
    scores.set(this.bias);
    const c = this.classCount;
    for (const [key, value] of bag) {
      const f = this.vocab.get(key);
      if (f === undefined) continue;
      const base = f * c;
      for (let k = 0; k < c; k++) scores[k]! += this.weights[base + k]! * value;
    }
    return softmaxInPlace(scores);
  }
}

interface SparseRow {
  index: Int32Array;
  value: Float32Array;
  label: number;
}

/** Plain stochastic gradient descent on the cross-entropy, examples shuffled each epoch by a seeded generator. */
export function trainSoftmax(
  examples: TrainingExample[],
  classCount: number,
  options: Partial<SoftmaxOptions> = {},
): SoftmaxModel {
  const opts = { ...defaultSoftmaxOptions, ...options };
  const vocab = new Map<string, number>();
  const rows: SparseRow[] = examples.map((e) => {
    const index = new Int32Array(e.features.size);
    const value = new Float32Array(e.features.size);
    let i = 0;
    for (const [key, v] of e.features) {
      let f = vocab.get(key);
      if (f === undefined) vocab.set(key, (f = vocab.size));
      index[i] = f;
      value[i++] = v;
    }
    return { index, value, label: e.label };
  });
  const c = classCount;
  const weights = new Float32Array(vocab.size * c);
  const bias = new Float32Array(c);
  const scores = new Float64Array(c);
  const random = mulberry32(opts.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    const rate = opts.learningRate / (1 + epoch);
    const shrink = 1 - rate * opts.l2;
    for (const r of order) {
      const row = rows[r]!;
      scores.set(bias);
      for (let j = 0; j < row.index.length; j++) {
        const base = row.index[j]! * c;
        const v = row.value[j]!;
        for (let k = 0; k < c; k++) scores[k]! += weights[base + k]! * v;
      }
      softmaxInPlace(scores);
      scores[row.label]! -= 1; // now the gradient of the loss with respect to each class score
      for (let k = 0; k < c; k++) {
        const g = scores[k]!;
        if (Math.abs(g) < GRADIENT_FLOOR) continue;
        bias[k]! -= rate * g;
        const step = rate * g;
        for (let j = 0; j < row.index.length; j++) {
          const at = row.index[j]! * c + k;
          weights[at] = weights[at]! * shrink - step * row.value[j]!;
        }
      }
    }
  }
  return new SoftmaxModel(c, vocab, weights, bias);
}

function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) sum += scores[k] = Math.exp(scores[k]! - max);
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
  return scores;
}

/** A small fast seeded generator: training must give the same model on every start. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: T[], random: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}
