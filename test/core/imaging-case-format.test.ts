import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CASE_FORMAT, toCaseImage, type CaseFormat } from '../../electron/core/imaging/case-format.ts';
import { importPath } from '../../electron/core/imaging/import.ts';
import type { Volume } from '../../electron/core/imaging/volume.ts';

function volume(width: number, height: number, value: (x: number, y: number) => number): Volume {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { modality: 'CT', width, height, depth: 1, spacing: [0.7, 0.7, 5], data };
}

test('shrinking 512² to 128² averages each 4×4 footprint: a pixel-level checkerboard becomes flat, not aliased', () => {
  const checker = volume(512, 512, (x, y) => ((x + y) % 2 ? 1000 : -1000));
  const img = toCaseImage(checker, DEFAULT_CASE_FORMAT);
  assert.deepEqual([img.width, img.height, img.depth], [128, 128, 1]);
  assert.ok(img.pixels.every((p) => p === 0));
  // A 4-pixel-wide stripe pattern averages exactly per block.
  const blocks = toCaseImage(volume(512, 512, (x) => Math.floor(x / 4) * 10), DEFAULT_CASE_FORMAT);
  assert.deepEqual([...blocks.pixels.subarray(0, 4)], [0, 10, 20, 30]);
  // Non-integer factor (500 → 128) keeps a constant constant and the mean of a ramp.
  const flat = toCaseImage(volume(500, 520, () => 123.4), DEFAULT_CASE_FORMAT);
  assert.ok(flat.pixels.every((p) => p === 123));
  const ramp = toCaseImage(volume(500, 500, (x) => x), DEFAULT_CASE_FORMAT);
  const mean = ramp.pixels.subarray(0, 128).reduce((a, b) => a + b, 0) / 128;
  assert.ok(Math.abs(mean - 249.5) < 0.6, `mean ${mean}`);
});

test('a real and a synthetic case of a study differ only in pixels: same fields, dtype, matrix, depth and HU clipping', async () => {
  const format: CaseFormat = { ...DEFAULT_CASE_FORMAT, size: 64, depth: 3, huMin: -200, huMax: 300 };
  const real = toCaseImage((await importPath('../shared/fixtures/dicom/CT_small.dcm')).series[0].volume, { ...format, depth: 1 });
  const realVolume = (await importPath('../shared/fixtures/dicom/series-ct-5slices')).series[0].volume;
  const real3d = toCaseImage(realVolume, format);
  // A generator's output: 128² floats, 4 slices, its own spacing.
  const synthetic: Volume = { modality: 'CT', width: 128, height: 128, depth: 4, spacing: [1.1, 1.1, 3], data: new Float32Array(128 * 128 * 4).map((_, i) => (i % 128) * 6 - 400) };
  const synth3d = toCaseImage(synthetic, format);
  const shape = (c: typeof real3d) => ({ keys: Object.keys(c).sort(), width: c.width, height: c.height, depth: c.depth, dtype: c.pixels.constructor.name, length: c.pixels.length });
  assert.deepEqual(shape(real3d), shape(synth3d));
  assert.deepEqual(Object.keys(real).sort(), ['depth', 'height', 'pixels', 'width']);
  for (const c of [real, real3d, synth3d]) {
    assert.ok(c.pixels.every((p) => p >= format.huMin && p <= format.huMax));
  }
  assert.ok(real3d.pixels.some((p) => p === format.huMin) && synth3d.pixels.some((p) => p === format.huMax));
});
