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
  /** Stored values in [paddingLow, paddingHigh] are outside the scanned area. */
  padding?: [number, number];
  /** Physical value given to padding pixels. */
  paddingFill: number;
}

/**
 * Writes one frame: masks samples to BitsStored (bits above it may carry
 * overlay planes or garbage), sign-extends, applies padding, inversion and
 * rescale. One fused pass, because this loop is the import's hot path.
 */
export function convertFrame(raw: RawPixels, t: PixelTransform, out: Float32Array, outOffset: number, stored?: Int32Array): void {
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
  // Full-width views need neither masking nor sign extension.
  const fullWidth = bits === raw.BYTES_PER_ELEMENT * 8 && (t.signed === (raw instanceof Int8Array || raw instanceof Int16Array || raw instanceof Int32Array));
  if (fullWidth && !hasPadding && !t.invert && !stored) {
    for (let i = 0; i < n; i++) out[outOffset + i] = raw[i] * slope + intercept;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = raw[i];
    if (!fullWidth) s = t.signed ? (s << shift) >> shift : bits >= 32 ? s >>> 0 : s & mask;
    if (stored) stored[outOffset + i] = s;
    if (hasPadding && s >= padLo && s <= padHi) {
      out[outOffset + i] = t.paddingFill;
      continue;
    }
    out[outOffset + i] = (t.invert ? flip - s : s) * slope + intercept;
  }
}
