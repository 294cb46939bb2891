import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAndConvert } from '../../electron/core/generators/checks.ts';
import { Xoshiro128 } from '../../electron/core/generators/prng.ts';
import { tinyManifest } from './generators-fixtures.ts';

const tanh = tinyManifest(); // tanh [-1, 1] → [-1024, 3071]: scale 2047.5, offset 1023.5
const linear = tinyManifest({ huMapping: { kind: 'linear', scale: -3.7, offset: 12.25, range: [0, 500] } });

function image(n: number, draw: (rng: Xoshiro128) => number): Float32Array {
  const rng = new Xoshiro128(4);
  return Float32Array.from({ length: n }, () => draw(rng));
}

test('an acceptable image becomes HU in place, each value as float32(raw · scale + offset) in double precision', () => {
  for (const [m, scale, offset, draw] of [
    [tanh, 2047.5, 1023.5, (r: Xoshiro128) => r.range(-1, 1)],
    [linear, -3.7, 12.25, (r: Xoshiro128) => r.range(0, 500)],
  ] as const) {
    for (const n of [4096, 63]) {
      const raw = image(n, draw);
      const converted = raw.slice();
      assert.equal(checkAndConvert(m, converted), null);
      raw.forEach((v, i) => assert.equal(converted[i], Math.fround(v * scale + offset), `element ${i} of ${n}`));
    }
  }
});

test('NaN and infinite values are named with the first element that has one, odd lengths included', () => {
  const raw = image(101, (r) => r.range(-1, 1));
  raw[100] = Number.NaN;
  assert.equal(checkAndConvert(tanh, raw.slice()), 'output contains NaN values (first at element 100)');
  raw[37] = -Infinity;
  assert.equal(checkAndConvert(tanh, raw.slice()), 'output contains infinite values (first at element 37)');
});

test('constant images and values far outside the declared range are rejected', () => {
  assert.match(checkAndConvert(tanh, new Float32Array(64).fill(0.3))!, /constant or nearly so \(standard deviation 0\.00 HU\)/);
  // Spread of 1e-4 in tanh units is 0.2 HU: still "nearly constant".
  assert.match(checkAndConvert(tanh, image(64, (r) => 0.3 + 1e-4 * r.uniform()))!, /constant or nearly so/);
  const far = image(64, (r) => r.range(-1, 1));
  far[10] = 1.3; // the margin is 25 % of the span [-1, 1]: 1.5 is still allowed, 1.6 is not
  assert.equal(checkAndConvert(tanh, far.slice()), null);
  far[11] = -1.6;
  assert.match(checkAndConvert(tanh, far.slice())!, /output values \[-1\.600, .*\] fall far outside the declared range \[-1, 1\]/);
});
