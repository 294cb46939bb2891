/**
 * The documented, seeded PRNG behind every latent vector and phantom.
 *
 * - Generator: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c),
 *   32-bit state words, period 2^128 − 1. Chosen because it is tiny, fast in 32-bit
 *   JavaScript arithmetic and specified exactly, so any other implementation can
 *   reproduce a study's latents.
 * - Seeding: the four state words are the first four outputs of SplitMix32
 *   (Steele/Vigna's 32-bit variant, constant 0x9e3779b9, mix 0x85ebca6b / 0xc2b2ae35)
 *   started from `mix(seed, index)`, so that image `index` of seed `seed` has its own
 *   stream and can be regenerated alone.
 * - Uniform: the top 24 bits of one output / 2^24, in [0, 1) and exact in float32.
 * - Normal: Box–Muller, z = sqrt(−2 ln(1 − u1)) · cos(2π u2) (and the sine as the next value).
 */

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** SplitMix32 step: returns [next state, output]. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Combines a seed and an image index into one 32-bit stream key. */
function mix(seed: number, index: number): number {
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(index) || index < 0) {
    throw new Error(`seed and index must be integers (index ≥ 0), got seed=${seed} index=${index}`);
  }
  // Fold both 53-bit integers into 32 bits, then through one SplitMix step each so nearby pairs diverge.
  const s = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  const i = (index >>> 0) ^ Math.floor(index / 2 ** 32);
  const [, a] = splitmix32(s);
  const [, b] = splitmix32((a ^ Math.imul(i, 0x27d4eb2d)) >>> 0);
  return b;
}

export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  // The cached sine of Box–Muller; a flag beside a plain number keeps it an unboxed double.
  private spare = 0;
  private hasSpare = false;

  /** The stream of image `index` under `seed` (index 0 for a plain seeded stream). */
  constructor(seed: number, index = 0) {
    let st = mix(seed, index);
    const words: number[] = [];
    for (let k = 0; k < 4; k++) {
      const [next, out] = splitmix32(st);
      st = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** A generator at an explicit state (for checking against the reference implementation). */
  static fromState(words: [number, number, number, number]): Xoshiro128 {
    const g = new Xoshiro128(0);
    [g.s0, g.s1, g.s2, g.s3] = words.map((w) => w >>> 0);
    return g;
  }

  /** Next raw 32-bit output (unsigned). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), 24-bit resolution. */
  uniform(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal by Box–Muller (pairs: cosine first, then the cached sine). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(1 - u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  }
}
