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

/** Source pixels and weights that cover output pixel i of an axis shrunk by `scale` (> 1), from `start`. */
function footprints(size: number, start: number, scale: number, limit: number): { index: number[]; weight: number[] }[] {
  return Array.from({ length: size }, (_, i) => {
    const a = start + i * scale;
    const b = a + scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let s = Math.floor(a); s < b; s++) {
      const w = Math.min(b, s + 1) - Math.max(a, s);
      if (w > 1e-9) {
        index.push(Math.max(0, Math.min(limit - 1, s)));
        weight.push(w / scale);
      }
    }
    return { index, weight };
  });
}

/**
 * Converts a volume to the study's case format: centre-crops the largest square
 * field of view, resamples it to size×size, picks `depth` evenly spaced slices
 * around the middle, and clips to the HU range. Shrinking averages each output
 * pixel's whole footprint (a 512² scan would alias under point sampling);
 * enlarging interpolates bilinearly.
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
  const shrink = scale > 1;
  const cols = shrink ? footprints(f.size, x0, scale, v.width) : [];
  const rows = shrink ? footprints(f.size, y0, scale, v.height) : [];
  for (let z = 0; z < depth; z++) {
    const sz = firstSlice + z;
    for (let y = 0; y < f.size; y++) {
      const sy = y0 + (y + 0.5) * scale - 0.5;
      for (let x = 0; x < f.size; x++) {
        let value: number;
        if (shrink) {
          value = 0;
          const r = rows[y];
          const c = cols[x];
          for (let j = 0; j < r.index.length; j++) {
            const row = (sz * v.height + r.index[j]) * v.width;
            let sum = 0;
            for (let i = 0; i < c.index.length; i++) sum += v.data[row + c.index[i]] * c.weight[i];
            value += sum * r.weight[j];
          }
        } else {
          value = sample(v, sz, x0 + (x + 0.5) * scale - 0.5, sy);
        }
        const clipped = Math.min(f.huMax, Math.max(f.huMin, Math.round(value)));
        pixels[(z * f.size + y) * f.size + x] = clipped;
      }
    }
  }
  return { width: f.size, height: f.size, depth, pixels };
}
