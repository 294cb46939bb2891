import type { GeneratorManifest } from './manifest.ts';

/** The raw output range a manifest promises. */
export function declaredRange(m: GeneratorManifest): [number, number] {
  return m.huMapping.kind === 'tanh' ? [-1, 1] : m.huMapping.range;
}

/** Raw model output → Hounsfield units, per the manifest, into `hu` (a new array by default). */
export function toHu(m: GeneratorManifest, raw: Float32Array, hu = new Float32Array(raw.length)): Float32Array {
  const h = m.huMapping;
  const [scale, offset] = h.kind === 'tanh' ? [(h.max - h.min) / 2, (h.max + h.min) / 2] : [h.scale, h.offset];
  for (let i = 0; i < raw.length; i++) hu[i] = raw[i] * scale + offset; // the store rounds to float32
  return hu;
}

/** An image whose HU standard deviation is below this has no anatomy to judge. */
export const NEAR_CONSTANT_SD_HU = 1;
/** Raw values more than this fraction of the declared span beyond it are "far outside". */
export const OUT_OF_RANGE_MARGIN = 0.25;

/**
 * Checks one image's raw output before anything is stored; returns the problem,
 * or null when the image is acceptable.
 */
export function outputProblem(m: GeneratorManifest, raw: Float32Array): string | null {
  const [lo, hi] = declaredRange(m);
  const margin = (hi - lo) * OUT_OF_RANGE_MARGIN;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    // v − v is NaN exactly for NaN and ±Infinity: one subtraction instead of a call per element.
    if (v - v !== 0) return `output contains ${Number.isNaN(v) ? 'NaN' : 'infinite'} values (first at element ${i})`;
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min < lo - margin || max > hi + margin) {
    return `output values [${min.toPrecision(4)}, ${max.toPrecision(4)}] fall far outside the declared range [${lo}, ${hi}]`;
  }
  const mean = sum / raw.length;
  const sdRaw = Math.sqrt(Math.max(0, sumSq / raw.length - mean * mean));
  const h = m.huMapping;
  const sdHu = sdRaw * Math.abs(h.kind === 'tanh' ? (h.max - h.min) / 2 : h.scale);
  if (sdHu < NEAR_CONSTANT_SD_HU) return `output image is constant or nearly so (standard deviation ${sdHu.toPrecision(3)} HU)`;
  return null;
}
