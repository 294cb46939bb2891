import { toCaseImage } from '../../imaging/case-format.ts';
import type { Volume } from '../../imaging/volume.ts';

/** One slice prepared for the quality metrics: HU on a common square grid, and its body mask. */
export interface Slice { size: number; hu: Float32Array; body: Uint8Array }

/** Pixels above this are tissue rather than air (lung and bowel gas inside the body are filled in). */
const BODY_THRESHOLD_HU = -500;

/**
 * Body mask: tissue pixels of the largest 4-connected component, with holes filled
 * (everything not reachable from the image border through non-body pixels).
 */
export function bodyMask(hu: Float32Array, size: number): Uint8Array {
  const tissue = hu.map((v) => (v > BODY_THRESHOLD_HU ? 1 : 0));
  const label = new Int32Array(size * size);
  const stack: number[] = [];
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let start = 0; start < tissue.length; start++) {
    if (!tissue[start] || label[start]) continue;
    next++;
    let count = 0;
    stack.push(start);
    label[start] = next;
    while (stack.length) {
      const p = stack.pop()!;
      count++;
      const x = p % size;
      for (const q of [p - size, p + size, x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1]) {
        if (q >= 0 && q < tissue.length && tissue[q] && !label[q]) { label[q] = next; stack.push(q); }
      }
    }
    if (count > bestSize) { bestSize = count; best = next; }
  }
  // Flood the outside from the border through everything that is not the body component.
  const outside = new Uint8Array(size * size);
  for (let k = 0; k < size; k++) for (const p of [k, (size - 1) * size + k, k * size, k * size + size - 1]) {
    if (label[p] !== best && !outside[p]) { outside[p] = 1; stack.push(p); }
  }
  while (stack.length) {
    const p = stack.pop()!;
    const x = p % size;
    for (const q of [p - size, p + size, x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1]) {
      if (q >= 0 && q < outside.length && label[q] !== best && !outside[q]) { outside[q] = 1; stack.push(q); }
    }
  }
  return outside.map((o) => (best && !o ? 1 : 0));
}

/** Resamples every volume's middle slice to size×size HU (clipped to −1024…3071) with its body mask. */
export function prepareSlices(volumes: Volume[], size: number): Slice[] {
  return volumes.map((v) => {
    const img = toCaseImage(v, { size, depth: 1, huMin: -1024, huMax: 3071, pixelSpacingMm: v.spacing[0], sliceThicknessMm: v.spacing[2] });
    const hu = Float32Array.from(img.pixels);
    return { size, hu, body: bodyMask(hu, size) };
  });
}
