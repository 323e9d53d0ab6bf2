import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureCache, type TrainingInput } from './classifier-training.ts';
import { questionFeatures } from './features.ts';
import { EMPTY_LEXICON } from './lexicon.ts';
import { cachedTrain, fileModelCache, modelKey } from './model-cache.ts';
import type { LabelledText } from './training-data.ts';

const text = (t: string, label: string): LabelledText => ({ text: t, label, lang: 'vi', source: 'variant' });
const input: TrainingInput = {
  labels: ['vneid', 'weather'],
  texts: [
    text('quên mật khẩu vneid', 'vneid'),
    text('đăng ký định danh mức 2', 'vneid'),
    text('thời tiết ngày mai', 'weather'),
    text('trời có mưa không', 'weather'),
  ],
};
const probe = ['mật khẩu vneid', 'mai có mưa không', 'xyz'];

describe(fileModelCache.name, () => {
  it('gives back the model it stored, to the last bit, and keeps only the newest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'faq-model-'));
    const cache = fileModelCache(dir);
    let computed = 0;
    const counting = (t: string) => (computed++, questionFeatures(t));
    const trained = cachedTrain(input, { cache, features: counting });
    expect(computed).toBe(4);
    const loaded = cachedTrain(input, { cache, features: counting });
    // A hit computes no feature at all.
    expect(computed).toBe(4);
    for (const q of probe)
      expect(Array.from(loaded.probabilities(questionFeatures(q)))).toEqual(
        Array.from(trained.probabilities(questionFeatures(q))),
      );
    const other = { ...input, texts: [...input.texts, text('nắng nóng', 'weather')] };
    cachedTrain(other, { cache });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('keys on every text, label and setting: any change is a miss', () => {
    const key = modelKey(input)!;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(modelKey({ ...input })).toBe(key);
    const [first, ...rest] = input.texts;
    expect(modelKey({ ...input, texts: [{ ...first!, text: 'quên mật khẩu VNeID' }, ...rest] })).not.toBe(
      key,
    );
    expect(modelKey({ ...input, texts: [{ ...first!, label: 'weather' }, ...rest] })).not.toBe(key);
    expect(modelKey({ ...input, texts: [...rest, first!] })).not.toBe(key);
    expect(modelKey({ ...input, labels: ['weather', 'vneid'] })).not.toBe(key);
    expect(modelKey({ ...input, options: { epochs: 5 } })).not.toBe(key);
    // The concept lexicon changes the features: keyed on its file's text, and never cached without it.
    const withLexicon = { ...input, lexicon: EMPTY_LEXICON };
    expect(modelKey(withLexicon)).toBeNull();
    expect(modelKey(withLexicon, 'concepts: []')).not.toBe(key);
    expect(modelKey(withLexicon, 'concepts: []')).not.toBe(modelKey(withLexicon, 'concepts: [] '));
  });

  it('treats an unreadable or foreign file as a miss and trains', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'faq-model-'));
    const cache = fileModelCache(dir);
    const key = modelKey(input)!;
    cachedTrain(input, { cache });
    const [file] = readdirSync(dir);
    writeFileSync(path.join(dir, file!), 'FAQM1 not a model');
    expect(cache.load(key)).toBeUndefined();
    const model = cachedTrain(input, { cache });
    expect(model.probabilities(questionFeatures('quên mật khẩu vneid'))[0]).toBeGreaterThan(0.5);
    expect(cache.load(key)).toBeDefined();
    expect(cache.load('0'.repeat(64))).toBeUndefined();
  });
});

describe(FeatureCache.name, () => {
  it('computes a text once and forgets the texts not asked for since the last sweep', () => {
    const cache = new FeatureCache();
    const a = cache.get('thủ tục khai sinh');
    expect(cache.get('thủ tục khai sinh')).toBe(a);
    expect(a).toEqual(questionFeatures('thủ tục khai sinh'));
    cache.get('giá vàng');
    cache.sweep();
    expect(cache.size).toBe(2);
    cache.get('giá vàng');
    cache.sweep();
    expect(cache.size).toBe(1);
    expect(cache.get('thủ tục khai sinh')).not.toBe(a);
  });
});
