import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  mulberry32,
  SoftmaxModel,
  trainSoftmax,
  useWasmRowScores,
  type TrainingExample,
} from './classifier.ts';
import { wasmTrainingSpace } from './classifier-wasm.ts';
import { loadTrainingCorpora } from './corpora.ts';
import { questionFeatures } from './features.ts';
import { loadKnowledgeBaseSync } from './knowledge-base.ts';
import { TrainedMatcher } from './trained-matcher.ts';
import { classLabels, labelledTexts } from './training-data.ts';

/** Trained once with the WebAssembly row scorer and once with the JavaScript loop. */
function trainBoth(examples: TrainingExample[], classCount: number): [SoftmaxModel, SoftmaxModel] {
  useWasmRowScores(true);
  const fast = trainSoftmax(examples, classCount);
  useWasmRowScores(false);
  const plain = trainSoftmax(examples, classCount);
  useWasmRowScores(true);
  return [fast, plain];
}

function expectSameModel(a: SoftmaxModel, b: SoftmaxModel): void {
  const x = a.toParts();
  const y = b.toParts();
  expect(x.vocab).toEqual(y.vocab);
  const bits = (f: Float32Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  expect(bits(x.weights).equals(bits(y.weights))).toBe(true);
  expect(bits(x.bias).equals(bits(y.bias))).toBe(true);
}

/** Random sparse rows over a small vocabulary, so features recur across rows as real ones do. */
function randomExamples(n: number, classCount: number, seed: number): TrainingExample[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const features = new Map<string, number>();
    const size = Math.floor(random() * 23);
    for (let i = 0; i < size; i++) features.set(`f${Math.floor(random() * 60)}`, random() * 2 - 0.5);
    return { features, label: Math.floor(random() * classCount) };
  });
}

describe(`${trainSoftmax.name} with the WebAssembly row scorer`, () => {
  afterEach(() => useWasmRowScores(true));

  it('runs here (Node 20 has WebAssembly SIMD): the figures in the README are of this path', () => {
    expect(wasmTrainingSpace(3, 4, 5)).not.toBeNull();
  });

  it('gives the same weights, to the last bit, for odd and even class counts and any row length', () => {
    for (const classCount of [1, 2, 3, 5, 8, 13]) {
      const [fast, plain] = trainBoth(randomExamples(300, classCount, classCount), classCount);
      expectSameModel(fast, plain);
    }
  });

  it('gives the same model on the real content: same weights, probabilities and decisions on every training text', () => {
    const contentDir = path.resolve('content');
    const kb = loadKnowledgeBaseSync({ contentDir });
    const corpora = loadTrainingCorpora({ contentDir });
    const labels = classLabels(kb.topics, corpora);
    const index = new Map(labels.map((l, i) => [l, i]));
    const texts = labelledTexts(kb.topics, corpora);
    const bags = texts.map((t) => questionFeatures(t.text, corpora.lexicon));
    const examples = texts.map((t, i) => ({ features: bags[i]!, label: index.get(t.label)! }));
    const [fast, plain] = trainBoth(examples, labels.length);
    expectSameModel(fast, plain);
    for (const bag of bags) expect(fast.probabilities(bag)).toEqual(plain.probabilities(bag));
    // And so the same decision, top-1 and calibrated confidence, on every training text.
    const [a, b] = [fast, plain].map((model) => new TrainedMatcher(kb.topics, corpora, undefined, { model }));
    for (const t of texts) expect(a!.match(t.text), t.text).toEqual(b!.match(t.text));
  }, 120_000);
});
