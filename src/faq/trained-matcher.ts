import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Language } from '../chat/chat.types.ts';
import type { SoftmaxModel, SoftmaxOptions } from './classifier.ts';
import { trainClassifier, type FeatureSource, type TrainingInput } from './classifier-training.ts';
import type { SmallTalkIntent, TrainingCorpora } from './corpora.ts';
import { questionFeatures } from './features.ts';
import type { FaqTopic } from './knowledge-base.ts';
import type { Lexicon } from './lexicon.ts';
import { detectLanguage } from './language.ts';
import { FaqMatcher, type ConfidenceBand, type MatchResult } from './matcher.ts';
import { normalise } from './normalise.ts';
import {
  classLabels,
  labelledTexts,
  OUT_OF_SCOPE_CLASS,
  smallTalkIntentOf,
  type LabelledText,
} from './training-data.ts';

/** What the bot does with a question. */
export type MatchKind = 'answer' | 'suggest' | 'smalltalk' | 'abstain';

export interface TrainedMatchResult extends MatchResult {
  kind: MatchKind;
  lang: Language;
  /** The detected language's details (mixed, Khmer in Latin letters…). */
  language: ReturnType<typeof detectLanguage>;
  intent?: SmallTalkIntent;
}

/** Six decision features, once for Vietnamese questions and once for the others, plus a bias for the others. */
const META_FEATURES = 13;

/**
 * Everything the decision needs that is fitted on cross-validation folds (`npm run faq:eval -- --write-params`):
 * the weight of the lexical scorer beside the classifier, how much of the topics' mass small talk must beat, the
 * calibration of the confidence, and the two thresholds.
 */
export const fittedParamsSchema = z.object({
  blend: z.number().min(0).max(5),
  /** Small talk wins only when its mass beats this share of all topics' mass (calibration.ts, fitSmallTalkShare). */
  smallTalkShare: z.number().min(0).max(5),
  calibration: z.object({ weights: z.array(z.number()).length(META_FEATURES), bias: z.number() }),
  answerThreshold: z.number().min(0).max(1),
  suggestThreshold: z.number().min(0).max(1),
  fittedOn: z.object({ topics: z.number(), texts: z.number(), folds: z.number(), at: z.string() }),
});
export type FittedParams = z.infer<typeof fittedParamsSchema>;

export const PARAMS_FILE = new URL('./fitted-params.json', import.meta.url);

export function loadFittedParams(file: URL | string = PARAMS_FILE): FittedParams {
  return fittedParamsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The model's and the lexical scorer's raw view of one question, before any fitted parameter is applied. */
export interface RawScores {
  probs: Float64Array;
  lexical: MatchResult;
  /** Detected from the text: the lexical scorer knows only Vietnamese, so confidence is calibrated per language. */
  lang: Language;
}

/** What a build may be given instead of computing it: a classifier already trained, a cache of features. */
export interface TrainingAids {
  /** Trained on exactly these texts and labels (in a worker thread, or loaded from the model cache). */
  model?: SoftmaxModel;
  features?: FeatureSource;
  /** The lexical index over exactly these topics, built elsewhere (the rebuild worker). */
  lexical?: FaqMatcher;
}

/** The classifier trained on the given texts, plus the lexical scorer over the topics (as the fold sees them). */
export class ScoringModel {
  readonly labels: string[];
  readonly topicCount: number;
  private readonly model: SoftmaxModel;
  private readonly lexical: FaqMatcher;
  private readonly topicIndex = new Map<string, number>();

  constructor(
    topics: FaqTopic[],
    texts: LabelledText[],
    labels: string[],
    options?: Partial<SoftmaxOptions>,
    private readonly lexicon?: Lexicon,
    aids: TrainingAids = {},
  ) {
    this.labels = labels;
    this.topicCount = topics.length;
    topics.forEach((t, i) => this.topicIndex.set(t.id, i));
    this.model =
      aids.model ??
      trainClassifier(
        { texts, labels, ...(options ? { options } : {}), ...(lexicon ? { lexicon } : {}) },
        aids.features,
      );
    if (this.model.classCount !== labels.length)
      throw new Error('faq classifier: the model given was trained on other classes');
    this.lexical = aids.lexical ?? new FaqMatcher(topics);
  }

  raw(question: string): RawScores {
    return {
      probs: this.model.probabilities(questionFeatures(question, this.lexicon)),
      lexical: this.lexical.match(question),
      lang: detectLanguage(question).lang,
    };
  }

  /** Index of a topic id among the labels (topics come first). */
  topicAt(id: string): number | undefined {
    return this.topicIndex.get(id);
  }
}

/** One decision from raw scores and fitted parameters; shared by the live matcher and cross-validation. */
export interface Decision {
  /** Topic indices, best first (at most five). */
  order: number[];
  combined: number[];
  confidence: number;
  band: ConfidenceBand;
  /** Index of the small-talk label when small talk wins. */
  smallTalk?: number;
}

export function metaFeatures(raw: RawScores, labels: string[], topicCount: number, blend: number) {
  const combined = combinedScores(raw, labels, topicCount, blend);
  const order = combined
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s)
    .slice(0, 5)
    .map((x) => x.i);
  const [best = 0, second] = order;
  const oos = labels.indexOf(OUT_OF_SCOPE_CLASS);
  // Small talk is one decision spread over eight intents: its total mass is compared, then the likeliest intent named.
  let smallTalkBest = -1;
  let smallTalkP = 0;
  let smallTalkMax = 0;
  let topicP = 0;
  for (let k = 0; k < topicCount; k++) topicP += raw.probs[k]!;
  for (let k = topicCount; k < labels.length; k++) {
    if (k === oos) continue;
    smallTalkP += raw.probs[k]!;
    if (raw.probs[k]! > smallTalkMax) [smallTalkMax, smallTalkBest] = [raw.probs[k]!, k];
  }
  const lexTop = raw.lexical.suggestions[0];
  const agree = lexTop !== undefined && labels[best] === lexTop ? 1 : 0;
  // The classifier's own probability and the lead on the blended ranking (scaled back to 0..1): a blended score
  // alone would be large for a one-word question that several topics cover fully ("vneid").
  const scale = 1 + (raw.lang === 'vi' ? blend : 0);
  const lead = ((combined[best] ?? 0) - (second === undefined ? 0 : combined[second]!)) / scale;
  const base = [
    raw.probs[best] ?? 0,
    lead,
    oos >= 0 ? raw.probs[oos]! : 0,
    smallTalkP,
    agree * raw.lexical.confidence,
    raw.lexical.confidence,
  ];
  const vi = raw.lang === 'vi' ? 1 : 0;
  const features = [...base.map((x) => x * vi), ...base.map((x) => x * (1 - vi)), 1 - vi];
  return {
    order,
    combined,
    features,
    smallTalkBest,
    smallTalkP,
    topicP,
    oosP: oos >= 0 ? raw.probs[oos]! : 0,
  };
}

/**
 * Classifier probability of each topic plus `blend` × the lexical scorer's coverage of it. The lexical scorer knows
 * only Vietnamese, so for a question in English or Khmer it adds nothing but noise and is left out.
 */
function combinedScores(raw: RawScores, labels: string[], topicCount: number, blend: number): number[] {
  const combined = Array.from(raw.probs.subarray(0, topicCount));
  if (raw.lang !== 'vi') return combined;
  const at = new Map(labels.slice(0, topicCount).map((l, i) => [l, i]));
  for (const r of raw.lexical.ranked) {
    const i = at.get(r.id);
    if (i !== undefined) combined[i]! += blend * r.score;
  }
  return combined;
}

export function calibrated(features: number[], params: Pick<FittedParams, 'calibration'>): number {
  let z = params.calibration.bias;
  features.forEach((x, i) => (z += x * params.calibration.weights[i]!));
  return 1 / (1 + Math.exp(-z));
}

/**
 * Small talk wins when it is likelier than "out of scope", than the best topic and than a fitted share of all the
 * topics together: a real question in everyday words ("ghi tên con vô sổ") spreads its mass over several topics, none
 * of which alone outweighs a small-talk intent, yet together they say "this is a question".
 */
export function smallTalkWins(
  m: Pick<ReturnType<typeof metaFeatures>, 'smallTalkBest' | 'smallTalkP' | 'oosP' | 'topicP' | 'order'>,
  raw: RawScores,
  share: number,
): boolean {
  return (
    m.smallTalkBest >= 0 &&
    m.smallTalkP > m.oosP &&
    m.smallTalkP > raw.probs[m.order[0]!]! &&
    m.smallTalkP > share * m.topicP
  );
}

export function decide(raw: RawScores, labels: string[], topicCount: number, params: FittedParams): Decision {
  const m = metaFeatures(raw, labels, topicCount, params.blend);
  const confidence = calibrated(m.features, params);
  if (smallTalkWins(m, raw, params.smallTalkShare))
    return { order: m.order, combined: m.combined, confidence, band: 'low', smallTalk: m.smallTalkBest };
  let band: ConfidenceBand =
    confidence >= params.answerThreshold ? 'high' : confidence >= params.suggestThreshold ? 'middle' : 'low';
  if (band === 'high' && lexicalTie(raw.lexical)) band = 'middle';
  // A question the lexical scorer finds vague but entirely about our topics ("vneid") gets suggestions, unless the
  // classifier finds it likelier out of scope than any topic.
  if (band === 'low' && raw.lexical.band === 'middle' && m.oosP < raw.probs[m.order[0]!]!) band = 'middle';
  return { order: m.order, combined: m.combined, confidence, band };
}

/** The matcher the bot uses: trained at start-up on every labelled text, decisions with the fitted parameters. */
export class TrainedMatcher {
  readonly scoring: ScoringModel;
  readonly params: FittedParams;
  private readonly topics: FaqTopic[];

  /** Normalised keywords that several topics share ("vneid", "hồ sơ"): asked alone, they name no single topic. */
  private readonly sharedKeywords = new Set<string>();

  constructor(
    topics: FaqTopic[],
    corpora: TrainingCorpora,
    params: FittedParams = loadFittedParams(),
    aids: TrainingAids = {},
  ) {
    this.topics = topics;
    this.params = params;
    const { texts, labels } = TrainedMatcher.trainingInput(topics, corpora);
    this.scoring = new ScoringModel(topics, texts, labels, undefined, corpora.lexicon, aids);
    const owners = new Map<string, Set<string>>();
    for (const t of topics)
      for (const k of t.keywords) {
        const key = normalise(k).bareText;
        owners.set(key, (owners.get(key) ?? new Set()).add(t.id));
      }
    for (const [key, ids] of owners) if (key && ids.size > 1) this.sharedKeywords.add(key);
  }

  /** What the classifier of this matcher is trained on: to train it elsewhere (a worker) and hand it in. */
  static trainingInput(topics: FaqTopic[], corpora: TrainingCorpora): TrainingInput {
    return {
      texts: labelledTexts(topics, corpora),
      labels: classLabels(topics, corpora),
      ...(corpora.lexicon ? { lexicon: corpora.lexicon } : {}),
    };
  }

  /**
   * A question that is only a keyword several topics share ("hồ sơ"), or whose words two topics cover exactly as well
   * ("vneid"), is close to two topics: it gets the suggestions, however sure the classifier is of one of them.
   */
  private namesNoSingleTopic(question: string, lexical: MatchResult): boolean {
    return lexicalTie(lexical) || this.sharedKeywords.has(normalise(question).bareText);
  }

  match(question: string): TrainedMatchResult {
    const result = this.matchWhole(question);
    if (result.kind !== 'smalltalk') return result;
    // "cảm ơn, còn vụ bảo hiểm thì sao": a pleasantry before a question. What follows the first break decides.
    const rest = afterFirstBreak(question);
    if (rest === undefined) return result;
    const after = this.matchWhole(rest);
    return after.kind === 'smalltalk' || after.kind === 'abstain'
      ? result
      : { ...after, lang: result.lang, language: result.language };
  }

  private matchWhole(question: string): TrainedMatchResult {
    const language = detectLanguage(question);
    const raw = this.scoring.raw(question);
    const d = decide(raw, this.scoring.labels, this.topics.length, this.params);
    const ranked = d.order
      .filter((i) => d.combined[i]! > 0)
      .map((i) => ({ id: this.topics[i]!.id, score: round(Math.min(1, d.combined[i]!)) }));
    const suggestions = ranked.slice(0, 3).map((r) => r.id);
    const confidence = round(d.confidence);
    const base = { confidence, suggestions, ranked, lang: language.lang, language };
    if (d.smallTalk !== undefined) {
      const intent = smallTalkIntentOf(this.scoring.labels[d.smallTalk]!);
      return { ...base, topicId: null, band: 'low', kind: 'smalltalk', ...(intent ? { intent } : {}) };
    }
    let band = suggestions.length ? d.band : 'low';
    if (band === 'high' && this.namesNoSingleTopic(question, raw.lexical)) band = 'middle';
    const kind: MatchKind = band === 'high' ? 'answer' : band === 'middle' ? 'suggest' : 'abstain';
    return { ...base, topicId: band === 'high' ? suggestions[0]! : null, band, kind };
  }
}

/** The text after the first comma, full stop, "!", "?", ";" or line break, when it has two words or more. */
export function afterFirstBreak(question: string): string | undefined {
  const m = /[,.;!?\n]+\s*(\S[\s\S]*)$/u.exec(question.trim());
  const rest = m?.[1]?.trim();
  return rest && rest.split(/\s+/u).length >= 2 ? rest : undefined;
}

/** Two topics cover every word of the question ("vneid"): the question is close to both. */
function lexicalTie(lexical: MatchResult): boolean {
  const [first, second] = lexical.ranked;
  return first !== undefined && second !== undefined && first.score >= 1 && second.score >= 1;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
