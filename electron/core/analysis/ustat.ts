// U-statistic MRMC variance of reader-averaged AUCs (Gallas 2006; Gallas, Bandos, Samuelson & Wagner 2009),
// as iMRMC 4 computes it. Valid for any design (fully crossed, split, missing readings): each reader's AUC
// is the mean success over the (negative, positive) pairs that reader scored, and the variance is a linear
// combination of eight moments M1..M8 whose coefficients come from the design itself.
// Degrees of freedom: BDG (Satterthwaite on the BCK mean squares, iMRMC's calcDF_BDGms) and, for fully
// crossed data, Hillis (2014) from the U-statistic OR covariances. Like iMRMC, t quantiles use the
// integer part of the df, and the normal distribution from df ≥ 50 on.
import { normalQuantile, tQuantile, tTwoSided, zTwoSided } from './distributions.ts';
import { gridFromImrmc, type ScoreGrid } from './design.ts';
import type { ImrmcStudy } from './imrmc.ts';
import { missing, isMissing, type Maybe } from './missing.ts';
import type { Interval } from './ordbm.ts';
import { countBelow } from './roc.ts';

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

/** One reader's scored pairs in one modality, summarised by sorting (placement counts) instead of an N0 × N1 loop. */
interface ReaderSide {
  /** Scored negatives and positives (indices into the study grid's normals / diseased). */
  I: number[];
  J: number[];
  /** Over the grid's cases (normals first). */
  present: Uint8Array;
  /** col[j] = Σ_i s(i, j) over scored negatives; row[i] = Σ_j s(i, j) over scored positives. */
  col: Float64Array;
  row: Float64Array;
  total: number;
  /** Σ s(i, j)² (ties count ¼). */
  squares: number;
  /** Scored negatives ordered by score, and their scores. */
  byScore: Int32Array;
  sortedX0: Float64Array;
}

const kernel = (x0: number, x1: number) => (x1 > x0 ? 1 : x1 === x0 ? 0.5 : 0);

/**
 * Per study: one grid over all modalities, readers and cases, and each (modality, reader)'s summary,
 * computed once and shared by every single-modality and pairwise analysis (moments only involve the cases a
 * reader scored, so a bigger grid changes nothing).
 */
interface StudyContext {
  grid: ScoreGrid;
  modality: Map<string, number>;
  sides: Map<number, ReaderSide>;
  moments: Map<string, MomentSet>;
}
const contexts = new WeakMap<ImrmcStudy, StudyContext>();

function contextOf(study: ImrmcStudy): StudyContext {
  let ctx = contexts.get(study);
  if (!ctx) {
    const grid = gridFromImrmc(study);
    ctx = { grid, modality: new Map(grid.modalities.map((m, k) => [m, k])), sides: new Map(), moments: new Map() };
    contexts.set(study, ctx);
  }
  return ctx;
}

function readerSide(ctx: StudyContext, m: number, r: number): ReaderSide {
  const key = m * ctx.grid.readers.length + r;
  const cached = ctx.sides.get(key);
  if (cached) return cached;
  const grid = ctx.grid;
  const N0 = grid.normals.length;
  const N1 = grid.diseased.length;
  const s = grid.score[m][r];
  const present = new Uint8Array(N0 + N1);
  const I: number[] = [];
  const J: number[] = [];
  for (let i = 0; i < N0; i++) if (s[i] === s[i]) (I.push(i), (present[i] = 1));
  for (let j = 0; j < N1; j++) if (s[N0 + j] === s[N0 + j]) (J.push(j), (present[N0 + j] = 1));
  const byScore = Int32Array.from(I).sort((x, y) => s[x] - s[y]);
  const sortedX0 = Float64Array.from(byScore, (i) => s[i]);
  const x1 = Float64Array.from(J, (j) => s[N0 + j]).sort();
  const col = new Float64Array(N1);
  const row = new Float64Array(N0);
  let total = 0;
  let squares = 0;
  for (const j of J) {
    const [less, lessEq] = countBelow(sortedX0, s[N0 + j]);
    col[j] = less + 0.5 * (lessEq - less);
    total += col[j];
    squares += less + 0.25 * (lessEq - less);
  }
  for (const i of I) {
    const [less, lessEq] = countBelow(x1, s[i]);
    row[i] = J.length - lessEq + 0.5 * (lessEq - less);
  }
  const side = { I, J, present, col, row, total, squares, byScore, sortedX0 };
  ctx.sides.set(key, side);
  return side;
}

const intersect = (xs: number[], present: Uint8Array, offset: number) => xs.filter((x) => present[offset + x] === 1);

/** The readers and cases of an analysis of the given modalities: those with at least one score there. */
interface Scope {
  modalities: number[];
  readers: number[];
  N0: number;
  N1: number;
  /** Null when every reader scored every case of the scope under every modality. */
  gap: string | null;
}

function scopeOf(ctx: StudyContext, modalities: number[]): Scope {
  const grid = ctx.grid;
  const N0 = grid.normals.length;
  const used = new Uint8Array(N0 + grid.diseased.length);
  const readers = grid.readers.map((_, r) => r).filter((r) => modalities.some((m) => readerSide(ctx, m, r).I.length + readerSide(ctx, m, r).J.length > 0));
  for (const r of readers)
    for (const m of modalities) {
      const side = readerSide(ctx, m, r);
      for (const i of side.I) used[i] = 1;
      for (const j of side.J) used[N0 + j] = 1;
    }
  const cases = used.reduce((n, u) => n + u, 0);
  let n0 = 0;
  for (let k = 0; k < N0; k++) n0 += used[k];
  let gaps = 0;
  let first = '';
  for (const m of modalities)
    for (const r of readers) {
      const side = readerSide(ctx, m, r);
      const missingHere = cases - side.I.length - side.J.length;
      if (missingHere > 0 && gaps === 0) {
        const k = used.findIndex((u, c) => u === 1 && side.present[c] === 0);
        first = `reader ${grid.readers[r]} has no score for case ${k < N0 ? grid.normals[k] : grid.diseased[k - N0]} under modality ${grid.modalities[m]}`;
      }
      gaps += missingHere;
    }
  return { modalities, readers, N0: n0, N1: cases - n0, gap: gaps ? `not fully crossed: ${gaps} reader × case × modality cell(s) without a score (e.g. ${first})` : null };
}

function momentSet(ctx: StudyContext, readers: number[], a: number, b: number): MomentSet {
  const key = [a, b, ...readers].join(',');
  const cached = ctx.moments.get(key);
  if (cached) return cached;
  const grid = ctx.grid;
  const N0 = grid.normals.length;
  const N1 = grid.diseased.length;
  const cX = new Float64Array(N1), cY = new Float64Array(N1), cD = new Float64Array(N1), cE = new Float64Array(N1);
  const rX = new Float64Array(N0), rY = new Float64Array(N0), rD = new Float64Array(N0), rE = new Float64Array(N0);
  let tX = 0, tY = 0, tD = 0, tE = 0;
  const bnum = new Array(9).fill(0);
  const bden = new Array(9).fill(0);
  const readerMoments: number[][] = [];
  const readerCoefficients: number[][] = [];
  const aucA: number[] = [];
  const aucB: number[] = [];
  const sidesA: ReaderSide[] = [];
  const sidesB: ReaderSide[] = [];
  const b4 = BIAS2UNBIAS.slice(0, 5).map((row) => row.slice(0, 5));

  for (const r of readers) {
    const A = readerSide(ctx, a, r);
    const B = readerSide(ctx, b, r);
    sidesA.push(A);
    sidesB.push(B);
    // Same reader, same negative and positive.
    let xy: number;
    let de: number;
    if (a === b) {
      xy = A.squares;
      de = A.I.length * A.J.length;
    } else {
      const Ic = intersect(A.I, B.present, 0);
      const Jc = intersect(A.J, B.present, N0);
      de = Ic.length * Jc.length;
      xy = 0;
      const sa = grid.score[a][r];
      const sb = grid.score[b][r];
      for (const i of Ic) for (const j of Jc) xy += kernel(sa[i], sa[N0 + j]) * kernel(sb[i], sb[N0 + j]);
    }
    let ccXY = 0, ccDE = 0, rrXY = 0, rrDE = 0;
    for (const j of A.J) {
      ccXY += A.col[j] * B.col[j];
      if (B.present[N0 + j]) ccDE += A.I.length * B.I.length;
      cX[j] += A.col[j];
      cD[j] += A.I.length;
    }
    for (const j of B.J) (cY[j] += B.col[j], (cE[j] += B.I.length));
    for (const i of A.I) {
      rrXY += A.row[i] * B.row[i];
      if (B.present[i]) rrDE += A.J.length * B.J.length;
      rX[i] += A.row[i];
      rD[i] += A.J.length;
    }
    for (const i of B.I) (rY[i] += B.row[i], (rE[i] += B.J.length));
    const dA = A.I.length * A.J.length;
    const dB = B.I.length * B.J.length;
    tX += A.total; tY += B.total; tD += dA; tE += dB;
    const rn = [0, xy, ccXY, rrXY, A.total * B.total];
    const rd = [0, de, ccDE, rrDE, dA * dB];
    for (let k = 1; k <= 4; k++) (bnum[k] += rn[k], bden[k] += rd[k]);
    const numer = mul(b4, rn);
    const denom = mul(b4, rd);
    readerMoments.push(ratio(numer, denom));
    const coeff = denom.map((x) => x / (dA * dB));
    coeff[4] -= 1;
    readerCoefficients.push(coeff);
    aucA.push(dA > 0 ? A.total / dA : Number.NaN);
    aucB.push(dB > 0 ? B.total / dB : Number.NaN);
  }

  // Different readers, same negative and positive: Σ_ij (Σ_r X_r)(Σ_r' Y_r'), only over positives scored in both modalities.
  const C: number[] = [];
  for (let j = 0; j < N1; j++) if (cD[j] > 0 && cE[j] > 0) C.push(j);
  let s5n = 0;
  if (C.length) {
    const slot = new Int32Array(N1).fill(-1);
    C.forEach((j, k) => (slot[j] = k));
    // One column per positive. A positive scored x1 by a reader adds 1 to each of that reader's negatives
    // scored below x1 and ½ to ties: a prefix of the negatives in score order, found by bisection.
    const accumulate = (m: number, sides: ReaderSide[]) => {
      const S = new Float64Array(N0 * C.length);
      sides.forEach((side, k) => {
        const sc = grid.score[m][readers[k]];
        const order = side.byScore;
        for (const j of side.J) {
          const c = slot[j];
          if (c < 0) continue;
          const [less, lessEq] = countBelow(side.sortedX0, sc[N0 + j]);
          const col = S.subarray(c * N0, (c + 1) * N0);
          for (let n = 0; n < less; n++) col[order[n]] += 1;
          for (let n = less; n < lessEq; n++) col[order[n]] += 0.5;
        }
      });
      return S;
    };
    const SX = accumulate(a, sidesA);
    const SY = a === b ? SX : accumulate(b, sidesB);
    for (let k = 0; k < SX.length; k++) s5n += SX[k] * SY[k];
  }
  // Σ_ij SD_ij·SE_ij = Σ_{r, r'} |negatives scored by both| · |positives scored by both|.
  let s5d = 0;
  const count = (xs: number[], present: Uint8Array, offset: number) => {
    let n = 0;
    for (const x of xs) n += present[offset + x];
    return n;
  };
  for (const A of sidesA)
    for (const B of sidesB) {
      const ni = count(A.I, B.present, 0);
      if (ni) s5d += ni * count(A.J, B.present, N0);
    }
  let s6n = 0, s6d = 0, s7n = 0, s7d = 0;
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
  const result: MomentSet = {
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
  ctx.moments.set(key, result);
  return result;
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
  const ctx = contextOf(study);
  const m = ctx.modality.get(modality);
  if (m === undefined) throw new Error(`no modality ${modality} in the file`);
  const scope = scopeOf(ctx, [m]);
  if (scope.N0 === 0 || scope.N1 === 0) throw new Error(`modality ${modality} has no ${scope.N0 === 0 ? 'negative' : 'positive'} case scored`);
  const AA = momentSet(ctx, scope.readers, m, m);
  const R = scope.readers.length;
  const variance = dot(AA.coefficients, AA.moments, 1, 8);
  const auc = AA.readerAvgA;
  let dfH: Maybe<number>;
  if (scope.gap) dfH = missing(`Hillis df needs a fully crossed design; ${scope.gap}`);
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
    N0: scope.N0,
    N1: scope.N1,
    auc,
    tests: tests(auc, 0.5, variance, dfBdg(variance, { AA }), dfH),
    readers: scope.readers.map((g, r) => ({
      reader: ctx.grid.readers[g],
      aucA: maybeAuc(AA.aucA[r]),
      varA: Number.isNaN(AA.aucA[r]) ? missing('no AUC') : dot(AA.readerCoefficients[r], AA.readerMoments[r], 1, 4),
    })),
  };
}

/** Difference of reader-averaged AUCs between two modalities (A − B), with U-statistic variance. */
export function ustatDifference(study: ImrmcStudy, modalityA: string, modalityB: string): UstatDifference {
  const ctx = contextOf(study);
  const a = ctx.modality.get(modalityA);
  const b = ctx.modality.get(modalityB);
  if (a === undefined || b === undefined) throw new Error(`no modality ${a === undefined ? modalityA : modalityB} in the file`);
  const scope = scopeOf(ctx, [a, b]);
  const AA = momentSet(ctx, scope.readers, a, a);
  const BB = momentSet(ctx, scope.readers, b, b);
  const AB = momentSet(ctx, scope.readers, a, b);
  if (!(AA.readerAvgA >= 0) || !(BB.readerAvgA >= 0)) throw new Error(`modalities ${modalityA} and ${modalityB} both need scored negative–positive pairs`);
  const R = scope.readers.length;
  const varA = dot(AA.coefficients, AA.moments, 1, 8);
  const varB = dot(BB.coefficients, BB.moments, 1, 8);
  const cov = dot(AB.coefficients, AB.moments, 1, 8);
  const variance = varA + varB - 2 * cov;
  const aucA = AB.readerAvgA;
  const aucB = AB.readerAvgB;
  let dfH: Maybe<number>;
  if (scope.gap) dfH = missing(`Hillis df needs a fully crossed design; ${scope.gap}`);
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
    N0: scope.N0,
    N1: scope.N1,
    aucA,
    varA,
    aucB,
    varB,
    tests: tests(aucA - aucB, 0, variance, dfBdg(variance, { AA, BB, AB }), dfH),
    readers: scope.readers.map((g, r) => {
      const reader = ctx.grid.readers[g];
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
