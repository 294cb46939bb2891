import { PIXELS_SIMD_WASM } from './pixels-simd.wasm.ts';

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

/** Samples per call of the SIMD kernel: a chunk of input stays in the L1/L2 cache. */
const SIMD_CHUNK = 16384;
/** Kernel memory layout: results at 0, the input chunk at 64; a volume's voxels from VOXELS on. */
const SIMD_IN = 64;
const VOXELS = 65536;
const PAGE = 65536;

interface SimdKernel {
  memory: WebAssembly.Memory;
  convert16(n: number, input: number, output: number, signed: number, bits: number, exact: number, slope: number, intercept: number, padLo: number, padHi: number): void;
}

let simdModule: WebAssembly.Module | null | undefined;
/** Kernels whose memory holds a volume (see allocateVoxels), by that memory's buffer. */
const volumeKernels = new WeakMap<ArrayBufferLike, SimdKernel>();
let scratch: SimdKernel | null | undefined;

/** A kernel instance over `memory` (pixels-simd.wat), or null where WebAssembly SIMD is unavailable. */
function instantiate(memory: WebAssembly.Memory): SimdKernel | null {
  if (simdModule === undefined) {
    const bytes = Buffer.from(PIXELS_SIMD_WASM, 'base64');
    simdModule = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (!simdModule) return null;
  const { convert16 } = new WebAssembly.Instance(simdModule, { env: { memory } }).exports as unknown as Pick<SimdKernel, 'convert16'>;
  return { memory, convert16 };
}

/** The kernel over a small memory of its own, for frames whose output is an ordinary array. */
function scratchKernel(): SimdKernel | null {
  if (scratch === undefined) scratch = instantiate(new WebAssembly.Memory({ initial: Math.ceil((VOXELS + 4 * SIMD_CHUNK) / PAGE) }));
  return scratch;
}

/**
 * Float32 storage for a volume of `voxels` values, zeroed. Where WebAssembly SIMD works it is
 * a view of a WebAssembly memory of its own, so that convertFrame's kernel writes each frame
 * in place instead of through a scratch buffer and a copy (a tenth of a 300-slice import).
 */
export function allocateVoxels(voxels: number): Float32Array {
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil((VOXELS + 4 * voxels) / PAGE) });
    const kernel = instantiate(memory);
    if (kernel) {
      volumeKernels.set(memory.buffer, kernel);
      return new Float32Array(memory.buffer, VOXELS, voxels);
    }
  } catch {
    // Beyond what a WebAssembly memory can hold (4 GiB): an ordinary array, converted via scratch memory.
  }
  return new Float32Array(voxels);
}

/** Linear parameters of one frame's conversion, shared by the SIMD and scalar paths. */
function frameParams(t: PixelTransform) {
  const bits = t.bitsStored;
  const sMin = t.signed ? -(2 ** (bits - 1)) : 0;
  const sMax = t.signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const [padLo, padHi] = t.padding ?? [1, 0]; // an empty range when there is no padding
  return { bits, flip: sMin + sMax, padLo, padHi };
}

/** Folds a frame's sample extremes (before inversion) into the volume's value range. */
function extendRange(range: ValueRange, t: PixelTransform, flip: number, lo: number, hi: number, padded: boolean): void {
  if (padded) range.padded = true;
  // The transform is linear, so the range's ends come from the samples' ends.
  if (lo <= hi) {
    const a = (t.invert ? flip - lo : lo) * t.slope + t.intercept;
    const b = (t.invert ? flip - hi : hi) * t.slope + t.intercept;
    // Rounding to float32 is monotonic, so the range of the stored values is the rounded range.
    range.min = Math.fround(Math.min(range.min, a, b));
    range.max = Math.fround(Math.max(range.max, a, b));
  }
}

/**
 * Writes one frame: masks samples to BitsStored (bits above it may carry
 * overlay planes or garbage), sign-extends, applies inversion and rescale,
 * marks padding as NaN, and extends `range`. 16-bit samples go through the
 * WebAssembly SIMD kernel chunk by chunk; other widths, MONOCHROME1, the last
 * few samples and the stored-value copy (`mirage inspect --stored`) take the
 * scalar loop, which computes the same values.
 */
export function convertFrame(raw: RawPixels, t: PixelTransform, out: Float32Array, outOffset: number, range: ValueRange, stored?: Int32Array): void {
  const n = raw.length;
  const dst = out.subarray(outOffset, outOffset + n);
  const keep = stored?.subarray(outOffset, outOffset + n);
  const p = frameParams(t);
  const simd = raw.BYTES_PER_ELEMENT === 2 && p.bits <= 16 && !t.invert && !keep;
  // In place when `out` lives in a kernel's memory, else through a scratch memory's chunk.
  const inPlace = simd ? volumeKernels.get(out.buffer) : undefined;
  const kernel = simd ? inPlace ?? scratchKernel() : null;
  let done = 0;
  if (kernel) {
    const mem = kernel.memory.buffer;
    const results = new Int32Array(mem, 0, 12);
    results[0] = 0;
    results.fill(0x7fffffff, 4, 8);
    results.fill(-0x80000000, 8, 12);
    const input = raw instanceof Int16Array ? new Int16Array(mem, SIMD_IN, SIMD_CHUNK) : new Uint16Array(mem, SIMD_IN, SIMD_CHUNK);
    const output = new Float32Array(mem, VOXELS, SIMD_CHUNK);
    const whole = n - (n % 8);
    // Integer slope and intercept with every result below 2^24: float32 arithmetic is exact, as is float64.
    const exact = Number.isInteger(t.slope) && Number.isInteger(t.intercept) && Math.abs(t.slope) * 2 ** p.bits + Math.abs(t.intercept) < 2 ** 24;
    for (; done < whole; done += SIMD_CHUNK) {
      const c = Math.min(SIMD_CHUNK, whole - done);
      input.set(raw.subarray(done, done + c));
      const at = inPlace ? dst.byteOffset + 4 * done : VOXELS;
      kernel.convert16(c, SIMD_IN, at, t.signed ? 1 : 0, p.bits, exact ? 1 : 0, t.slope, t.intercept, p.padLo, p.padHi);
      if (!inPlace) dst.set(c === SIMD_CHUNK ? output : output.subarray(0, c), done);
    }
    done = whole;
    extendRange(range, t, p.flip, Math.min(...results.subarray(4, 8)), Math.max(...results.subarray(8, 12)), results[0] === 1);
  }
  if (done < n) convertScalar(raw.subarray(done), t, p, dst.subarray(done), range, keep?.subarray(done));
}

/** The scalar conversion (see convertFrame), with a fast path for full-width samples. */
function convertScalar(raw: RawPixels, t: PixelTransform, p: ReturnType<typeof frameParams>, dst: Float32Array, range: ValueRange, keep?: Int32Array): void {
  const n = raw.length;
  const { bits, flip, padLo, padHi } = p;
  const { slope, intercept } = t;
  const hasPadding = t.padding !== undefined;
  const shift = 32 - bits;
  const mask = bits >= 32 ? -1 : 2 ** bits - 1;
  // Full-width views need neither masking nor sign extension.
  const fullWidth = bits === raw.BYTES_PER_ELEMENT * 8 && (t.signed === (raw instanceof Int8Array || raw instanceof Int16Array || raw instanceof Int32Array));
  if (fullWidth && !hasPadding && !t.invert && !keep) {
    // Integer compares on the samples are cheaper than float min/max on the results.
    let lo = raw[0];
    let hi = raw[0];
    for (let i = 0; i < n; i++) {
      const s = raw[i];
      dst[i] = s * slope + intercept;
      if (s < lo) lo = s;
      else if (s > hi) hi = s;
    }
    extendRange(range, t, flip, lo, hi, false);
    return;
  }
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
  extendRange(range, t, flip, lo, hi, padded);
}
