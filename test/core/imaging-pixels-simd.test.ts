import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateVoxels, convertFrame, emptyRange, type PixelTransform, type RawPixels } from '../../electron/core/imaging/pixels.ts';

// convertFrame sends 16-bit frames through the WebAssembly SIMD kernel, in place when the output
// comes from allocateVoxels and through scratch memory otherwise; asking for the stored values
// too takes the scalar loop. All must give the same floats, NaNs and range, bit for bit.
function allPaths(raw: RawPixels, t: PixelTransform) {
  const run = (out: Float32Array, stored?: Int32Array) => {
    const range = emptyRange();
    convertFrame(raw, t, out, 3, range, stored);
    return { out, range };
  };
  return {
    inPlace: run(allocateVoxels(raw.length + 3)),
    scratch: run(new Float32Array(raw.length + 3)),
    scalar: run(new Float32Array(raw.length + 3), new Int32Array(raw.length + 3)),
  };
}

function samples(n: number, seed: number, Type: typeof Uint16Array | typeof Int16Array): RawPixels {
  let s = seed;
  const raw = new Type(n);
  for (let i = 0; i < n; i++) raw[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 16;
  return raw;
}

const cases: [string, RawPixels, PixelTransform][] = [
  ['12-bit unsigned with overlay bits, CT rescale', samples(40_003, 1, Uint16Array), { bitsStored: 12, signed: false, slope: 1, intercept: -1024, invert: false }],
  ['16-bit signed, MR-like fractional slope', samples(1_005, 2, Int16Array), { bitsStored: 16, signed: true, slope: 0.7324, intercept: -12.5, invert: false }],
  ['12-bit signed stored in a Uint16 view, negative slope', samples(16_384 * 2, 3, Uint16Array), { bitsStored: 12, signed: true, slope: -2, intercept: 100, invert: false }],
  ['padding range, 16-bit unsigned', samples(9_999, 4, Uint16Array), { bitsStored: 16, signed: false, slope: 1, intercept: -1024, invert: false, padding: [0, 20_000] }],
  ['signed padding value, large intercept (float64 path)', samples(777, 5, Int16Array), { bitsStored: 16, signed: true, slope: 3, intercept: 2 ** 24, invert: false, padding: [-2000, -2000] }],
  ['every sample padded', new Uint16Array(64).fill(5), { bitsStored: 16, signed: false, slope: 1, intercept: 0, invert: false, padding: [0, 10] }],
];

for (const [name, raw, t] of cases) {
  test(`SIMD (in place and via scratch) and scalar conversions agree bit for bit: ${name}`, () => {
    const { inPlace, scratch, scalar } = allPaths(raw, t);
    for (const simd of [inPlace, scratch]) {
      for (let i = 0; i < simd.out.length; i++) assert.ok(Object.is(simd.out[i], scalar.out[i]), `sample ${i - 3}: ${simd.out[i]} vs ${scalar.out[i]}`);
      assert.deepEqual(simd.range, scalar.range);
    }
  });
}

test('the SIMD path masks, sign-extends, rescales and pads like the definition', () => {
  const raw = Uint16Array.from([0xf800, 0x07ff, 0x0800, 0xffff, 0x1234, 0, 1, 2, 0x0fff]);
  const out = allocateVoxels(raw.length);
  const range = emptyRange();
  convertFrame(raw, { bitsStored: 12, signed: true, slope: 2, intercept: 1, invert: false, padding: [0, 0] }, out, 0, range);
  // 12-bit two's complement: 0x800 = −2048 (also 0xf800: bits above 12 are ignored), 0x7ff = 2047, 0xfff = −1; 0 is padding.
  assert.deepEqual([...out], [-4095, 4095, -4095, -1, 1129, NaN, 3, 5, -1]);
  assert.deepEqual(range, { min: -4095, max: 4095, padded: true });
});

test('the committed SIMD module is the one pixels-simd.wat assembles to', async () => {
  const { assemblePixelsSimd, moduleSource, target } = await import('../../build/pixels-wasm.mjs');
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(target, 'utf8'), moduleSource(await assemblePixelsSimd()), 'run node build/pixels-wasm.mjs');
});
