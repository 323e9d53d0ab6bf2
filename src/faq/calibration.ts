import type { CrossValidation } from './cross-validation.types.ts';
import { calibrated, decide, metaFeatures, smallTalkWins, type FittedParams } from './trained-matcher.ts';
import { OUT_OF_SCOPE_CLASS, SMALLTALK_PREFIX } from './training-data.ts';

/** Candidate weights of the lexical scorer beside the classifier; the best on the folds' top-1 wins. */
const BLEND_GRID = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2];

export function fitBlend(cv: CrossValidation): number {
  const inScope = cv.records.filter((r) => isTopic(r.label));
  let best = { blend: 0, hits: -1 };
  for (const blend of BLEND_GRID) {
    let hits = 0;
    for (const r of inScope) {
      const m = metaFeatures(r.raw, cv.labels, cv.topicCount, blend);
      if (cv.labels[m.order[0]!] === r.label) hits++;
    }
    if (hits > best.hits) best = { blend, hits };
  }
  return best.blend;
}

/** Candidate shares of the topics' total mass that small talk must beat. */
const SMALLTALK_SHARE_GRID = Array.from({ length: 16 }, (_, i) => i / 10);

/**
 * The share maximising the balanced score of the small-talk decision: ½·(small talk recognised as its intent) +
 * ½·(in-scope questions not taken for small talk). A question taken for small talk gets a greeting instead of any help,
 * so the two errors weigh alike although in-scope questions are ten times as many.
 */
export function fitSmallTalkShare(cv: CrossValidation, blend: number): number {
  const points = cv.records
    .filter((r) => isTopic(r.label) || r.label.startsWith(SMALLTALK_PREFIX))
    .map((r) => ({ r, m: metaFeatures(r.raw, cv.labels, cv.topicCount, blend) }));
  const smallTalk = points.filter((p) => !isTopic(p.r.label));
  const inScope = points.filter((p) => isTopic(p.r.label));
  let best = { share: 0, score: -1 };
  for (const share of SMALLTALK_SHARE_GRID) {
    const recognised = smallTalk.filter(
      (p) => smallTalkWins(p.m, p.r.raw, share) && cv.labels[p.m.smallTalkBest] === p.r.label,
    ).length;
    const kept = inScope.filter((p) => !smallTalkWins(p.m, p.r.raw, share)).length;
    const score = recognised / Math.max(1, smallTalk.length) + kept / Math.max(1, inScope.length);
    if (score > best.score) best = { share, score };
  }
  return best.share;
}

/**
 * Platt-style calibration with several inputs: a logistic regression from the decision's features (best score,
 * lead, out-of-scope and small-talk probability, lexical confidence and agreement) to "the best topic is right".
 */
export function fitCalibration(cv: CrossValidation, blend: number): FittedParams['calibration'] {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const r of cv.records) {
    const m = metaFeatures(r.raw, cv.labels, cv.topicCount, blend);
    xs.push(m.features);
    ys.push(isTopic(r.label) && cv.labels[m.order[0]!] === r.label ? 1 : 0);
  }
  return fitLogistic(xs, ys);
}

/**
 * Logistic regression by full-batch gradient descent with a small L2 penalty (the features are few and bounded, so
 * this converges in a few hundred steps). Returns weights and bias such that σ(w·x + b) ≈ P(y = 1).
 */
export function fitLogistic(
  xs: number[][],
  ys: number[],
  opts: { steps?: number; rate?: number; l2?: number } = {},
): { weights: number[]; bias: number } {
  const d = xs[0]?.length ?? 0;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const steps = opts.steps ?? 3000;
  const rate = opts.rate ?? 1;
  const l2 = opts.l2 ?? 1e-3;
  const n = Math.max(1, xs.length);
  for (let s = 0; s < steps; s++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    xs.forEach((x, i) => {
      let z = b;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const err = 1 / (1 + Math.exp(-z)) - ys[i]!;
      for (let j = 0; j < d; j++) gw[j]! += err * x[j]!;
      gb += err;
    });
    for (let j = 0; j < d; j++) w[j]! -= rate * (gw[j]! / n + l2 * w[j]!);
    b -= (rate * gb) / n;
  }
  return { weights: w.map(round6), bias: round6(b) };
}

/**
 * The answer threshold maximises the balanced score ½·(in-scope answered right) + ½·(out-of-scope left alone); the
 * suggestion threshold, below it, maximises Youden's J for "the right topic is among the three suggestions".
 */
export function fitThresholds(
  cv: CrossValidation,
  blend: number,
  calibration: FittedParams['calibration'],
  smallTalkShare: number,
): { answerThreshold: number; suggestThreshold: number } {
  const probe: FittedParams = {
    blend,
    smallTalkShare,
    calibration,
    answerThreshold: 2,
    suggestThreshold: 2,
    fittedOn: { topics: 0, texts: 0, folds: 0, at: '' },
  };
  const points = cv.records.map((r) => {
    const d = decide(r.raw, cv.labels, cv.topicCount, probe);
    const m = metaFeatures(r.raw, cv.labels, cv.topicCount, blend);
    return {
      label: r.label,
      conf: d.smallTalk === undefined ? calibrated(m.features, probe) : -1,
      right: cv.labels[d.order[0]!] === r.label,
      inTop3: d.order.slice(0, 3).some((i) => cv.labels[i] === r.label),
    };
  });
  const inScope = points.filter((p) => isTopic(p.label));
  const oos = points.filter((p) => p.label === OUT_OF_SCOPE_CLASS);
  const grid = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  let answer = { t: 0.5, j: -Infinity };
  for (const t of grid) {
    const right = inScope.filter((p) => p.conf >= t && p.right).length / Math.max(1, inScope.length);
    const left = oos.filter((p) => p.conf < t).length / Math.max(1, oos.length);
    const j = oos.length ? (right + left) / 2 : right;
    if (j > answer.j) answer = { t, j };
  }
  const below = points.filter((p) => p.conf >= 0 && p.conf < answer.t);
  const pos = below.filter((p) => isTopic(p.label) && p.inTop3);
  const neg = below.filter((p) => !(isTopic(p.label) && p.inTop3));
  let suggest = { t: answer.t, j: 0 };
  for (const t of grid.filter((x) => x < answer.t)) {
    const j =
      pos.filter((p) => p.conf >= t).length / Math.max(1, pos.length) -
      neg.filter((p) => p.conf >= t).length / Math.max(1, neg.length);
    if (j > suggest.j) suggest = { t, j };
  }
  return { answerThreshold: answer.t, suggestThreshold: suggest.t };
}

function isTopic(label: string): boolean {
  return label !== OUT_OF_SCOPE_CLASS && !label.startsWith(SMALLTALK_PREFIX);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
