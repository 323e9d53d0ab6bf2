import type { Language } from '../chat/chat.types.ts';
import { mulberry32, shuffle, type SoftmaxOptions } from './classifier.ts';
import { FeatureCache } from './classifier-training.ts';
import type { TrainingCorpora } from './corpora.ts';
import type { FaqTopic } from './knowledge-base.ts';
import {
  classLabels,
  isHeldOutable,
  labelledTexts,
  OUT_OF_SCOPE_CLASS,
  SMALLTALK_PREFIX,
  type LabelledText,
} from './training-data.ts';
import { decide, ScoringModel, type FittedParams } from './trained-matcher.ts';
import { fitCalibration, fitThresholds, fitBlend, fitSmallTalkShare } from './calibration.ts';
import type { CrossValidation, OutOfFold } from './cross-validation.types.ts';

export type { CrossValidation, OutOfFold } from './cross-validation.types.ts';

/**
 * Stratified k-fold over the ways of asking: each label's variants (and each negative and small-talk example) are
 * dealt round-robin into k folds after a seeded shuffle; titles and keywords always stay in training. Each fold's
 * model (classifier and lexical index alike) is built without the fold's texts, then scores them.
 */
export function crossValidate(
  topics: FaqTopic[],
  corpora: TrainingCorpora,
  opts: { k?: number; seed?: number; softmax?: Partial<SoftmaxOptions> } = {},
): CrossValidation {
  const k = opts.k ?? 5;
  const labels = classLabels(topics, corpora);
  const texts = labelledTexts(topics, corpora);
  const foldOf = assignFolds(texts, k, opts.seed ?? 7);
  const records: OutOfFold[] = [];
  // Every fold trains on most of the same texts: their features are computed once.
  const features = new FeatureCache(corpora.lexicon);
  let trainMs = 0;
  for (let fold = 0; fold < k; fold++) {
    const heldVi = new Set(
      texts
        .filter((t, i) => foldOf[i] === fold && t.source === 'variant' && t.lang === 'vi')
        .map((t) => t.text),
    );
    const foldTopics = topics.map((t) => ({ ...t, variants: t.variants.filter((v) => !heldVi.has(v)) }));
    const train = texts.filter((_, i) => foldOf[i] !== fold);
    const started = performance.now();
    const model = new ScoringModel(foldTopics, train, labels, opts.softmax, corpora.lexicon, {
      features: features.get,
    });
    trainMs += performance.now() - started;
    texts.forEach((t, i) => {
      if (foldOf[i] === fold)
        records.push({ text: t.text, label: t.label, lang: t.lang, fold, raw: model.raw(t.text) });
    });
  }
  return { labels, topicCount: topics.length, folds: k, records, trainMs: trainMs / k };
}

/** -1 for texts that always train; else the fold, dealt per label so every fold sees every topic. */
function assignFolds(texts: LabelledText[], k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const byLabel = new Map<string, number[]>();
  texts.forEach((t, i) => {
    if (!isHeldOutable(t)) return;
    const key = `${t.label}\u0000${t.lang}`;
    byLabel.set(key, [...(byLabel.get(key) ?? []), i]);
  });
  const folds = texts.map(() => -1);
  let offset = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(key)!;
    shuffle(idx, random);
    // The offset carries on between labels so small groups (3 Khmer variants) do not all land in the first folds.
    idx.forEach((i, j) => (folds[i] = (j + offset) % k));
    offset += idx.length;
  }
  return folds;
}

/** Fits the blend, the small-talk share, the calibration and the thresholds on out-of-fold scores, in that order. */
export function fitParams(cv: CrossValidation, texts: number): FittedParams {
  const blend = fitBlend(cv);
  const smallTalkShare = fitSmallTalkShare(cv, blend);
  const calibration = fitCalibration(cv, blend);
  const { answerThreshold, suggestThreshold } = fitThresholds(cv, blend, calibration, smallTalkShare);
  return {
    blend,
    smallTalkShare,
    calibration,
    answerThreshold,
    suggestThreshold,
    fittedOn: { topics: cv.topicCount, texts, folds: cv.folds, at: new Date().toISOString().slice(0, 10) },
  };
}

export interface FoldFigures {
  /** In-scope held-out variants answered with the right topic, overall and per language. */
  inScope: number;
  byLanguage: Partial<Record<Language, number>>;
  /** The right topic among the three suggestions (answered or not). */
  inTop3: number;
  /** Held-out negatives not answered. */
  abstained: number;
  /** Held-out small-talk examples recognised as the right intent. */
  smallTalk: number;
  /**
   * In-scope ways of asking in Khmer written in Latin letters ("knhom chong suor…"), as the language detector finds
   * them: the content keeps them among the Vietnamese `variants`, so they are a slice of `byLanguage.vi`.
   */
  khmerLatin?: number;
}

export interface Summary {
  mean: FoldFigures;
  sd: FoldFigures;
  perFold: FoldFigures[];
}

/** Per-fold figures under the given parameters, with their mean and standard deviation. */
export function summarise(cv: CrossValidation, params: FittedParams): Summary {
  const perFold: FoldFigures[] = [];
  for (let fold = 0; fold < cv.folds; fold++) {
    const rs = cv.records.filter((r) => r.fold === fold);
    const tally = new Map<string, [number, number]>();
    const count = (key: string, ok: boolean) => {
      const [n, c] = tally.get(key) ?? [0, 0];
      tally.set(key, [n + 1, c + (ok ? 1 : 0)]);
    };
    for (const r of rs) {
      const d = decide(r.raw, cv.labels, cv.topicCount, params);
      const answered = d.smallTalk === undefined && d.band === 'high' ? cv.labels[d.order[0]!] : undefined;
      if (r.label === OUT_OF_SCOPE_CLASS) count('abstained', answered === undefined);
      else if (r.label.startsWith(SMALLTALK_PREFIX))
        count('smallTalk', d.smallTalk === cv.labels.indexOf(r.label));
      else {
        count('inScope', answered === r.label);
        count(`lang:${r.lang}`, answered === r.label);
        if (isKhmerLatin(r)) count('khmerLatin', answered === r.label);
        count(
          'inTop3',
          d.order.slice(0, 3).some((i) => cv.labels[i] === r.label),
        );
      }
    }
    const rate = (key: string) => {
      const [n, c] = tally.get(key) ?? [0, 0];
      return n ? c / n : NaN;
    };
    const byLanguage: FoldFigures['byLanguage'] = {};
    for (const l of ['vi', 'en', 'km'] as const)
      if (tally.has(`lang:${l}`)) byLanguage[l] = rate(`lang:${l}`);
    perFold.push({
      inScope: rate('inScope'),
      byLanguage,
      inTop3: rate('inTop3'),
      abstained: rate('abstained'),
      smallTalk: rate('smallTalk'),
      ...(tally.has('khmerLatin') ? { khmerLatin: rate('khmerLatin') } : {}),
    });
  }
  return { perFold, mean: aggregate(perFold, mean), sd: aggregate(perFold, sd) };
}

function aggregate(xs: FoldFigures[], f: (v: number[]) => number): FoldFigures {
  const of = (pick: (x: FoldFigures) => number | undefined) =>
    f(xs.map(pick).filter((v): v is number => v !== undefined && !Number.isNaN(v)));
  const byLanguage: FoldFigures['byLanguage'] = {};
  for (const l of ['vi', 'en', 'km'] as const)
    if (xs.some((x) => x.byLanguage[l] !== undefined)) byLanguage[l] = of((x) => x.byLanguage[l]);
  return {
    inScope: of((x) => x.inScope),
    byLanguage,
    inTop3: of((x) => x.inTop3),
    abstained: of((x) => x.abstained),
    smallTalk: of((x) => x.smallTalk),
    ...(xs.some((x) => x.khmerLatin !== undefined) ? { khmerLatin: of((x) => x.khmerLatin) } : {}),
  };
}

const KHMER_SCRIPT = /[\u1780-\u17ff\u19e0-\u19ff]/u;

/** Read as Khmer with no Khmer script in it: Khmer as typed in Latin letters. */
function isKhmerLatin(r: OutOfFold): boolean {
  return r.raw.lang === 'km' && !KHMER_SCRIPT.test(r.text);
}

export function mean(v: number[]): number {
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
}

/** Sample standard deviation (n − 1). */
export function sd(v: number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
}
