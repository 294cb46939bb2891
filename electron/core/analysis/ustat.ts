// U-statistic MRMC variance of reader-averaged AUCs (Gallas 2006; Gallas, Bandos, Samuelson & Wagner 2009),
// as iMRMC 4 computes it. Valid for any design (fully crossed, split, missing readings): each reader's AUC
// is the mean success over the (negative, positive) pairs that reader scored, and the variance is a linear
// combination of eight moments M1..M8 whose coefficients come from the design itself.
// Degrees of freedom: BDG (Satterthwaite on the BCK mean squares, iMRMC's calcDF_BDGms) and, for fully
// crossed data, Hillis (2014) from the U-statistic OR covariances. Like iMRMC, t quantiles use the
// integer part of the df, and the normal distribution from df ≥ 50 on.
import { normalQuantile, tQuantile, tTwoSided, zTwoSided } from './distributions.ts';
import { crossedGap, gridFromImrmc, type ScoreGrid } from './design.ts';
import type { ImrmcStudy } from './imrmc.ts';
import { missing, isMissing, type Maybe } from './missing.ts';
import type { Interval } from './ordbm.ts';

export interface TestResult {
  df: number;
  p: number;
  ci: Interval;
  reject: boolean;
}

export interface UstatTests {
  estimate: number;
  variance: number;
  se: Maybe<number>;
  /** H0: AUC = 0.5 for one modality, difference = 0 for two. */
  normal: Maybe<Omit<TestResult, 'df'>>;
  bdg: Maybe<TestResult>;
  hillis: Maybe<TestResult>;
}

export interface UstatReader {
  reader: string;
  aucA: Maybe<number>;
  varA: Maybe<number>;
  aucB?: Maybe<number>;
  varB?: Maybe<number>;
  difference?: Maybe<number>;
  varDifference?: Maybe<number>;
}

export interface UstatSingle {
  modality: string;
  NR: number;
  N0: number;
  N1: number;
  auc: number;
  tests: UstatTests;
  readers: UstatReader[];
}

export interface UstatDifference {
  modalityA: string;
  modalityB: string;
  NR: number;
  N0: number;
  N1: number;
  aucA: number;
  varA: number;
  aucB: number;
  varB: number;
  tests: UstatTests;
  readers: UstatReader[];
}

/** Moments and coefficients for one (modality, modality) combination: AA, BB or AB. Index 0 unused, as in the papers. */
interface MomentSet {
  moments: number[];
  biased: number[];
  coefficients: number[];
  readerMoments: number[][];
  readerCoefficients: number[][];
  /** Per reader: AUC in modality a and b (NaN when the reader scored no pair there). */
  aucA: number[];
  aucB: number[];
  readerAvgA: number;
  readerAvgB: number;
}

// Maps "all pairs" sums to "distinct" sums: e.g. M2 (same reader, same positive, different negatives) = b2 − b1.
const BIAS2UNBIAS = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 1, 0, 0, 0, 0, 0, 0, 0],
  [0, -1, 1, 0, 0, 0, 0, 0, 0],
  [0, -1, 0, 1, 0, 0, 0, 0, 0],
  [0, 1, -1, -1, 1, 0, 0, 0, 0],
  [0, -1, 0, 0, 0, 1, 0, 0, 0],
  [0, 1, -1, 0, 0, -1, 1, 0, 0],
  [0, 1, 0, -1, 0, -1, 0, 1, 0],
  [0, -1, 1, 1, -1, 1, -1, -1, 1],
];

const mul = (m: number[][], v: number[]): number[] => m.map((row) => row.reduce((s, x, k) => s + x * v[k], 0));

function ratio(num: number[], den: number[]): number[] {
  // iMRMC leaves a moment at its numerator (0) when no pairs contribute to it.
  return num.map((x, k) => (den[k] > 0.5 ? x / den[k] : x));
}

function momentSet(grid: ScoreGrid, a: number, b: number): MomentSet {
  const R = grid.readers.length;
  const N0 = grid.normals.length;
  const N1 = grid.diseased.length;
  const size = N0 * N1;
  const SX = new Float64Array(size);
  const SY = new Float64Array(size);
  const SD = new Float64Array(size);
  const SE = new Float64Array(size);
  const cX = new Float64Array(N1), cY = new Float64Array(N1), cD = new Float64Array(N1), cE = new Float64Array(N1);
  const rX = new Float64Array(N0), rY = new Float64Array(N0), rD = new Float64Array(N0), rE = new Float64Array(N0);
  let tX = 0, tY = 0, tD = 0, tE = 0;
  const bnum = new Array(9).fill(0);
  const bden = new Array(9).fill(0);
  const readerMoments: number[][] = [];
  const readerCoefficients: number[][] = [];
  const aucA: number[] = [];
  const aucB: number[] = [];

  for (let r = 0; r < R; r++) {
    const sa = grid.score[a][r];
    const sb = grid.score[b][r];
    const colX = new Float64Array(N1), colY = new Float64Array(N1), colD = new Float64Array(N1), colE = new Float64Array(N1);
    const rowX = new Float64Array(N0), rowY = new Float64Array(N0), rowD = new Float64Array(N0), rowE = new Float64Array(N0);
    let xy = 0, de = 0;
    for (let i = 0; i < N0; i++) {
      const xa0 = sa[i];
      const xb0 = sb[i];
      const ha0 = xa0 === xa0; // not NaN
      const hb0 = xb0 === xb0;
      if (!ha0 && !hb0) continue;
      const base = i * N1;
      for (let j = 0; j < N1; j++) {
        const xa1 = sa[N0 + j];
        const xb1 = sb[N0 + j];
        let va = 0, da = 0, vb = 0, db = 0;
        if (ha0 && xa1 === xa1) {
          da = 1;
          va = xa1 > xa0 ? 1 : xa1 === xa0 ? 0.5 : 0;
        }
        if (hb0 && xb1 === xb1) {
          db = 1;
          vb = xb1 > xb0 ? 1 : xb1 === xb0 ? 0.5 : 0;
        }
        if (da === 0 && db === 0) continue;
        const k = base + j;
        SX[k] += va; SD[k] += da; SY[k] += vb; SE[k] += db;
        colX[j] += va; colD[j] += da; colY[j] += vb; colE[j] += db;
        rowX[i] += va; rowD[i] += da; rowY[i] += vb; rowE[i] += db;
        xy += va * vb;
        de += da * db;
      }
    }
    let totX = 0, totY = 0, totD = 0, totE = 0, ccXY = 0, ccDE = 0, rrXY = 0, rrDE = 0;
    for (let j = 0; j < N1; j++) {
      totX += colX[j]; totY += colY[j]; totD += colD[j]; totE += colE[j];
      ccXY += colX[j] * colY[j]; ccDE += colD[j] * colE[j];
      cX[j] += colX[j]; cY[j] += colY[j]; cD[j] += colD[j]; cE[j] += colE[j];
    }
    for (let i = 0; i < N0; i++) {
      rrXY += rowX[i] * rowY[i]; rrDE += rowD[i] * rowE[i];
      rX[i] += rowX[i]; rY[i] += rowY[i]; rD[i] += rowD[i]; rE[i] += rowE[i];
    }
    tX += totX; tY += totY; tD += totD; tE += totE;
    const rn = [0, xy, ccXY, rrXY, totX * totY];
    const rd = [0, de, ccDE, rrDE, totD * totE];
    for (let k = 1; k <= 4; k++) (bnum[k] += rn[k], bden[k] += rd[k]);
    const b4 = BIAS2UNBIAS.slice(0, 5).map((row) => row.slice(0, 5));
    const numer = mul(b4, rn);
    const denom = mul(b4, rd);
    readerMoments.push(ratio(numer, denom));
    const coeff = denom.map((x) => x / (totD * totE));
    coeff[4] -= 1;
    readerCoefficients.push(coeff);
    aucA.push(totD > 0 ? totX / totD : Number.NaN);
    aucB.push(totE > 0 ? totY / totE : Number.NaN);
  }
  let s5n = 0, s5d = 0, s6n = 0, s6d = 0, s7n = 0, s7d = 0;
  for (let k = 0; k < size; k++) (s5n += SX[k] * SY[k], s5d += SD[k] * SE[k]);
  for (let j = 0; j < N1; j++) (s6n += cX[j] * cY[j], s6d += cD[j] * cE[j]);
  for (let i = 0; i < N0; i++) (s7n += rX[i] * rY[i], s7d += rD[i] * rE[i]);
  bnum[5] = s5n; bden[5] = s5d;
  bnum[6] = s6n; bden[6] = s6d;
  bnum[7] = s7n; bden[7] = s7d;
  bnum[8] = tX * tY; bden[8] = tD * tE;
  const numer = mul(BIAS2UNBIAS, bnum);
  const denom = mul(BIAS2UNBIAS, bden);
  const coefficients = denom.map((x) => x / (tD * tE));
  coefficients[8] -= 1;
  return {
    moments: ratio(numer, denom),
    biased: ratio(bnum, bden),
    coefficients,
    readerMoments,
    readerCoefficients,
    aucA,
    aucB,
    readerAvgA: tX / tD,
    readerAvgB: tY / tE,
  };
}

const dot = (c: number[], m: number[], from: number, to: number): number => {
  let s = 0;
  for (let k = from; k <= to; k++) s += c[k] * m[k];
  return s;
};

// BCK (Barrett, Clarkson & Kupinski) components from BDG moments, and their coefficients (iMRMC BDG2BCK / genBCKCoeff).
const BCK_FROM_BDG = [
  [0, 0, 0, 0, 0, 0, 1, -1],
  [0, 0, 0, 0, 0, 1, 0, -1],
  [0, 0, 0, 0, 1, -1, -1, 1],
  [0, 0, 0, 1, 0, 0, 0, -1],
  [0, 0, 1, -1, 0, 0, -1, 1],
  [0, 1, 0, -1, 0, -1, 0, 1],
  [1, -1, -1, 1, -1, 1, 1, -1],
];
const BCK_COEFF_FROM_BDG = [
  [1, 0, 1, 0, 1, 0, 1, 0],
  [1, 1, 0, 0, 1, 1, 0, 0],
  [1, 0, 0, 0, 1, 0, 0, 0],
  [1, 1, 1, 1, 0, 0, 0, 0],
  [1, 0, 1, 0, 0, 0, 0, 0],
  [1, 1, 0, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 0, 0, 0],
];
const bck = (bdg: number[]) => BCK_FROM_BDG.map((row) => row.reduce((s, x, m) => s + x * bdg[m + 1], 0));
const bckCoeff = (coeff: number[]) => BCK_COEFF_FROM_BDG.map((row) => row.reduce((s, x, m) => s + x * coeff[m + 1], 0));

/** iMRMC calcDF_BDGms: Satterthwaite df from the normal-case, disease-case and reader mean squares. */
function dfBdg(totalVar: number, sets: { AA: MomentSet; BB?: MomentSet; AB?: MomentSet }): number {
  const cA = bckCoeff(sets.AA.coefficients);
  const mA = bck(sets.AA.biased);
  const df = (c: number) => Math.round(1 / c - 1);
  const term = (ms: number, d: number) => (ms / d) ** 2 / d;
  let denom = 0;
  let dfMin: number;
  if (!sets.BB || !sets.AB) {
    const [dn, dd, dr] = [df(cA[0]), df(cA[1]), df(cA[3])];
    denom = term(mA[0], dn) + term(mA[1], dd) + term(mA[3], dr);
    dfMin = Math.min(dn, dd, dr);
  } else {
    const cB = bckCoeff(sets.BB.coefficients);
    const mB = bck(sets.BB.biased);
    const cAB = bckCoeff(sets.AB.coefficients);
    const mAB = bck(sets.AB.biased).map((x, i) => (cAB[i] === 0 ? 0 : x));
    dfMin = Infinity;
    for (const i of [0, 1, 3]) {
      const [dA, dB] = [df(cA[i]), df(cB[i])];
      const d = Math.min(dA, dB);
      dfMin = Math.min(dfMin, d);
      // Paired across modalities: the mean square of the difference; unpaired: each modality's separately.
      denom += cAB[i] > 0 ? term(mA[i] + mB[i] - 2 * mAB[i], d) : term(mA[i], dA) + term(mB[i], dB);
    }
  }
  let result = totalVar ** 2 / denom;
  if (!(result >= dfMin)) result = dfMin; // Gaylor (1969) minimum, as iMRMC
  return Math.max(result, 2);
}

/** OR Cov2/Cov3-type covariance from moments M5..M8 (iMRMC BDG2OR). */
function orCov(m: number[], N0: number, N1: number): number {
  const c1 = 1 / N0 / N1;
  const c2 = (N0 - 1) / N0 / N1;
  const c3 = (N1 - 1) / N0 / N1;
  const c4 = ((N0 - 1) * (N1 - 1)) / N0 / N1 - 1;
  return c1 * m[5] + c2 * m[6] + c3 * m[7] + c4 * m[8];
}

function clampHillis(df: number): number {
  if (!Number.isFinite(df)) return 50; // ms = 0; iMRMC falls back to 50
  return Math.max(df, 2);
}

function tests(estimate: number, nullValue: number, variance: number, dfB: number, dfH: Maybe<number>): UstatTests {
  if (!(variance > 0)) {
    const why = missing(`the U-statistic variance estimate is ${variance <= 0 ? 'not positive' : 'undefined'} (${variance}); too few readers or cases`);
    return { estimate, variance, se: why, normal: why, bdg: why, hillis: isMissing(dfH) ? dfH : why };
  }
  const se = Math.sqrt(variance);
  const stat = Math.abs(estimate - nullValue) / se;
  const zq = normalQuantile(0.975);
  const pN = zTwoSided(stat);
  const normal = { p: pN, ci: { lower: estimate - zq * se, upper: estimate + zq * se }, reject: pN < 0.05 };
  const withDf = (df: number): TestResult => {
    if (df >= 50) return { df, ...normal };
    const k = Math.floor(df);
    const q = tQuantile(0.975, k);
    const p = tTwoSided(stat, k);
    return { df, p, ci: { lower: estimate - q * se, upper: estimate + q * se }, reject: p < 0.05 };
  };
  return { estimate, variance, se, normal, bdg: withDf(dfB), hillis: isMissing(dfH) ? dfH : withDf(dfH) };
}

const maybeAuc = (x: number): Maybe<number> => (Number.isNaN(x) ? missing('the reader scored no negative–positive pair in this modality') : x);

const sampleVar = (v: number[], m: number) => v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1);

/** Reader-averaged AUC of one modality against 0.5, with U-statistic variance. */
export function ustatSingle(study: ImrmcStudy, modality: string): UstatSingle {
  const grid = gridFromImrmc(study, [modality]);
  if (grid.normals.length === 0 || grid.diseased.length === 0) throw new Error(`modality ${modality} has no ${grid.normals.length === 0 ? 'negative' : 'positive'} case scored`);
  const AA = momentSet(grid, 0, 0);
  const R = grid.readers.length;
  const variance = dot(AA.coefficients, AA.moments, 1, 8);
  const auc = AA.readerAvgA;
  let dfH: Maybe<number>;
  const gap = crossedGap(grid);
  if (gap) dfH = missing(`Hillis df needs a fully crossed design; ${gap}`);
  else if (R < 2) dfH = missing('Hillis df needs at least 2 readers');
  else {
    const msR = sampleVar(AA.aucA, auc);
    // iMRMC converts with the case counts of the whole file, not of this modality (matters for split designs).
    const N0 = study.cases.filter((c) => c.truth === 0).length;
    const denom = msR + Math.max(R * orCov(AA.moments, N0, study.cases.length - N0), 0);
    dfH = clampHillis(((R - 1) * denom * denom) / (msR * msR));
  }
  return {
    modality,
    NR: R,
    N0: grid.normals.length,
    N1: grid.diseased.length,
    auc,
    tests: tests(auc, 0.5, variance, dfBdg(variance, { AA }), dfH),
    readers: grid.readers.map((reader, r) => ({
      reader,
      aucA: maybeAuc(AA.aucA[r]),
      varA: Number.isNaN(AA.aucA[r]) ? missing('no AUC') : dot(AA.readerCoefficients[r], AA.readerMoments[r], 1, 4),
    })),
  };
}

/** Difference of reader-averaged AUCs between two modalities (A − B), with U-statistic variance. */
export function ustatDifference(study: ImrmcStudy, modalityA: string, modalityB: string): UstatDifference {
  const grid = gridFromImrmc(study, [modalityA, modalityB]);
  const AA = momentSet(grid, 0, 0);
  const BB = momentSet(grid, 1, 1);
  const AB = momentSet(grid, 0, 1);
  if (!(AA.readerAvgA >= 0) || !(BB.readerAvgA >= 0)) throw new Error(`modalities ${modalityA} and ${modalityB} both need scored negative–positive pairs`);
  const R = grid.readers.length;
  const N0 = grid.normals.length;
  const N1 = grid.diseased.length;
  const varA = dot(AA.coefficients, AA.moments, 1, 8);
  const varB = dot(BB.coefficients, BB.moments, 1, 8);
  const cov = dot(AB.coefficients, AB.moments, 1, 8);
  const variance = varA + varB - 2 * cov;
  const aucA = AB.readerAvgA;
  const aucB = AB.readerAvgB;
  let dfH: Maybe<number>;
  const gap = crossedGap(grid);
  if (gap) dfH = missing(`Hillis df needs a fully crossed design; ${gap}`);
  else if (R < 2) dfH = missing('Hillis df needs at least 2 readers');
  else {
    // Hillis (2014) p. 332, with the U-statistic covariances in place of the jackknife ones.
    const g = (aucA + aucB) / 2;
    let msTR = 0;
    for (let r = 0; r < R; r++) {
      const rm = (AB.aucA[r] + AB.aucB[r]) / 2;
      msTR += (AB.aucA[r] - aucA - rm + g) ** 2 + (AB.aucB[r] - aucB - rm + g) ** 2;
    }
    msTR /= R - 1;
    const n0File = study.cases.filter((c) => c.truth === 0).length;
    const n1File = study.cases.length - n0File;
    const cov2 = (orCov(AA.moments, n0File, n1File) + orCov(BB.moments, n0File, n1File)) / 2;
    const cov3 = orCov(AB.moments, n0File, n1File);
    const denom = msTR + Math.max(R * (cov2 - cov3), 0);
    dfH = clampHillis(((R - 1) * denom * denom) / msTR / msTR);
  }
  return {
    modalityA,
    modalityB,
    NR: R,
    N0,
    N1,
    aucA,
    varA,
    aucB,
    varB,
    tests: tests(aucA - aucB, 0, variance, dfBdg(variance, { AA, BB, AB }), dfH),
    readers: grid.readers.map((reader, r) => {
      const vA = dot(AA.readerCoefficients[r], AA.readerMoments[r], 1, 4);
      const vB = dot(BB.readerCoefficients[r], BB.readerMoments[r], 1, 4);
      const vAB = dot(AB.readerCoefficients[r], AB.readerMoments[r], 1, 4);
      const both = !Number.isNaN(AB.aucA[r]) && !Number.isNaN(AB.aucB[r]);
      return {
        reader,
        aucA: maybeAuc(AB.aucA[r]),
        varA: Number.isNaN(AB.aucA[r]) ? missing('no AUC') : vA,
        aucB: maybeAuc(AB.aucB[r]),
        varB: Number.isNaN(AB.aucB[r]) ? missing('no AUC') : vB,
        difference: both ? AB.aucA[r] - AB.aucB[r] : missing('the reader lacks an AUC in one modality'),
        varDifference: both ? vA + vB - 2 * vAB : missing('the reader lacks an AUC in one modality'),
      };
    }),
  };
}
