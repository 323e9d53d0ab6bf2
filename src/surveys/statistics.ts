/**
 * Honest figures for a share ("p of n understand"): the Wilson 95% score interval, a target status that says
 * "undetermined" when the interval straddles the target, and an optional commune-population weighting with the
 * Kish effective sample size. Pure functions, no I/O.
 */

/** The 97.5% quantile of the standard normal distribution (two-sided 95%). */
export const Z95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

export type TargetStatus = 'met' | 'not_met' | 'undetermined';

export interface ShareEstimate {
  n: number;
  understands: number;
  /** null when n = 0 (never NaN). */
  p: number | null;
  interval: Interval | null;
  status: TargetStatus;
}

/**
 * Wilson score interval for `successes` out of `n` (successes may be fractional for weighted data).
 * Returns null for n = 0, where nothing can be said.
 */
export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp rounding dust so the bounds stay in [0, 1] and around p.
  return { lower: Math.max(0, Math.min(p, centre - half)), upper: Math.min(1, Math.max(p, centre + half)) };
}

/** met: the whole interval is at or above the target; not met: the whole interval is below; otherwise undetermined. */
export function targetStatus(interval: Interval | null, target: number): TargetStatus {
  if (!interval) return 'undetermined';
  if (interval.lower >= target) return 'met';
  if (interval.upper < target) return 'not_met';
  return 'undetermined';
}

export function estimate(understands: number, n: number, target: number): ShareEstimate {
  const interval = wilson(understands, n);
  return {
    n,
    understands,
    p: n > 0 ? understands / n : null,
    interval,
    status: targetStatus(interval, target),
  };
}

/** Responses of one commune. `areaCode` null = the respondent gave no commune. */
export interface CommuneCell {
  areaCode: string | null;
  n: number;
  understands: number;
}

export type WeightedEstimate =
  | {
      available: true;
      p: number;
      /** Kish effective sample size (Σw)² / Σw², used for the interval. */
      nEffective: number;
      /** Kish design effect n / nEffective (≥ 1). */
      designEffect: number;
      interval: Interval | null;
      status: TargetStatus;
      /** Population of the communes with responses, which the weighted share stands for. */
      populationCovered: number;
    }
  | { available: false; reason: string };

/**
 * Post-stratifies by commune: each commune's share counts in proportion to its population, so an over-surveyed
 * commune does not dominate. Needs a commune and a known population for every response; otherwise it is "not
 * available" with the reason. Respondent weight w = population / n of the commune, hence
 * nEffective = (Σ P_c)² / Σ (P_c² / n_c).
 */
export function weightedEstimate(
  cells: readonly CommuneCell[],
  population: ReadonlyMap<string, number | null>,
  target: number,
): WeightedEstimate {
  const used = cells.filter((c) => c.n > 0);
  if (used.length === 0) return { available: false, reason: 'Chưa có câu trả lời.' };
  const noCommune = used.filter((c) => c.areaCode === null).reduce((s, c) => s + c.n, 0);
  if (noCommune > 0)
    return {
      available: false,
      reason: `Có ${noCommune} câu trả lời không ghi xã, phường nên không gia quyền được.`,
    };
  const missing = used.filter((c) => !(Number(population.get(c.areaCode!)) > 0)).map((c) => c.areaCode!);
  if (missing.length > 0)
    return {
      available: false,
      reason: `Chưa có số dân của ${missing.length} xã, phường (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}) trong dữ liệu địa bàn.`,
    };
  let total = 0;
  let weighted = 0;
  let sumSq = 0;
  let n = 0;
  for (const c of used) {
    const pop = population.get(c.areaCode!)!;
    total += pop;
    weighted += pop * (c.understands / c.n);
    sumSq += (pop * pop) / c.n;
    n += c.n;
  }
  const p = weighted / total;
  const nEffective = (total * total) / sumSq;
  const interval = wilson(p * nEffective, nEffective);
  return {
    available: true,
    p,
    nEffective,
    designEffect: n / nEffective,
    interval,
    status: targetStatus(interval, target),
    populationCovered: total,
  };
}
