/** Integer pixel samples as they come out of a file or codec, before masking and rescale. */
export type RawPixels = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** How raw samples become stored values and then physical values (DICOM PS3.3 C.7.6.3, C.11.1). */
export interface PixelTransform {
  bitsStored: number;
  signed: boolean;
  slope: number;
  intercept: number;
  /** MONOCHROME1: high stored values are dark; invert so that high always means bright. */
  invert: boolean;
  /** Stored values in [paddingLow, paddingHigh] are outside the scanned area: written as NaN. */
  padding?: [number, number];
}

/** Running value range of a volume and whether any padding was seen. */
export interface ValueRange {
  min: number;
  max: number;
  padded: boolean;
}

export const emptyRange = (): ValueRange => ({ min: Infinity, max: -Infinity, padded: false });

/**
 * Writes one frame: masks samples to BitsStored (bits above it may carry
 * overlay planes or garbage), sign-extends, applies inversion and rescale,
 * marks padding as NaN, and extends `range`. One fused pass, because this loop
 * is the import's hot path and is bound by memory, not arithmetic.
 */
export function convertFrame(raw: RawPixels, t: PixelTransform, out: Float32Array, outOffset: number, range: ValueRange, stored?: Int32Array): void {
  const n = raw.length;
  const bits = t.bitsStored;
  const { slope, intercept } = t;
  const [padLo, padHi] = t.padding ?? [1, 0];
  const hasPadding = t.padding !== undefined;
  const sMin = t.signed ? -(2 ** (bits - 1)) : 0;
  const sMax = t.signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const flip = sMin + sMax;
  const shift = 32 - bits;
  const mask = bits >= 32 ? -1 : 2 ** bits - 1;
  let { min, max } = range;
  // Full-width views need neither masking nor sign extension: the fast path.
  const fullWidth = bits === raw.BYTES_PER_ELEMENT * 8 && (t.signed === (raw instanceof Int8Array || raw instanceof Int16Array || raw instanceof Int32Array));
  const dst = out.subarray(outOffset, outOffset + n);
  if (fullWidth && !hasPadding && !t.invert && !stored && n > 0) {
    // Integer compares on the samples are cheaper than float min/max on the results.
    let lo = raw[0];
    let hi = raw[0];
    for (let i = 0; i < n; i++) {
      const s = raw[i];
      dst[i] = s * slope + intercept;
      if (s < lo) lo = s;
      else if (s > hi) hi = s;
    }
    const a = lo * slope + intercept;
    const b = hi * slope + intercept;
    min = Math.min(min, a, b);
    max = Math.max(max, a, b);
  } else {
    const keep = stored?.subarray(outOffset, outOffset + n);
    const { signed, invert } = t;
    const unsigned32 = bits >= 32 && !signed;
    let lo = Infinity;
    let hi = -Infinity;
    let padded = false;
    for (let i = 0; i < n; i++) {
      const sample = raw[i];
      const s = signed ? (sample << shift) >> shift : unsigned32 ? sample : sample & mask;
      if (keep) keep[i] = s;
      if (hasPadding && s >= padLo && s <= padHi) {
        dst[i] = NaN;
        padded = true;
        continue;
      }
      if (s < lo) lo = s;
      if (s > hi) hi = s;
      dst[i] = (invert ? flip - s : s) * slope + intercept;
    }
    if (padded) range.padded = true;
    // The transform is linear, so the range's ends come from the samples' ends.
    if (lo <= hi) {
      const a = (invert ? flip - lo : lo) * slope + intercept;
      const b = (invert ? flip - hi : hi) * slope + intercept;
      min = Math.min(min, a, b);
      max = Math.max(max, a, b);
    }
  }
  // Rounding to float32 is monotonic, so the range of the stored values is the rounded range.
  range.min = Math.fround(min);
  range.max = Math.fround(max);
}
