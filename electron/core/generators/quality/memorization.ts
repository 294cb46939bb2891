import type { Slice } from './image.ts';

/** Root-mean-square HU difference, on HU clipped to −1024…1024 (bone detail beyond it is not identifying). */
export function rmseHu(a: Slice, b: Slice): number {
  let s = 0;
  for (let i = 0; i < a.hu.length; i++) {
    const d = Math.min(1024, Math.max(-1024, a.hu[i])) - Math.min(1024, Math.max(-1024, b.hu[i]));
    s += d * d;
  }
  return Math.sqrt(s / a.hu.length);
}

export interface NearestPair { synthetic: number; real: number; distance: number }

export interface MemorizationResult {
  /** Nearest-real distance of each synthetic image (RMSE, HU). */
  nearestReal: NearestPair[];
  /** Each real image's distance to its nearest other real image. */
  realToReal: number[];
  /** Synthetic images closer to a real image than this are flagged (MEMORIZATION_FRACTION of min(realToReal)). */
  threshold: number;
  flagged: NearestPair[];
  /** The closest pairs, closest first, to show side by side. */
  worst: NearestPair[];
}

/**
 * A synthetic image counts as a copy when it is closer to a real image than this fraction of
 * the closest distance between any two real images. A percentile of the real-to-real
 * distances would flag that share of perfectly fair samples; the margin below the minimum
 * keeps fair samples clear while copies (even with fresh noise) fall far below it.
 */
export const MEMORIZATION_FRACTION = 0.5;

export function memorization(real: Slice[], synthetic: Slice[], worstCount = 8): MemorizationResult {
  if (real.length < 2) throw new Error('memorization needs at least two real images');
  const realToReal = real.map((r, i) => Math.min(...real.filter((_, j) => j !== i).map((o) => rmseHu(r, o))));
  const threshold = MEMORIZATION_FRACTION * Math.min(...realToReal);
  const nearestReal = synthetic.map((s, i) => {
    let best: NearestPair = { synthetic: i, real: -1, distance: Infinity };
    real.forEach((r, j) => {
      const d = rmseHu(s, r);
      if (d < best.distance) best = { synthetic: i, real: j, distance: d };
    });
    return best;
  });
  const byDistance = [...nearestReal].sort((a, b) => a.distance - b.distance);
  return { nearestReal, realToReal, threshold, flagged: byDistance.filter((p) => p.distance < threshold), worst: byDistance.slice(0, worstCount) };
}
