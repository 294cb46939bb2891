import type { Slice } from './image.ts';

/**
 * 2D radiomic features inside the body mask, following the IBSI / pyradiomics definitions
 * (pyradiomics' default fixed bin width of 25 HU; GLCM symmetric at distance 1 and GLRLM,
 * both over the four 2D directions, each feature averaged over directions as pyradiomics does).
 */
export const BIN_WIDTH_HU = 25;
const DIRECTIONS: [number, number][] = [[1, 0], [1, 1], [0, 1], [-1, 1]];

function percentile(sorted: Float64Array, p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
}

function firstOrder(values: Float64Array, levels: Int32Array, ng: number): Record<string, number> {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let m2 = 0; let m3 = 0; let m4 = 0; let energy = 0; let mad = 0;
  for (const v of values) { const d = v - mean; m2 += d * d; m3 += d ** 3; m4 += d ** 4; energy += v * v; mad += Math.abs(d); }
  m2 /= n; m3 /= n; m4 /= n;
  const p10 = percentile(sorted, 10);
  const p90 = percentile(sorted, 90);
  let robustSum = 0; let robustN = 0;
  const robust = values.filter((v) => v >= p10 && v <= p90);
  const robustMean = robust.reduce((a, b) => a + b, 0) / robust.length;
  for (const v of robust) { robustSum += Math.abs(v - robustMean); robustN++; }
  const hist = new Float64Array(ng + 1);
  for (const l of levels) hist[l]++;
  let entropy = 0; let uniformity = 0;
  for (const c of hist) if (c > 0) { const p = c / n; entropy -= p * Math.log2(p); uniformity += p * p; }
  return {
    firstorder_Energy: energy, firstorder_Entropy: entropy, firstorder_Minimum: sorted[0], firstorder_10Percentile: p10,
    firstorder_90Percentile: p90, firstorder_Maximum: sorted[n - 1], firstorder_Mean: mean, firstorder_Median: percentile(sorted, 50),
    firstorder_InterquartileRange: percentile(sorted, 75) - percentile(sorted, 25), firstorder_Range: sorted[n - 1] - sorted[0],
    firstorder_MeanAbsoluteDeviation: mad / n, firstorder_RobustMeanAbsoluteDeviation: robustSum / robustN,
    firstorder_RootMeanSquared: Math.sqrt(energy / n), firstorder_Skewness: m2 > 0 ? m3 / m2 ** 1.5 : 0,
    firstorder_Kurtosis: m2 > 0 ? m4 / (m2 * m2) : 0, firstorder_Variance: m2, firstorder_Uniformity: uniformity,
  };
}

function glcm(level: Int32Array, size: number, ng: number): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [dx, dy] of DIRECTIONS) {
    const P = new Float64Array((ng + 1) * (ng + 1));
    let total = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const a = level[y * size + x];
      const x2 = x + dx; const y2 = y + dy;
      if (!a || x2 < 0 || x2 >= size || y2 >= size) continue;
      const b = level[y2 * size + x2];
      if (!b) continue;
      P[a * (ng + 1) + b]++; P[b * (ng + 1) + a]++; total += 2; // symmetric
    }
    if (total === 0) continue;
    const px = new Float64Array(ng + 1);
    const pSum = new Float64Array(2 * ng + 2);
    const pDiff = new Float64Array(ng + 1);
    let mu = 0; let autocorr = 0; let contrast = 0; let energy = 0; let entropy = 0; let idm = 0; let idn = 0; let invVar = 0; let maxP = 0;
    for (let i = 1; i <= ng; i++) for (let j = 1; j <= ng; j++) {
      const p = P[i * (ng + 1) + j] / total;
      if (p === 0) continue;
      px[i] += p; pSum[i + j] += p; pDiff[Math.abs(i - j)] += p;
      mu += i * p; autocorr += i * j * p; contrast += (i - j) ** 2 * p; energy += p * p; entropy -= p * Math.log2(p);
      idm += p / (1 + (i - j) ** 2); idn += p / (1 + Math.abs(i - j) / ng); if (i !== j) invVar += p / (i - j) ** 2; maxP = Math.max(maxP, p);
    }
    let sigma2 = 0; let shade = 0; let prominence = 0; let tendency = 0;
    for (let i = 1; i <= ng; i++) sigma2 += (i - mu) ** 2 * px[i];
    for (let i = 1; i <= ng; i++) for (let j = 1; j <= ng; j++) {
      const p = P[i * (ng + 1) + j] / total;
      if (p === 0) continue;
      const s = i + j - 2 * mu;
      tendency += s * s * p; shade += s ** 3 * p; prominence += s ** 4 * p;
    }
    let diffAvg = 0; let diffEntropy = 0; let sumEntropy = 0;
    pDiff.forEach((p, k) => { diffAvg += k * p; if (p > 0) diffEntropy -= p * Math.log2(p); });
    let diffVar = 0;
    pDiff.forEach((p, k) => { diffVar += (k - diffAvg) ** 2 * p; });
    pSum.forEach((p) => { if (p > 0) sumEntropy -= p * Math.log2(p); });
    const f: Record<string, number> = {
      glcm_Autocorrelation: autocorr, glcm_JointAverage: mu, glcm_ClusterProminence: prominence, glcm_ClusterShade: shade,
      glcm_ClusterTendency: tendency, glcm_Contrast: contrast, glcm_Correlation: sigma2 > 0 ? (autocorr - mu * mu) / sigma2 : 1,
      glcm_DifferenceAverage: diffAvg, glcm_DifferenceEntropy: diffEntropy, glcm_DifferenceVariance: diffVar, glcm_JointEnergy: energy,
      glcm_JointEntropy: entropy, glcm_Idm: idm, glcm_Idn: idn, glcm_InverseVariance: invVar, glcm_MaximumProbability: maxP, glcm_SumEntropy: sumEntropy,
    };
    for (const [k, v] of Object.entries(f)) sums[k] = (sums[k] ?? 0) + v / DIRECTIONS.length;
  }
  return sums;
}

function glrlm(level: Int32Array, size: number, ng: number, voxels: number): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [dx, dy] of DIRECTIONS) {
    const runs = new Map<number, number>(); // key: level * (size + 1) + length
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const a = level[y * size + x];
      if (!a) continue;
      const px = x - dx; const py = y - dy;
      // Count each run once, from its first pixel.
      if (px >= 0 && px < size && py >= 0 && level[py * size + px] === a) continue;
      let len = 1;
      for (let cx = x + dx, cy = y + dy; cx >= 0 && cx < size && cy < size && level[cy * size + cx] === a; cx += dx, cy += dy) len++;
      const key = a * (size + 1) + len;
      runs.set(key, (runs.get(key) ?? 0) + 1);
    }
    let nr = 0;
    for (const c of runs.values()) nr += c;
    if (nr === 0) continue;
    const byLevel = new Float64Array(ng + 1);
    const byLength = new Float64Array(size + 1);
    let sre = 0; let lre = 0; let lglre = 0; let hglre = 0; let srlgle = 0; let srhgle = 0; let lrlgle = 0; let lrhgle = 0; let muI = 0; let muJ = 0; let re = 0;
    for (const [key, c] of runs) {
      const i = Math.floor(key / (size + 1)); const j = key % (size + 1); const p = c / nr;
      byLevel[i] += c; byLength[j] += c;
      sre += p / (j * j); lre += p * j * j; lglre += p / (i * i); hglre += p * i * i;
      srlgle += p / (i * i * j * j); srhgle += (p * i * i) / (j * j); lrlgle += (p * j * j) / (i * i); lrhgle += p * i * i * j * j;
      muI += p * i; muJ += p * j; re -= p * Math.log2(p);
    }
    let glv = 0; let rlv = 0;
    for (const [key, c] of runs) { const i = Math.floor(key / (size + 1)); const j = key % (size + 1); glv += (c / nr) * (i - muI) ** 2; rlv += (c / nr) * (j - muJ) ** 2; }
    const gln = byLevel.reduce((s, v) => s + v * v, 0) / nr;
    const rln = byLength.reduce((s, v) => s + v * v, 0) / nr;
    const f: Record<string, number> = {
      glrlm_ShortRunEmphasis: sre, glrlm_LongRunEmphasis: lre, glrlm_GrayLevelNonUniformity: gln, glrlm_GrayLevelNonUniformityNormalized: gln / nr,
      glrlm_RunLengthNonUniformity: rln, glrlm_RunLengthNonUniformityNormalized: rln / nr, glrlm_RunPercentage: nr / voxels,
      glrlm_GrayLevelVariance: glv, glrlm_RunVariance: rlv, glrlm_RunEntropy: re, glrlm_LowGrayLevelRunEmphasis: lglre,
      glrlm_HighGrayLevelRunEmphasis: hglre, glrlm_ShortRunLowGrayLevelEmphasis: srlgle, glrlm_ShortRunHighGrayLevelEmphasis: srhgle,
      glrlm_LongRunLowGrayLevelEmphasis: lrlgle, glrlm_LongRunHighGrayLevelEmphasis: lrhgle,
    };
    for (const [k, v] of Object.entries(f)) sums[k] = (sums[k] ?? 0) + v / DIRECTIONS.length;
  }
  return sums;
}

/** First-order, GLCM and GLRLM features of one slice inside its body mask (pyradiomics names). */
export function radiomicFeatures(s: Slice): Record<string, number> {
  const inside: number[] = [];
  for (let i = 0; i < s.hu.length; i++) if (s.body[i]) inside.push(i);
  if (inside.length < 16) throw new Error('radiomic features need a body of at least 16 pixels');
  const values = Float64Array.from(inside, (i) => s.hu[i]);
  const minBin = Math.floor(Math.min(...values) / BIN_WIDTH_HU);
  // Grey levels 1…Ng inside the mask, 0 outside (pyradiomics' fixed-bin-width discretisation).
  const level = new Int32Array(s.hu.length);
  let ng = 0;
  for (const i of inside) { level[i] = Math.floor(s.hu[i] / BIN_WIDTH_HU) - minBin + 1; ng = Math.max(ng, level[i]); }
  const levels = Int32Array.from(inside, (i) => level[i]);
  return { ...firstOrder(values, levels, ng), ...glcm(level, s.size, ng), ...glrlm(level, s.size, ng, inside.length) };
}
