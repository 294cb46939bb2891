// Distribution functions, all from @stdlib (maintained, accurate to ~1e-15 where jstat's t CDF and
// quantile are off by ~1e-8, which shows at the precision iMRMC prints). Nothing here is a hand-rolled CDF.
import betainc from '@stdlib/math-base-special-betainc';
import binomialCdfImpl from '@stdlib/stats-base-dists-binomial-cdf';
import binomialPmfImpl from '@stdlib/stats-base-dists-binomial-pmf';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

export const normalCdf = (z: number): number => normalCdfImpl(z, 0, 1);
export const normalQuantile = (p: number): number => normalQuantileImpl(p, 0, 1);
export const tCdf = (t: number, df: number): number => tCdfImpl(t, df);
export const tQuantile = (p: number, df: number): number => tQuantileImpl(p, df);
export const chiSquareCdf = (x: number, df: number): number => chisquareCdf(x, df);
export const binomialPmf = (k: number, n: number, p: number): number => binomialPmfImpl(k, n, p);
export const binomialCdf = (k: number, n: number, p: number): number => binomialCdfImpl(k, n, p);

/** Upper tail P(F > f) via the regularized incomplete beta function, so small p-values keep their precision. */
export const fUpper = (f: number, df1: number, df2: number): number => betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, true, false);

// Two-sided p-values from the lower tail, which keeps precision for very small p (1 − cdf would round to 0).
export const tTwoSided = (t: number, df: number): number => 2 * tCdf(-Math.abs(t), df);
export const zTwoSided = (z: number): number => 2 * normalCdf(-Math.abs(z));
