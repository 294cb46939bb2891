// Proportions with Wilson score intervals, and the exact binomial test.
import { binomialCdf, binomialPmf, normalQuantile } from './distributions.ts';
import { missing, type Maybe } from './missing.ts';

export interface Proportion {
  k: number;
  n: number;
  estimate: number;
  lower: number;
  upper: number;
}

/** Wilson (1927) score interval: good coverage even for small n and proportions near 0 or 1. */
export function wilson(k: number, n: number, why: string, level = 0.95): Maybe<Proportion> {
  if (n === 0) return missing(why);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { k, n, estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Exact two-sided binomial test of H0: π = p0: the probability of all outcomes no more likely than the
 * observed one (R's binom.test, scipy's binomtest). The pmf is unimodal, so the other tail's boundary is
 * found by bisection and both tails come from the CDF: O(log n) instead of summing n + 1 terms.
 */
export function binomialTest(k: number, n: number, why: string, p0 = 0.5): Maybe<number> {
  if (n === 0) return missing(why);
  const d = binomialPmf(k, n, p0) * (1 + 1e-7);
  const mode = Math.floor((n + 1) * p0);
  const upperTail = (j: number) => (j > n ? 0 : 1 - binomialCdf(j - 1, n, p0));
  if (k === mode || binomialPmf(mode, n, p0) <= d) return 1;
  if (k < mode) {
    // smallest j ≥ mode with pmf(j) ≤ d
    let lo = mode;
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (binomialPmf(mid, n, p0) <= d) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(1, binomialCdf(k, n, p0) + upperTail(lo));
  }
  // largest j ≤ mode with pmf(j) ≤ d
  let lo = -1;
  let hi = mode;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (binomialPmf(mid, n, p0) <= d) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(1, (lo >= 0 ? binomialCdf(lo, n, p0) : 0) + upperTail(k));
}
