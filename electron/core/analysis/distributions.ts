// Distribution functions, all from jstat (a maintained library); nothing here is a hand-rolled CDF.
import jStat from 'jstat';

export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);
export const tCdf = (t: number, df: number): number => jStat.studentt.cdf(t, df);
export const tQuantile = (p: number, df: number): number => jStat.studentt.inv(p, df);
/** Upper tail P(F > f), via the incomplete beta function so small p-values keep their precision. */
export const fUpper = (f: number, df1: number, df2: number): number => jStat.ibeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
export const chiSquareCdf = (x: number, df: number): number => jStat.chisquare.cdf(x, df);
export const binomialPmf = (k: number, n: number, p: number): number => jStat.binomial.pdf(k, n, p);
export const binomialCdf = (k: number, n: number, p: number): number => jStat.binomial.cdf(k, n, p);

// Two-sided p-values from the lower tail, which keeps precision for very small p (1 − cdf would round to 0).
export const tTwoSided = (t: number, df: number): number => 2 * tCdf(-Math.abs(t), df);
export const zTwoSided = (z: number): number => 2 * normalCdf(-Math.abs(z));
