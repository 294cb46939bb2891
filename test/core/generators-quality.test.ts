import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Volume } from '../../electron/core/imaging/volume.ts';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { computeQuality } from '../../electron/core/generators/quality/report.ts';
import { prepareSlices } from '../../electron/core/generators/quality/image.ts';
import { radiomicFeatures } from '../../electron/core/generators/quality/radiomics.ts';
import { frechetDistance } from '../../electron/core/generators/quality/frechet.ts';
import { Xoshiro128 } from '../../electron/core/generators/prng.ts';

const SIZE = 64;
const phantoms = (from: number, n: number) => Array.from({ length: n }, (_, i) => renderPhantom(from + i, { size: SIZE, lesion: i % 3 === 0 }));
const real = phantoms(1, 24);

test('two samples from one distribution: no flags, distances at the real set\'s own noise floor', () => {
  const q = computeQuality(real, phantoms(500, 24));
  assert.deepEqual(q.flags, []);
  assert.ok(q.huWasserstein < 2 * q.huWassersteinRealHalves + 5, `W1 ${q.huWasserstein} vs halves ${q.huWassersteinRealHalves}`);
  assert.ok(Math.abs(q.diversity.spreadRatio - 1) < 0.25, `spread ratio ${q.diversity.spreadRatio}`);
  assert.equal(q.memorization.flagged.length, 0);
  assert.ok(q.radiomicFeatures.length >= 40, `${q.radiomicFeatures.length} features`);
});

test('a collapsed generator (one image over and over) is flagged, and drifts from the real distribution', () => {
  const one = renderPhantom(900, { size: SIZE });
  const same = Array.from({ length: 12 }, () => ({ ...one, data: one.data.slice() }));
  const q = computeQuality(real, same);
  assert.ok(q.diversity.collapse);
  assert.ok(q.diversity.syntheticMeanSsim > 0.999);
  assert.match(q.flags.join('\n'), /mode collapse/);
  const fair = computeQuality(real, phantoms(500, 24));
  assert.ok(q.radiomicFrechet > 2 * fair.radiomicFrechet, `FD collapsed ${q.radiomicFrechet} vs fair ${fair.radiomicFrechet}`);
});

test('a copying generator (training images plus noise) is flagged image by image, worst pairs first', () => {
  const rng = new Xoshiro128(4);
  const copies: Volume[] = real.slice(0, 10).map((v) => ({ ...v, data: v.data.map((x) => x + rng.normal()) }));
  // A memorizing generator that redraws the noise: same anatomy, fresh 12 HU noise.
  const renoised = renderPhantom(1, { size: SIZE, lesion: true });
  renoised.data = renoised.data.map((x) => x + 12 * rng.normal());
  const q = computeQuality(real, [...copies, renoised, ...phantoms(700, 6)]);
  assert.equal(q.memorization.flagged.length, 11);
  assert.deepEqual(q.memorization.flagged.map((p) => p.synthetic).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const p of q.memorization.flagged) assert.equal(p.real, p.synthetic === 10 ? 0 : p.synthetic);
  assert.ok(q.memorization.worst[0].distance < 2);
  assert.ok(q.memorization.threshold > 20, `real-to-real threshold ${q.memorization.threshold}`);
  assert.match(q.flags.join('\n'), /memorization: 11 synthetic image/);
  assert.ok(!q.diversity.collapse);
});

test('a HU shift inside the body moves the histogram distance by the shift and raises the radiomic FD', () => {
  const shifted = phantoms(500, 24).map((v) => ({ ...v, data: v.data.map((x) => (x > -500 ? x + 80 : x)) }));
  const q = computeQuality(real, shifted);
  assert.ok(q.huWasserstein > 60 && q.huWasserstein < 100, `W1 ${q.huWasserstein}`);
  const fair = computeQuality(real, phantoms(500, 24));
  assert.ok(q.radiomicFrechet > 3 * fair.radiomicFrechet, `FD shifted ${q.radiomicFrechet} vs fair ${fair.radiomicFrechet}`);
});

test('radiomic features match hand-computed values on a two-level checkerboard', () => {
  // 8×8 body of alternating 0 / 50 HU columns inside air: bin width 25 gives levels 1 and 3.
  const size = 16;
  const data = new Float32Array(size * size).fill(-1000);
  for (let y = 4; y < 12; y++) for (let x = 4; x < 12; x++) data[y * size + x] = x % 2 === 0 ? 0 : 50;
  const [slice] = prepareSlices([{ modality: 'CT', width: size, height: size, depth: 1, spacing: [1, 1, 1], data }], size);
  const f = radiomicFeatures(slice);
  assert.equal(f.firstorder_Mean, 25);
  assert.equal(f.firstorder_Range, 50);
  assert.equal(f.firstorder_Entropy, 1);
  // Horizontal neighbours always differ (contrast 4), vertical never; diagonals always differ.
  assert.ok(Math.abs(f.glcm_Contrast - (4 + 4 + 0 + 4) / 4) < 1e-12);
  // Vertical runs have length 8 (8 columns), other directions length 1.
  assert.ok(Math.abs(f.glrlm_LongRunEmphasis - (1 + 1 + 64 + 1) / 4) < 1e-12);
  assert.ok(Math.abs(frechetDistance([[0, 0], [2, 0], [0, 2], [2, 2]], [[0, 0], [2, 0], [0, 2], [2, 2]])) < 1e-9);
  assert.ok(Math.abs(frechetDistance([[0], [2]], [[3], [5]]) - 9) < 1e-9);
});
