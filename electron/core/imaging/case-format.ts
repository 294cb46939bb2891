import type { Volume } from './volume.ts';

/**
 * The single case format of a study. Every case of a study, real or synthetic,
 * is converted to it before it is stored, so that a reader's screen receives
 * nothing but pixels that could tell the two apart:
 * - int16 Hounsfield units, clipped to [huMin, huMax];
 * - a square `size`×`size` matrix (centre crop to the common field of view, then
 *   bilinear resampling), `depth` slices (1 for 2D studies);
 * - one presented pixel spacing and slice thickness, whatever the source had.
 */
export interface CaseFormat {
  size: number;
  depth: number;
  huMin: number;
  huMax: number;
  pixelSpacingMm: number;
  sliceThicknessMm: number;
}

/** A case as stored and served: pixels in the study's case format. */
export interface CaseImage {
  width: number;
  height: number;
  depth: number;
  pixels: Int16Array;
}

export const DEFAULT_CASE_FORMAT: CaseFormat = {
  size: 128,
  depth: 1,
  huMin: -1024,
  huMax: 3071,
  pixelSpacingMm: 0.78,
  sliceThicknessMm: 5,
};

/** Bilinear sample of one slice at fractional source coordinates (edge-clamped). */
function sample(v: Volume, z: number, x: number, y: number): number {
  const x0 = Math.max(0, Math.min(v.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(v.height - 1, Math.floor(y)));
  const x1 = Math.min(v.width - 1, x0 + 1);
  const y1 = Math.min(v.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const row0 = (z * v.height + y0) * v.width;
  const row1 = (z * v.height + y1) * v.width;
  const top = v.data[row0 + x0] * (1 - fx) + v.data[row0 + x1] * fx;
  const bottom = v.data[row1 + x0] * (1 - fx) + v.data[row1 + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Converts a volume to the study's case format: centre-crops the largest square
 * field of view, resamples it to size×size, picks `depth` evenly spaced slices
 * around the middle, and clips to the HU range.
 */
export function toCaseImage(v: Volume, f: CaseFormat): CaseImage {
  if (v.width < 1 || v.height < 1 || v.depth < 1) throw new Error('empty volume');
  const side = Math.min(v.width, v.height);
  const x0 = (v.width - side) / 2;
  const y0 = (v.height - side) / 2;
  const scale = side / f.size;
  const depth = Math.min(f.depth, v.depth);
  const firstSlice = Math.floor((v.depth - depth) / 2);
  const pixels = new Int16Array(f.size * f.size * depth);
  for (let z = 0; z < depth; z++) {
    const sz = firstSlice + z;
    for (let y = 0; y < f.size; y++) {
      const sy = y0 + (y + 0.5) * scale - 0.5;
      for (let x = 0; x < f.size; x++) {
        const value = sample(v, sz, x0 + (x + 0.5) * scale - 0.5, sy);
        const clipped = Math.min(f.huMax, Math.max(f.huMin, Math.round(value)));
        pixels[(z * f.size + y) * f.size + x] = clipped;
      }
    }
  }
  return { width: f.size, height: f.size, depth, pixels };
}
