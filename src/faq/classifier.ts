import type { FeatureBag } from './features.ts';
import { wasmTrainingSpace, type TrainingSpace } from './classifier-wasm.ts';

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

/** A trained model as plain data: what a worker thread sends back and the model cache stores. */
export interface SoftmaxParts {
  classCount: number;
  /** Feature keys in the order of their weight rows. */
  vocab: string[];
  weights: Float32Array;
  bias: Float32Array;
}

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

  static fromParts(parts: SoftmaxParts): SoftmaxModel {
    const { classCount, vocab, weights, bias } = parts;
    if (weights.length !== vocab.length * classCount || bias.length !== classCount)
      throw new Error('softmax model: weights do not match the vocabulary and classes');
    return new SoftmaxModel(classCount, new Map(vocab.map((key, i) => [key, i])), weights, bias);
  }

  toParts(): SoftmaxParts {
    return {
      classCount: this.classCount,
      vocab: [...this.vocab.keys()],
      weights: this.weights,
      bias: this.bias,
    };
  }

  /** Probabilities of every class, summing to 1; features unseen in training are ignored. */
  probabilities(bag: FeatureBag): Float64Array {
    const scores = new Float64Array(this.classCount);
    scores.set(this.bias);
    const c = this.classCount;
    for (const [key, value] of bag) {
      const f = this.vocab.get(key);
      if (f === undefined) continue;
      addScaled(scores, this.weights, f * c, value);
    }
    return softmaxInPlace(scores);
  }
}

/**
 * Every example's features as one flat run: `offset` (feature id × class count, where its weights start) and `value`
 * (Float32, as the weights are), row r spanning start[r]..start[r + 1]. One allocation instead of two per example, and
 * the offsets need no multiplication in the hot loops.
 */
interface Rows {
  start: Int32Array;
  offset: Int32Array;
  value: Float32Array;
  label: Int32Array;
}

/**
 * Reads the examples one at a time: a generator that computes each bag as it is asked for lets the bag die at once,
 * instead of keeping thousands of Maps (and their feature strings) alive through training for the collector to mark.
 */
function sparseRows(
  examples: Iterable<TrainingExample>,
  classCount: number,
  vocab: Map<string, number>,
): Rows {
  let offset = new Int32Array(1 << 16);
  let value = new Float32Array(1 << 16);
  const start = [0];
  const label: number[] = [];
  let at = 0;
  for (const e of examples) {
    if (at + e.features.size > offset.length) {
      const size = Math.max(offset.length * 2, at + e.features.size);
      offset = grown(offset, new Int32Array(size));
      value = grown(value, new Float32Array(size));
    }
    label.push(e.label);
    for (const [key, v] of e.features) {
      let f = vocab.get(key);
      if (f === undefined) vocab.set(key, (f = vocab.size));
      offset[at] = f * classCount;
      value[at++] = v;
    }
    start.push(at);
  }
  return { start: Int32Array.from(start), offset, value, label: Int32Array.from(label) };
}

function grown<T extends Int32Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Plain stochastic gradient descent on the cross-entropy, examples shuffled each epoch by a seeded generator.
 * The update of one example touches each (feature, class) weight once, so it runs feature by feature over the classes
 * whose gradient is worth a step: contiguous writes, the same arithmetic per weight as class by class (the test keeps
 * that straightforward loop as the reference and asserts the same weights).
 */
export function trainSoftmax(
  examples: Iterable<TrainingExample>,
  classCount: number,
  options: Partial<SoftmaxOptions> = {},
  /** Called once the examples are read, before the first epoch (bench:faq times the two phases apart). */
  onRowsRead?: () => void,
): SoftmaxModel {
  const opts = { ...defaultSoftmaxOptions, ...options };
  const vocab = new Map<string, number>();
  const rows = sparseRows(examples, classCount, vocab);
  onRowsRead?.();
  const c = classCount;
  const space = trainingSpace(c, vocab.size, rows);
  const { weights, bias, scores, rowScores } = space;
  const active = new Int32Array(c);
  const steps = new Float64Array(c);
  const random = mulberry32(opts.seed);
  const order = Array.from(rows.label, (_, i) => i);
  const { start, label } = rows;
  const { offset, value } = space;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    const rate = opts.learningRate / (1 + epoch);
    const shrink = 1 - rate * opts.l2;
    for (const r of order) {
      const from = start[r]!;
      const to = start[r + 1]!;
      rowScores(from, to);
      softmaxInPlace(scores);
      scores[label[r]!]! -= 1; // now the gradient of the loss with respect to each class score
      let n = 0;
      for (let k = 0; k < c; k++) {
        const g = scores[k]!;
        if (Math.abs(g) < GRADIENT_FLOOR) continue;
        bias[k]! -= rate * g;
        active[n] = k;
        steps[n++] = rate * g;
      }
      let j = from;
      for (; j + 3 < to; j += 4) stepFour(weights, offset, value, j, active, steps, n, shrink);
      for (; j < to; j++) {
        const base = offset[j]!;
        const v = value[j]!;
        for (let a = 0; a < n; a++) {
          const at = base + active[a]!;
          weights[at] = weights[at]! * shrink - steps[a]! * v;
        }
      }
    }
  }
  // Copied out of the WebAssembly memory: the model's arrays are transferred to other threads and cached alone.
  return new SoftmaxModel(c, vocab, weights.slice(), bias.slice());
}

/** The trainer's arrays in WebAssembly memory with its row scorer, else plain arrays and the JavaScript loop. */
function trainingSpace(c: number, features: number, rows: Rows): TrainingSpace {
  const nnz = rows.start[rows.start.length - 1]!;
  const space = (useWasm ? wasmTrainingSpace(c, features, nnz) : null) ?? jsTrainingSpace(c, features, nnz);
  space.offset.set(rows.offset.subarray(0, nnz));
  space.value.set(rows.value.subarray(0, nnz));
  return space;
}

function jsTrainingSpace(c: number, features: number, nnz: number): TrainingSpace {
  const space = {
    weights: new Float32Array(features * c),
    bias: new Float32Array(c),
    scores: new Float64Array(c),
    offset: new Int32Array(nnz),
    value: new Float32Array(nnz),
    rowScores(from: number, to: number) {
      const { scores, weights, offset, value } = space;
      scores.set(space.bias);
      let j = from;
      for (; j + 3 < to; j += 4) addFourScaled(scores, weights, offset, value, j);
      for (; j < to; j++) addScaled(scores, weights, offset[j]!, value[j]!);
    },
  };
  return space;
}

let useWasm = true;

/** Tests train with the JavaScript row scorer too, and compare. */
export function useWasmRowScores(on: boolean): void {
  useWasm = on;
}

/**
 * scores[k] += weights[base + k] × v for every class: the hot loop of training and scoring. Unrolled by four, which V8
 * runs about 1.7× faster; each score still adds its terms in the same order, so the sums are bit for bit the same.
 */
function addScaled(scores: Float64Array, weights: Float32Array, base: number, v: number): void {
  const c = scores.length;
  let k = 0;
  for (; k + 3 < c; k += 4) {
    const b = base + k;
    scores[k]! += weights[b]! * v;
    scores[k + 1]! += weights[b + 1]! * v;
    scores[k + 2]! += weights[b + 2]! * v;
    scores[k + 3]! += weights[b + 3]! * v;
  }
  for (; k < c; k++) scores[k]! += weights[base + k]! * v;
}

/**
 * addScaled for the four features at offset[j..j + 3] in one pass over the classes: a score is read and written once
 * instead of four times (about 1.6× faster), and still adds its four terms one after the other, left to right, so
 * every rounding is the one the one-feature loop makes.
 */
function addFourScaled(
  scores: Float64Array,
  weights: Float32Array,
  offset: Int32Array,
  value: Float32Array,
  j: number,
): void {
  const b0 = offset[j]!;
  const b1 = offset[j + 1]!;
  const b2 = offset[j + 2]!;
  const b3 = offset[j + 3]!;
  const v0 = value[j]!;
  const v1 = value[j + 1]!;
  const v2 = value[j + 2]!;
  const v3 = value[j + 3]!;
  const c = scores.length;
  for (let k = 0; k < c; k++)
    scores[k] =
      scores[k]! +
      weights[b0 + k]! * v0 +
      weights[b1 + k]! * v1 +
      weights[b2 + k]! * v2 +
      weights[b3 + k]! * v3;
}

/** The update of the four features at offset[j..j + 3] for the n active classes; each weight still gets one update. */
function stepFour(
  weights: Float32Array,
  offset: Int32Array,
  value: Float32Array,
  j: number,
  active: Int32Array,
  steps: Float64Array,
  n: number,
  shrink: number,
): void {
  const b0 = offset[j]!;
  const b1 = offset[j + 1]!;
  const b2 = offset[j + 2]!;
  const b3 = offset[j + 3]!;
  const v0 = value[j]!;
  const v1 = value[j + 1]!;
  const v2 = value[j + 2]!;
  const v3 = value[j + 3]!;
  for (let a = 0; a < n; a++) {
    const k = active[a]!;
    const step = steps[a]!;
    weights[b0 + k] = weights[b0 + k]! * shrink - step * v0;
    weights[b1 + k] = weights[b1 + k]! * shrink - step * v1;
    weights[b2 + k] = weights[b2 + k]! * shrink - step * v2;
    weights[b3 + k] = weights[b3 + k]! * shrink - step * v3;
  }
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
