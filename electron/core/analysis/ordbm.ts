// Obuchowski–Rockette analysis of trapezoidal AUCs with jackknife error covariances and Hillis (2007)
// denominator degrees of freedom, plus the equivalent DBM analysis of jackknife pseudovalues, as in
// the Iowa OR-DBM MRMC program: random readers & random cases (RRRC), fixed readers (FRRC) and fixed
// cases (RRFC). Needs a fully crossed design (every reader scores every case in every treatment).
import { chiSquareCdf, fUpper, normalQuantile, tQuantile, tTwoSided, zTwoSided } from './distributions.ts';
import { crossedGap, split, type ScoreGrid } from './design.ts';
import { jackknifeAucs, placements } from './roc.ts';
import { missing, type Maybe } from './missing.ts';

export interface OrComponents {
  varR: Maybe<number>;
  varTR: Maybe<number>;
  cov1: Maybe<number>;
  cov2: Maybe<number>;
  cov3: Maybe<number>;
  varError: number;
}

export interface DbmAnalysis {
  meanSquares: { T: number; R: number; C: number; TR: number; TC: number; RC: number; TRC: number };
  components: { varR: number; varC: number; varTR: number; varTC: number; varRC: number; varTRCError: number };
  /** DBM F test with Hillis's denominator df (identical to the OR RRRC test). */
  rrrc: { F: Maybe<number>; df1: number; df2: Maybe<number>; p: Maybe<number> };
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface Difference {
  a: string;
  b: string;
  difference: number;
  se: Maybe<number>;
  df: Maybe<number>;
  /** t for RRRC/RRFC, z for FRRC. */
  statistic: Maybe<number>;
  p: Maybe<number>;
  ci: Maybe<Interval>;
}

export interface SingleTreatment {
  treatment: string;
  auc: number;
  se: Maybe<number>;
  /** Infinite (z-based) for FRRC, reported as missing. */
  df: Maybe<number>;
  ci: Maybe<Interval>;
  /** Test of H0: AUC = 0.5 (readers cannot tell the classes apart). */
  statisticVsHalf: Maybe<number>;
  pVsHalf: Maybe<number>;
}

export interface OrDbmResult {
  treatments: string[];
  readers: string[];
  n0: number;
  n1: number;
  /** auc[t][r] */
  auc: number[][];
  treatmentMeans: number[];
  anova: {
    ss: { T: Maybe<number>; R: Maybe<number>; TR: Maybe<number> };
    df: { T: number; R: number; TR: number };
    ms: { T: Maybe<number>; R: Maybe<number>; TR: Maybe<number> };
    /** Reader mean square within each treatment (for the single-treatment intervals). */
    msRByTreatment: Maybe<number>[];
  };
  or: OrComponents;
  correlations: { r1: Maybe<number>; r2: Maybe<number>; r3: Maybe<number> };
  byTreatment: { varError: number; cov2: Maybe<number> }[];
  byReader: { varError: number; cov1: Maybe<number> }[];
  dbm: Maybe<DbmAnalysis>;
  rrrc: {
    test: Maybe<{ F: number; df1: number; df2: number; p: number; errorTerm: number }>;
    differences: Difference[];
    single: Maybe<SingleTreatment[]>;
  };
  frrc: {
    test: Maybe<{ chi2: number; df: number; p: number }>;
    differences: Difference[];
    single: SingleTreatment[];
    /** Per reader, per pair of treatments. */
    singleReader: (Difference & { reader: string })[];
  };
  rrfc: {
    test: Maybe<{ F: number; df1: number; df2: number; p: number }>;
    differences: Difference[];
    single: Maybe<SingleTreatment[]>;
  };
}

const mean = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
};

function tInterval(est: number, se: number, df: number): Interval {
  const q = tQuantile(0.975, df);
  return { lower: est - q * se, upper: est + q * se };
}

function zInterval(est: number, se: number): Interval {
  const q = normalQuantile(0.975);
  return { lower: est - q * se, upper: est + q * se };
}

/**
 * Test statistic, two-sided p and 95 % interval for an estimate with the given variance, from t with
 * `df` degrees of freedom or from z when df is null; missing (with the reason) when the variance is not positive.
 */
function infer(est: number, nullValue: number, variance: number, df: number | null) {
  if (!(variance > 0)) {
    const m = missing(`the variance estimate is ${variance}, not positive, so there is no test or interval`);
    return { se: variance === 0 ? 0 : m, statistic: m, p: m, ci: m };
  }
  const se = Math.sqrt(variance);
  const statistic = (est - nullValue) / se;
  return df === null
    ? { se, statistic, p: zTwoSided(statistic), ci: zInterval(est, se) }
    : { se, statistic, p: tTwoSided(statistic, df), ci: tInterval(est, se, df) };
}

/** Throws with the reason when the grid cannot be analysed by OR-DBM. */
export function orDbmApplicable(grid: ScoreGrid): string | null {
  const gap = crossedGap(grid);
  if (gap) return `OR-DBM needs a fully crossed design; ${gap}`;
  if (grid.normals.length < 2 || grid.diseased.length < 2) return 'OR-DBM needs at least 2 negative and 2 positive cases (the jackknife removes one case at a time)';
  if (grid.readers.length < 1 || grid.modalities.length < 1) return 'OR-DBM needs at least one reader and one treatment';
  return null;
}

export function orDbm(grid: ScoreGrid): OrDbmResult {
  const reason = orDbmApplicable(grid);
  if (reason) throw new Error(reason);
  const t = grid.modalities.length;
  const r = grid.readers.length;
  const n0 = grid.normals.length;
  const n1 = grid.diseased.length;
  const c = n0 + n1;

  // AUCs and centred jackknife AUCs, one row per (treatment, reader).
  const auc: number[][] = [];
  const centred: Float64Array[] = [];
  for (let i = 0; i < t; i++) {
    auc.push([]);
    for (let j = 0; j < r; j++) {
      const p = placements(...split(grid, i, j));
      auc[i].push(p.auc);
      const jack = jackknifeAucs(p);
      const m = mean(jack);
      for (let k = 0; k < c; k++) jack[k] -= m;
      centred.push(jack);
    }
  }
  const row = (i: number, j: number) => centred[i * r + j];
  const cov = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let k = 0; k < c; k++) s += a[k] * b[k];
    return ((c - 1) / c) * s;
  };

  // Average jackknife covariances by kind (Hillis 2005): same reader (Cov1), same treatment (Cov2), neither (Cov3).
  let sumVar = 0;
  const sums = { cov1: 0, cov2: 0, cov3: 0 };
  const counts = { cov1: 0, cov2: 0, cov3: 0 };
  const byTreatment = Array.from({ length: t }, () => ({ v: 0, c2: 0, n2: 0 }));
  const byReader = Array.from({ length: r }, () => ({ v: 0, c1: 0, n1: 0 }));
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < r; j++) {
      const v = cov(row(i, j), row(i, j));
      sumVar += v;
      byTreatment[i].v += v / r;
      byReader[j].v += v / t;
      for (let i2 = 0; i2 < t; i2++) {
        for (let j2 = 0; j2 < r; j2++) {
          if (i2 === i && j2 === j) continue;
          if (i2 < i || (i2 === i && j2 < j)) continue; // each unordered pair once
          const x = cov(row(i, j), row(i2, j2));
          if (i2 === i) {
            sums.cov2 += x;
            counts.cov2++;
            byTreatment[i].c2 += x;
            byTreatment[i].n2++;
          } else if (j2 === j) {
            sums.cov1 += x;
            counts.cov1++;
            byReader[j].c1 += x;
            byReader[j].n1++;
          } else {
            sums.cov3 += x;
            counts.cov3++;
          }
        }
      }
    }
  }
  const varError = sumVar / (t * r);
  const oneReader = 'needs at least 2 readers';
  const oneTreatment = 'needs at least 2 treatments';
  const cov1: Maybe<number> = counts.cov1 ? sums.cov1 / counts.cov1 : missing(`Cov1 ${oneTreatment}`);
  const cov2: Maybe<number> = counts.cov2 ? sums.cov2 / counts.cov2 : missing(`Cov2 ${oneReader}`);
  const cov3: Maybe<number> = counts.cov3 ? sums.cov3 / counts.cov3 : missing(`Cov3 ${oneReader} and 2 treatments`);

  // Two-way treatment × reader ANOVA of the AUCs.
  const treatmentMeans = auc.map((a) => mean(a));
  const readerMeans = Array.from({ length: r }, (_, j) => mean(auc.map((a) => a[j])));
  const grand = mean(treatmentMeans);
  const ssT = r * treatmentMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssR = t * readerMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  let ssTR = 0;
  for (let i = 0; i < t; i++) for (let j = 0; j < r; j++) ssTR += (auc[i][j] - treatmentMeans[i] - readerMeans[j] + grand) ** 2;
  const df = { T: t - 1, R: r - 1, TR: (t - 1) * (r - 1) };
  const ms = {
    T: t > 1 ? ssT / df.T : missing(`MS(T) ${oneTreatment}`),
    R: r > 1 ? ssR / df.R : missing(`MS(R) ${oneReader}`),
    TR: t > 1 && r > 1 ? ssTR / df.TR : missing(`MS(T*R) ${oneReader} and 2 treatments`),
  };
  const msRByTreatment: Maybe<number>[] = auc.map((a, i) =>
    r > 1 ? a.reduce((s, x) => s + (x - treatmentMeans[i]) ** 2, 0) / (r - 1) : missing(`MS(R) ${oneReader}`),
  );
  const num = (x: Maybe<number>): x is number => typeof x === 'number';

  const varTR: Maybe<number> =
    num(ms.TR) && num(cov1) && num(cov2) && num(cov3) ? ms.TR - varError + cov1 + cov2 - cov3 : missing(`Var(T*R) ${oneReader} and 2 treatments`);
  let varR: Maybe<number>;
  if (!num(ms.R) || !num(cov2)) varR = missing(`Var(R) ${oneReader}`);
  else if (t === 1) varR = ms.R - varError + cov2; // Var(T*R) is confounded with Var(R) here
  else varR = (ms.R - (varTR as number) - varError - (t - 1) * (cov1 as number) + cov2 + (t - 1) * (cov3 as number)) / t;
  const or: OrComponents = { varR, varTR, cov1, cov2, cov3, varError };
  const corr = (x: Maybe<number>) => (num(x) ? (varError > 0 ? x / varError : missing('Var(Error) is 0')) : x);
  const correlations = { r1: corr(cov1), r2: corr(cov2), r3: corr(cov3) };
  const treatmentStats = byTreatment.map((b) => ({ varError: b.v, cov2: b.n2 ? b.c2 / b.n2 : missing(`Cov2 ${oneReader}`) }));
  const readerStats = byReader.map((b) => ({ varError: b.v, cov1: b.n1 ? b.c1 / b.n1 : missing(`Cov1 ${oneTreatment}`) }));

  const pairs: [number, number][] = [];
  for (let a = 0; a < t; a++) for (let b = a + 1; b < t; b++) pairs.push([a, b]);
  const names = grid.modalities;

  // RRRC
  const posCov23 = num(cov2) && num(cov3) ? Math.max(cov2 - cov3, 0) : 0;
  let rrrcTest: OrDbmResult['rrrc']['test'];
  let rrrcDiffs: Difference[] = [];
  if (!num(ms.T) || !num(ms.TR)) rrrcTest = missing(`the RRRC test ${oneReader} and 2 treatments`);
  else if (ms.TR === 0) rrrcTest = missing('the RRRC test is undefined because MS(T*R) = 0 (Hillis df infinite)');
  else {
    const errorTerm = ms.TR + r * posCov23;
    const ddf = errorTerm ** 2 / (ms.TR ** 2 / df.TR);
    const F = ms.T / errorTerm;
    rrrcTest = { F, df1: df.T, df2: ddf, p: fUpper(F, df.T, ddf), errorTerm };
    rrrcDiffs = pairs.map(([a, b]) => {
      const d = treatmentMeans[a] - treatmentMeans[b];
      return { a: names[a], b: names[b], difference: d, df: ddf, ...infer(d, 0, (2 / r) * errorTerm, ddf) };
    });
  }
  const rrrcSingle: Maybe<SingleTreatment[]> =
    r < 2
      ? missing(`single-treatment RRRC intervals ${oneReader}`)
      : auc.map((_, i) => {
          const msR = msRByTreatment[i] as number;
          const c2 = treatmentStats[i].cov2 as number;
          const v = msR + r * Math.max(c2, 0);
          if (msR === 0) {
            const why = missing('MS(R) = 0 makes the Hillis df infinite');
            return { treatment: names[i], auc: treatmentMeans[i], se: Math.sqrt(v / r), df: why, ci: why, statisticVsHalf: why, pVsHalf: why };
          }
          const ddf = (v * v) / ((msR * msR) / (r - 1));
          const t = infer(treatmentMeans[i], 0.5, v / r, ddf);
          return { treatment: names[i], auc: treatmentMeans[i], se: t.se, df: ddf, ci: t.ci, statisticVsHalf: t.statistic, pVsHalf: t.p };
        });

  // FRRC
  const frrcDenom = varError - (num(cov1) ? cov1 : 0) + (r - 1) * posCov23;
  let frrcTest: OrDbmResult['frrc']['test'];
  let frrcDiffs: Difference[] = [];
  if (!num(ms.T)) frrcTest = missing(`the FRRC test ${oneTreatment}`);
  else if (!(frrcDenom > 0)) frrcTest = missing(`the FRRC test is undefined: Var(Error) − Cov1 + (r−1)·max(Cov2 − Cov3, 0) = ${frrcDenom}`);
  else {
    const chi2 = (df.T * ms.T) / frrcDenom;
    frrcTest = { chi2, df: df.T, p: 1 - chiSquareCdf(chi2, df.T) };
    frrcDiffs = pairs.map(([a, b]) => {
      const d = treatmentMeans[a] - treatmentMeans[b];
      return { a: names[a], b: names[b], difference: d, df: missing('z test (infinite df)'), ...infer(d, 0, (2 / r) * frrcDenom, null) };
    });
  }
  const frrcSingle: SingleTreatment[] = auc.map((_, i) => {
    const c2 = treatmentStats[i].cov2;
    const t = infer(treatmentMeans[i], 0.5, (treatmentStats[i].varError + (r - 1) * Math.max(num(c2) ? c2 : 0, 0)) / r, null);
    return { treatment: names[i], auc: treatmentMeans[i], se: t.se, df: missing('z interval (infinite df)'), ci: t.ci, statisticVsHalf: t.statistic, pVsHalf: t.p };
  });
  const singleReader = readerStats.flatMap((s, j) =>
    pairs.map(([a, b]) => {
      const d = auc[a][j] - auc[b][j];
      return { reader: grid.readers[j], a: names[a], b: names[b], difference: d, df: missing('z test (infinite df)'), ...infer(d, 0, 2 * (s.varError - (s.cov1 as number)), null) };
    }),
  );

  // RRFC
  let rrfcTest: OrDbmResult['rrfc']['test'];
  let rrfcDiffs: Difference[] = [];
  if (!num(ms.T) || !num(ms.TR)) rrfcTest = missing(`the RRFC test ${oneReader} and 2 treatments`);
  else if (ms.TR === 0) rrfcTest = missing('the RRFC test is undefined because MS(T*R) = 0');
  else {
    const msTR = ms.TR;
    const F = ms.T / msTR;
    rrfcTest = { F, df1: df.T, df2: df.TR, p: fUpper(F, df.T, df.TR) };
    rrfcDiffs = pairs.map(([a, b]) => {
      const d = treatmentMeans[a] - treatmentMeans[b];
      return { a: names[a], b: names[b], difference: d, df: df.TR, ...infer(d, 0, (2 / r) * msTR, df.TR) };
    });
  }
  const rrfcSingle: Maybe<SingleTreatment[]> =
    r < 2
      ? missing(`single-treatment RRFC intervals ${oneReader}`)
      : auc.map((_, i) => {
          const t = infer(treatmentMeans[i], 0.5, (msRByTreatment[i] as number) / r, r - 1);
          return { treatment: names[i], auc: treatmentMeans[i], se: t.se, df: r - 1, ci: t.ci, statisticVsHalf: t.statistic, pVsHalf: t.p };
        });

  const dbm = t > 1 && r > 1 ? dbmAnalysis(auc, centred, t, r, c) : missing(`the DBM ANOVA ${oneReader} and 2 treatments`);

  return {
    treatments: names,
    readers: grid.readers,
    n0,
    n1,
    auc,
    treatmentMeans,
    anova: { ss: { T: t > 1 ? ssT : ms.T, R: r > 1 ? ssR : ms.R, TR: num(ms.TR) ? ssTR : ms.TR }, df, ms, msRByTreatment },
    or,
    correlations,
    byTreatment: treatmentStats,
    byReader: readerStats,
    dbm,
    rrrc: { test: rrrcTest, differences: rrrcDiffs, single: rrrcSingle },
    frrc: { test: frrcTest, differences: frrcDiffs, single: frrcSingle, singleReader },
    rrfc: { test: rrfcTest, differences: rrfcDiffs, single: rrfcSingle },
  };
}

/**
 * Three-way treatment × reader × case ANOVA of the jackknife pseudovalues
 * Y_ijk = c·θ_ij − (c−1)·θ_ij(k) (Dorfman, Berbaum & Metz 1992), with Hillis's ddf.
 * `centred` holds θ_ij(k) − mean_k θ_ij(k); the pseudovalues' cell means equal the AUCs for trapezoidal AUC.
 */
function dbmAnalysis(auc: number[][], centred: Float64Array[], t: number, r: number, c: number): DbmAnalysis {
  // Y_ijk − Ȳ_ij. = −(c−1)·centred; and Ȳ_ij. = θ_ij.
  const dev = centred.map((row) => row.map((x) => -(c - 1) * x));
  const cell = (i: number, j: number) => dev[i * r + j];
  const tMean = auc.map((a) => mean(a));
  const rMean = Array.from({ length: r }, (_, j) => mean(auc.map((a) => a[j])));
  const g = mean(tMean);
  // Case effects within treatment (Ȳ_i.k − Ȳ_i..), within reader (Ȳ_.jk − Ȳ_.j.), and overall (Ȳ_..k − Ȳ...).
  const tc = Array.from({ length: t }, () => new Float64Array(c));
  const rc = Array.from({ length: r }, () => new Float64Array(c));
  const ck = new Float64Array(c);
  for (let i = 0; i < t; i++)
    for (let j = 0; j < r; j++) {
      const d = cell(i, j);
      for (let k = 0; k < c; k++) {
        tc[i][k] += d[k] / r;
        rc[j][k] += d[k] / t;
        ck[k] += d[k] / (t * r);
      }
    }
  const sq = (v: Float64Array) => v.reduce((s, x) => s + x * x, 0);
  const msT = (r * c * tMean.reduce((s, m) => s + (m - g) ** 2, 0)) / (t - 1);
  const msR = (t * c * rMean.reduce((s, m) => s + (m - g) ** 2, 0)) / (r - 1);
  const msC = (t * r * sq(ck)) / (c - 1);
  let ssTR = 0;
  for (let i = 0; i < t; i++) for (let j = 0; j < r; j++) ssTR += (auc[i][j] - tMean[i] - rMean[j] + g) ** 2;
  const msTR = (c * ssTR) / ((t - 1) * (r - 1));
  let ssTC = 0;
  for (let i = 0; i < t; i++) for (let k = 0; k < c; k++) ssTC += (tc[i][k] - ck[k]) ** 2;
  const msTC = (r * ssTC) / ((t - 1) * (c - 1));
  let ssRC = 0;
  for (let j = 0; j < r; j++) for (let k = 0; k < c; k++) ssRC += (rc[j][k] - ck[k]) ** 2;
  const msRC = (t * ssRC) / ((r - 1) * (c - 1));
  let ssTRC = 0;
  for (let i = 0; i < t; i++)
    for (let j = 0; j < r; j++) {
      const d = cell(i, j);
      for (let k = 0; k < c; k++) ssTRC += (d[k] - tc[i][k] - rc[j][k] + ck[k]) ** 2;
    }
  const msTRC = ssTRC / ((t - 1) * (r - 1) * (c - 1));
  const errorTerm = msTR + Math.max(msTC - msTRC, 0);
  const noTest = missing('MS(T*R) = 0 makes the Hillis df infinite');
  const F = errorTerm > 0 ? msT / errorTerm : missing('the DBM error term MS(T*R) + max(MS(T*C) − MS(T*R*C), 0) is 0');
  const df2 = msTR > 0 ? errorTerm ** 2 / (msTR ** 2 / ((t - 1) * (r - 1))) : noTest;
  return {
    meanSquares: { T: msT, R: msR, C: msC, TR: msTR, TC: msTC, RC: msRC, TRC: msTRC },
    components: {
      varR: (msR - msTR - msRC + msTRC) / (t * c),
      varC: (msC - msTC - msRC + msTRC) / (t * r),
      varTR: (msTR - msTRC) / c,
      varTC: (msTC - msTRC) / r,
      varRC: (msRC - msTRC) / t,
      varTRCError: msTRC,
    },
    rrrc: { F, df1: t - 1, df2, p: typeof df2 === 'number' && typeof F === 'number' ? fUpper(F, t - 1, df2) : noTest },
  };
}
