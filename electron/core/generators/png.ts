import { PNG } from 'pngjs';
import type { Volume } from '../imaging/volume.ts';

/** Window (HU) → 8-bit grey, as a radiologist would see the slice. */
export interface Window { center: number; width: number }

/**
 * Encodes slices side by side as one greyscale PNG grid (for sample grids,
 * model cards and memorization pairs). All volumes must share width and height.
 */
export function gridPng(slices: Volume[], columns: number, window: Window): Buffer {
  if (slices.length === 0) throw new Error('no slices to draw');
  const { width: w, height: h } = slices[0];
  if (slices.some((s) => s.width !== w || s.height !== h)) throw new Error('all slices in a grid must have one size');
  const rows = Math.ceil(slices.length / columns);
  const gap = 2;
  const png = new PNG({ width: columns * (w + gap) - gap, height: rows * (h + gap) - gap });
  png.data.fill(255);
  const lo = window.center - window.width / 2;
  slices.forEach((s, k) => {
    const ox = (k % columns) * (w + gap);
    const oy = Math.floor(k / columns) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const g = Math.max(0, Math.min(255, Math.round(((s.data[y * w + x] - lo) / window.width) * 255)));
        const o = ((oy + y) * png.width + ox + x) * 4;
        png.data[o] = png.data[o + 1] = png.data[o + 2] = g;
        png.data[o + 3] = 255;
      }
    }
  });
  return PNG.sync.write(png);
}
