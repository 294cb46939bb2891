// The GAN's training set: procedural phantoms (renderPhantom), 30 % with a liver lesion,
// HU clipped to ±HU_RANGE and scaled to [−1, 1].
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { HU_RANGE, SIZE } from './dcgan.ts';

export const TRAIN_SEED_BASE = 1_000_000;

export function phantomSet(count: number, seedBase = TRAIN_SEED_BASE): Float32Array {
  const out = new Float32Array(count * SIZE * SIZE);
  for (let i = 0; i < count; i++) {
    const v = renderPhantom(seedBase + i, { size: SIZE, lesion: i % 10 < 3 });
    for (let k = 0; k < v.data.length; k++) out[i * SIZE * SIZE + k] = Math.max(-1, Math.min(1, v.data[k] / HU_RANGE));
  }
  return out;
}

/** Mean over pixels of the per-pixel standard deviation across images: the diversity figure logged while training. */
export function pixelSpread(images: Float32Array, count: number): number {
  const n = SIZE * SIZE;
  let total = 0;
  for (let k = 0; k < n; k++) {
    let s = 0; let s2 = 0;
    for (let i = 0; i < count; i++) { const v = images[i * n + k]; s += v; s2 += v * v; }
    const mean = s / count;
    total += Math.sqrt(Math.max(0, s2 / count - mean * mean));
  }
  return total / n;
}
