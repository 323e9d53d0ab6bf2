import { trainSoftmax, type SoftmaxModel, type SoftmaxOptions } from './classifier.ts';
import { questionFeatures, type FeatureBag } from './features.ts';
import type { Lexicon } from './lexicon.ts';
import type { LabelledText } from './training-data.ts';

/** Where the trainer gets a text's features: `questionFeatures`, or a cache in front of it. */
export type FeatureSource = (text: string) => FeatureBag;

/**
 * `questionFeatures` by text, for builds that see mostly the same texts: the folds of cross-validation, and a rebuild
 * after staff changed one topic of seventy. Feature extraction is a third of a cold build. `sweep()` drops the texts
 * not asked for since the previous sweep, so a long-lived cache holds one knowledge base's texts, not every one seen.
 * The bags are shared: callers only read them.
 */
export class FeatureCache {
  private bags = new Map<string, FeatureBag>();
  private used = new Set<string>();

  /** A text's features depend on the concept lexicon too: one cache serves one lexicon. */
  constructor(readonly lexicon?: Lexicon) {}

  readonly get: FeatureSource = (text) => {
    this.used.add(text);
    let bag = this.bags.get(text);
    if (!bag) this.bags.set(text, (bag = questionFeatures(text, this.lexicon)));
    return bag;
  };

  sweep(): void {
    for (const text of this.bags.keys()) if (!this.used.has(text)) this.bags.delete(text);
    this.used = new Set();
  }

  get size(): number {
    return this.bags.size;
  }
}

/** Everything a classifier is trained from; plain data but the lexicon (a worker builds its own from the file). */
export interface TrainingInput {
  texts: LabelledText[];
  /** The classes in order; texts with another label are left out. */
  labels: string[];
  options?: Partial<SoftmaxOptions>;
  lexicon?: Lexicon;
}

export function trainClassifier(
  input: TrainingInput,
  features: FeatureSource = (text) => questionFeatures(text, input.lexicon),
  onRowsRead?: () => void,
): SoftmaxModel {
  const index = new Map(input.labels.map((l, i) => [l, i]));
  // A generator: each text's features are computed as the trainer reads them and, uncached, dropped after.
  function* examples() {
    for (const t of input.texts) {
      const label = index.get(t.label);
      if (label !== undefined) yield { features: features(t.text), label };
    }
  }
  return trainSoftmax(examples(), input.labels.length, input.options, onRowsRead);
}
