import type { Language } from '../followers/followers.types.ts';
import type { RawScores } from './trained-matcher.ts';

// The cross-validation's result types on their own, so calibration.ts (which fits on them) and cross-validation.ts
// (which produces them and calls the fitting) do not import each other.

/** One held-out text scored by the model of the fold that did not see it. */
export interface OutOfFold {
  text: string;
  label: string;
  lang: Language;
  fold: number;
  raw: RawScores;
}

/** Every text's out-of-fold scores, with what the fitting needs to know about the run. */
export interface CrossValidation {
  labels: string[];
  topicCount: number;
  folds: number;
  records: OutOfFold[];
  /** Mean time to train one fold's model (classifier + lexical index), ms. */
  trainMs: number;
}
