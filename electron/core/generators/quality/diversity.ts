import type { Slice } from './image.ts';
import { ssim, ssimStats } from './ssim.ts';

/** Mean SSIM over every pair of a set (at most `maxImages` images, the first ones). */
export function meanPairwiseSsim(slices: Slice[], maxImages = 48): number {
  const stats = slices.slice(0, maxImages).map(ssimStats);
  if (stats.length < 2) throw new Error('diversity needs at least two images');
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < stats.length; i++) for (let j = i + 1; j < stats.length; j++) { total += ssim(stats[i], stats[j]); pairs++; }
  return total / pairs;
}

export interface DiversityResult {
  /** Mean pairwise SSIM among synthetic images (1: all identical). */
  syntheticMeanSsim: number;
  realMeanSsim: number;
  /** (1 − SSIM_synthetic) / (1 − SSIM_real): below 1, the synthetic set varies less than the real one. */
  spreadRatio: number;
  collapse: boolean;
}

/** Flags collapse when synthetic images are less than half as dissimilar from one another as real ones are. */
export const COLLAPSE_SPREAD_RATIO = 0.5;

export function diversity(real: Slice[], synthetic: Slice[]): DiversityResult {
  const syntheticMeanSsim = meanPairwiseSsim(synthetic);
  const realMeanSsim = meanPairwiseSsim(real);
  const spreadRatio = (1 - syntheticMeanSsim) / Math.max(1e-9, 1 - realMeanSsim);
  return { syntheticMeanSsim, realMeanSsim, spreadRatio, collapse: spreadRatio < COLLAPSE_SPREAD_RATIO };
}
