// Mann–Whitney U (Wilcoxon rank-sum) with the normal approximation, tie and continuity corrections
// (as R's wilcox.test(exact = FALSE) and scipy's mannwhitneyu(method = "asymptotic")), plus the
// rank-biserial correlation as effect size.
import { normalCdf } from './distributions.ts';
import { missing, type Maybe } from './missing.ts';

export interface MannWhitney {
  n1: number;
  n2: number;
  /** U of the first sample: pairs where x > y, ties counting ½. */
  U: number;
  z: number;
  p: number;
  /** 2U/(n1·n2) − 1, in [−1, 1]: positive when the first sample tends to be larger. */
  rankBiserial: number;
}

export function mannWhitney(x: number[], y: number[]): Maybe<MannWhitney> {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return missing(`Mann–Whitney needs two non-empty samples (got ${n1} and ${n2})`);
  const all = [...x.map((v) => ({ v, first: true })), ...y.map((v) => ({ v, first: false }))].sort((a, b) => a.v - b.v);
  const n = n1 + n2;
  let rankSum = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && all[j].v === all[i].v) j++;
    const t = j - i;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k].first) rankSum += rank;
    tieTerm += t * t * t - t;
    i = j;
  }
  const U = rankSum - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const rankBiserial = (2 * U) / (n1 * n2) - 1;
  if (sigma === 0) return missing('all values are tied; Mann–Whitney is undefined');
  const diff = U - mu;
  const z = (diff - 0.5 * Math.sign(diff)) / sigma;
  return { n1, n2, U, z, p: Math.min(1, 2 * normalCdf(-Math.abs(z))), rankBiserial };
}
