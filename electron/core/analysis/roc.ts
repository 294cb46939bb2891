// Empirical (trapezoidal / Wilcoxon) ROC area via placement values, in O(n log n):
// sorting once gives every case's placement, from which the AUC, its jackknife (leave-one-case-out)
// values and DeLong's variance follow without recomputing the AUC n times.
import { normalQuantile } from './distributions.ts';

export interface Placements {
  auc: number;
  /** For each negative: fraction of positives scored above it (ties count ½). */
  negatives: Float64Array;
  /** For each positive: fraction of negatives scored below it (ties count ½). */
  positives: Float64Array;
}

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Number of entries < x and ≤ x in a sorted array. */
export function countBelow(sortedValues: Float64Array, x: number): [number, number] {
  let lo = 0;
  let hi = sortedValues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedValues[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  const less = lo;
  hi = sortedValues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedValues[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return [less, lo];
}

/** Placement values of negatives x0 and positives x1 (higher score = more likely positive). */
export function placements(x0: ArrayLike<number>, x1: ArrayLike<number>): Placements {
  const n0 = x0.length;
  const n1 = x1.length;
  const s0 = sorted(x0);
  const s1 = sorted(x1);
  const positives = new Float64Array(n1);
  const negatives = new Float64Array(n0);
  let sum = 0;
  for (let j = 0; j < n1; j++) {
    const [less, lessEq] = countBelow(s0, x1[j]);
    positives[j] = (less + 0.5 * (lessEq - less)) / n0;
    sum += positives[j];
  }
  for (let i = 0; i < n0; i++) {
    const [less, lessEq] = countBelow(s1, x0[i]);
    negatives[i] = (n1 - lessEq + 0.5 * (lessEq - less)) / n1;
  }
  return { auc: sum / n1, negatives, positives };
}

/**
 * Leave-one-case-out AUCs, negatives first then positives:
 * removing negative i gives (n0·A − V01ᵢ)/(n0 − 1), removing positive j gives (n1·A − V10ⱼ)/(n1 − 1).
 */
export function jackknifeAucs(p: Placements): Float64Array {
  const n0 = p.negatives.length;
  const n1 = p.positives.length;
  const out = new Float64Array(n0 + n1);
  for (let i = 0; i < n0; i++) out[i] = (n0 * p.auc - p.negatives[i]) / (n0 - 1);
  for (let j = 0; j < n1; j++) out[n0 + j] = (n1 * p.auc - p.positives[j]) / (n1 - 1);
  return out;
}

function sampleVariance(v: Float64Array, mean: number): number {
  let s = 0;
  for (const x of v) s += (x - mean) ** 2;
  return s / (v.length - 1);
}

/** DeLong, DeLong & Clarke-Pearson (1988) variance of the empirical AUC. */
export function delongVariance(p: Placements): number {
  return sampleVariance(p.positives, p.auc) / p.positives.length + sampleVariance(p.negatives, p.auc) / p.negatives.length;
}

export interface AucWithCi {
  auc: number;
  se: number;
  lower: number;
  upper: number;
}

/** AUC with a DeLong Wald interval clipped to [0, 1] (as pROC's `ci.auc(method = "delong")`). */
export function aucDelong(x0: ArrayLike<number>, x1: ArrayLike<number>, level = 0.95): AucWithCi {
  const p = placements(x0, x1);
  const se = Math.sqrt(delongVariance(p));
  const z = normalQuantile(1 - (1 - level) / 2);
  return { auc: p.auc, se, lower: Math.max(0, p.auc - z * se), upper: Math.min(1, p.auc + z * se) };
}

export interface RocPoint {
  fpf: number;
  tpf: number;
}

/** Empirical ROC operating points from (0,0) to (1,1): calling "positive" when score ≥ each distinct threshold. */
export function rocCurve(x0: ArrayLike<number>, x1: ArrayLike<number>): RocPoint[] {
  const thresholds = [...new Set([...Array.from(x0), ...Array.from(x1)])].sort((a, b) => b - a);
  const s0 = sorted(x0);
  const s1 = sorted(x1);
  const points: RocPoint[] = [{ fpf: 0, tpf: 0 }];
  for (const t of thresholds) {
    const [below0] = countBelow(s0, t);
    const [below1] = countBelow(s1, t);
    points.push({ fpf: (s0.length - below0) / s0.length, tpf: (s1.length - below1) / s1.length });
  }
  return points;
}
