import type { Slice } from './image.ts';

/**
 * SSIM (Wang et al. 2004): 11×11 Gaussian window (σ 1.5), K1 0.01, K2 0.03, on HU clipped to
 * the soft-tissue-and-bone range −1024…1024 (dynamic range L = 2048); mean over the image.
 */
const LO = -1024;
const L = 2048;
const C1 = (0.01 * L) ** 2;
const C2 = (0.03 * L) ** 2;
const RADIUS = 5;
const KERNEL = (() => {
  const k = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * 1.5 * 1.5)));
  const s = k.reduce((a, b) => a + b);
  return k.map((v) => v / s);
})();

/** Separable Gaussian blur with edge clamping. */
function blur(src: Float64Array, size: number): Float64Array {
  const tmp = new Float64Array(src.length);
  const out = new Float64Array(src.length);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    let s = 0;
    for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS] * src[y * size + Math.min(size - 1, Math.max(0, x + k))];
    tmp[y * size + x] = s;
  }
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    let s = 0;
    for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS] * tmp[Math.min(size - 1, Math.max(0, y + k)) * size + x];
    out[y * size + x] = s;
  }
  return out;
}

/** Per-image statistics reused across all pairs: clipped values, local mean and local E[x²]. */
export interface SsimStats { size: number; x: Float64Array; mu: Float64Array; sq: Float64Array }

export function ssimStats(s: Slice): SsimStats {
  const x = Float64Array.from(s.hu, (v) => Math.min(L, Math.max(0, v - LO)));
  return { size: s.size, x, mu: blur(x, s.size), sq: blur(x.map((v) => v * v), s.size) };
}

export function ssim(a: SsimStats, b: SsimStats): number {
  const cross = blur(a.x.map((v, i) => v * b.x[i]), a.size);
  let total = 0;
  for (let i = 0; i < cross.length; i++) {
    const ma = a.mu[i];
    const mb = b.mu[i];
    const va = a.sq[i] - ma * ma;
    const vb = b.sq[i] - mb * mb;
    const cov = cross[i] - ma * mb;
    total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
  }
  return total / cross.length;
}
