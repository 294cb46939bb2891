import type { Volume } from '../../imaging/volume.ts';
import { diversity, type DiversityResult } from './diversity.ts';
import { frechetDistance } from './frechet.ts';
import { huWasserstein } from './histogram.ts';
import { prepareSlices, type Slice } from './image.ts';
import { memorization, type MemorizationResult } from './memorization.ts';
import { radiomicFeatures } from './radiomics.ts';

export interface QualityReport {
  /** The common grid every image was resampled to (middle slice, size×size). */
  size: number;
  realCount: number;
  syntheticCount: number;
  /** 1-Wasserstein distance (HU) between in-body HU histograms. */
  huWasserstein: number;
  /** The same between two halves of the real set: the figure's noise floor. */
  huWassersteinRealHalves: number;
  diversity: DiversityResult;
  memorization: MemorizationResult;
  /** Fréchet distance on standardised radiomic features (first-order, GLCM, GLRLM). */
  radiomicFrechet: number;
  radiomicFrechetRealHalves: number;
  /** Names of the features used (constant features are dropped). */
  radiomicFeatures: string[];
  flags: string[];
}

/** Standardises feature rows by the real set's mean and sd, dropping features constant in it. */
function standardise(real: Record<string, number>[], synthetic: Record<string, number>[]): { names: string[]; real: number[][]; synthetic: number[][] } {
  const names = Object.keys(real[0]).filter((k) => {
    const v = real.map((r) => r[k]);
    return Math.max(...v) - Math.min(...v) > 1e-9 * Math.max(1, Math.abs(v[0])) && [...real, ...synthetic].every((r) => Number.isFinite(r[k]));
  });
  const stats = names.map((k) => {
    const v = real.map((r) => r[k]);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    return { mean, sd };
  });
  const rows = (set: Record<string, number>[]) => set.map((r) => names.map((k, i) => (r[k] - stats[i].mean) / stats[i].sd));
  return { names, real: rows(real), synthetic: rows(synthetic) };
}

/**
 * Dataset-quality figures of a synthetic set against the real set: HU histogram distance,
 * diversity (collapse), memorization (copies) and a radiomic Fréchet distance. Both sets are
 * resampled to one grid (the smallest image, at most 128) so that figures compare like with like.
 */
export function computeQuality(real: Volume[], synthetic: Volume[], opts: { size?: number } = {}): QualityReport {
  if (real.length < 4) throw new Error(`quality metrics need at least 4 real images, got ${real.length}`);
  if (synthetic.length < 2) throw new Error(`quality metrics need at least 2 synthetic images, got ${synthetic.length}`);
  const size = opts.size ?? Math.min(128, ...[...real, ...synthetic].map((v) => Math.min(v.width, v.height)));
  const r = prepareSlices(real, size);
  const s = prepareSlices(synthetic, size);
  const half = Math.floor(r.length / 2);
  const [ra, rb]: [Slice[], Slice[]] = [r.slice(0, half), r.slice(half)];
  const realFeatures = r.map(radiomicFeatures);
  const synthFeatures = s.map(radiomicFeatures);
  const z = standardise(realFeatures, synthFeatures);
  const zHalves = standardise(realFeatures.slice(0, half), realFeatures.slice(half));
  const report: QualityReport = {
    size,
    realCount: real.length,
    syntheticCount: synthetic.length,
    huWasserstein: huWasserstein(r, s),
    huWassersteinRealHalves: huWasserstein(ra, rb),
    diversity: diversity(r, s),
    memorization: memorization(r, s),
    radiomicFrechet: frechetDistance(z.real, z.synthetic),
    radiomicFrechetRealHalves: frechetDistance(zHalves.real, zHalves.synthetic),
    radiomicFeatures: z.names,
    flags: [],
  };
  if (report.diversity.collapse) {
    report.flags.push(`mode collapse: synthetic images vary ${(report.diversity.spreadRatio * 100).toFixed(0)} % as much as real ones (mean pairwise SSIM ${report.diversity.syntheticMeanSsim.toFixed(3)} vs ${report.diversity.realMeanSsim.toFixed(3)})`);
  }
  if (report.memorization.flagged.length > 0) {
    report.flags.push(`memorization: ${report.memorization.flagged.length} synthetic image(s) closer to a real image than half the distance between the two closest real images (threshold ${report.memorization.threshold.toFixed(1)} HU RMSE)`);
  }
  return report;
}
