import type { TieBreakKey } from './quiz.schema.ts';

/** One competitor's best result, as the ranking sees it. */
export interface RankEntry {
  participantId: string;
  score: number;
  durationMs: number;
  /** null when the participant gave no prediction: ranked after every given prediction */
  prediction: number | null;
  submittedAt: Date;
}

export interface RankedEntry<E extends RankEntry = RankEntry> {
  rank: number;
  /** true when another entry shares this rank because every tie-break key is equal */
  tied: boolean;
  predictionDistance: number | null;
  entry: E;
}

export const defaultTieBreak: readonly TieBreakKey[] = ['score', 'duration', 'prediction', 'submittedAt'];

/** Compares two entries by one key; negative when `a` ranks first. */
function compareBy(key: TieBreakKey, a: RankEntry, b: RankEntry, actual: number): number {
  switch (key) {
    case 'score':
      return b.score - a.score;
    case 'duration':
      return a.durationMs - b.durationMs;
    case 'prediction':
      return distanceKey(a.prediction, actual) - distanceKey(b.prediction, actual);
    case 'submittedAt':
      return a.submittedAt.getTime() - b.submittedAt.getTime();
  }
}

function distanceKey(prediction: number | null, actual: number): number {
  return prediction === null ? Number.POSITIVE_INFINITY : Math.abs(prediction - actual);
}

/** The campaign's comparator: its tie-break keys in order; 0 means a true tie. */
export function rankComparator(tieBreak: readonly TieBreakKey[], actual: number) {
  return (a: RankEntry, b: RankEntry): number => {
    for (const key of tieBreak) {
      const c = compareBy(key, a, b, actual);
      if (c !== 0 && !Number.isNaN(c)) return c;
    }
    return 0;
  };
}

/**
 * Ranks entries by the campaign's tie-break order ("1, 1, 3" competition ranking): entries equal on every key
 * share a rank and are flagged as tied. `actual` is the number the prediction is measured against. The result does
 * not depend on input order: equal entries are listed by participant id so exports are stable.
 */
export function rankEntries<E extends RankEntry>(
  entries: readonly E[],
  tieBreak: readonly TieBreakKey[] = defaultTieBreak,
  actual = 0,
): RankedEntry<E>[] {
  const cmp = rankComparator(tieBreak, actual);
  const sorted = [...entries].sort((a, b) => cmp(a, b) || compareIds(a.participantId, b.participantId));
  const ranked: RankedEntry<E>[] = [];
  sorted.forEach((entry, i) => {
    const prev = ranked[i - 1];
    const sameAsPrev = prev !== undefined && cmp(prev.entry, entry) === 0;
    if (sameAsPrev) prev.tied = true;
    ranked.push({
      rank: sameAsPrev ? prev.rank : i + 1,
      tied: sameAsPrev,
      predictionDistance: entry.prediction === null ? null : Math.abs(entry.prediction - actual),
      entry,
    });
  });
  return ranked;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether attempt `a` is better than `b` for "best attempt counts": higher score, then shorter, then earlier. */
export function isBetterAttempt(
  a: { score: number; durationMs: number; submittedAt: Date },
  b: { score: number; durationMs: number; submittedAt: Date },
): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.durationMs !== b.durationMs) return a.durationMs < b.durationMs;
  return a.submittedAt.getTime() < b.submittedAt.getTime();
}
