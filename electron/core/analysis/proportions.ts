// Proportions with Wilson score intervals, and the exact binomial test.
import { binomialPmf, normalQuantile } from './distributions.ts';
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
 * Exact two-sided binomial test of H0: π = p0, summing the probabilities of all outcomes no more
 * likely than the observed one (as R's binom.test and scipy's binomtest).
 */
export function binomialTest(k: number, n: number, why: string, p0 = 0.5): Maybe<number> {
  if (n === 0) return missing(why);
  const observed = binomialPmf(k, n, p0);
  const cutoff = observed * (1 + 1e-7);
  let p = 0;
  for (let i = 0; i <= n; i++) {
    const d = binomialPmf(i, n, p0);
    if (d <= cutoff) p += d;
  }
  return Math.min(1, p);
}
