import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';

/** Mean HU of a square patch centred at fractional image coordinates. */
function patchMean(v: { width: number; data: Float32Array }, fx: number, fy: number, half = 2): number {
  const cx = Math.round(fx * v.width);
  const cy = Math.round(fy * v.width);
  let s = 0; let n = 0;
  for (let y = cy - half; y <= cy + half; y++) for (let x = cx - half; x <= cx + half; x++) { s += v.data[y * v.width + x]; n++; }
  return s / n;
}

test('phantom is deterministic in its seed and varies across seeds', () => {
  const a = renderPhantom(11, { size: 64 });
  assert.deepEqual(a.data, renderPhantom(11, { size: 64 }).data);
  assert.notDeepEqual(a.data, renderPhantom(12, { size: 64 }).data);
  assert.equal(a.depth, 1);
  assert.equal(a.modality, 'CT');
  assert.deepEqual(a.spacing, [400 / 64, 400 / 64, 5]);
});

test('phantom tissues have realistic Hounsfield units and CT-like noise', () => {
  const v = renderPhantom(3, { size: 256 });
  assert.ok(Math.abs(patchMean(v, 0.03, 0.03, 5) + 1000) < 10, 'air outside the body');
  // Liver sits on the image's left (patient right), vertebral body posterior midline.
  const liver = patchMean(v, 0.3, 0.5, 3);
  assert.ok(liver > 80 && liver < 135, `liver ${liver}`);
  const spine = patchMean(v, 0.5, 0.5 + (0.04 + 0.56 * 0.54) / 2, 2);
  assert.ok(spine > 180, `vertebra ${spine}`);
  // Noise: air pixels scatter with a CT-like standard deviation.
  const air = Array.from({ length: 400 }, (_, k) => v.data[(5 + Math.floor(k / 20)) * 256 + 5 + (k % 20)]);
  const mean = air.reduce((a, b) => a + b) / air.length;
  const sd = Math.sqrt(air.reduce((a, b) => a + (b - mean) ** 2, 0) / air.length);
  assert.ok(sd > 5 && sd < 20, `noise sd ${sd}`);
  const min = Math.min(...v.data);
  const max = Math.max(...v.data);
  assert.ok(min > -1100 && max < 1000, `range ${min}…${max}`);
});

test('the optional lesion is a compact hyperdense spot inside the liver of the same patient', () => {
  const plain = renderPhantom(5, { size: 128 });
  const withLesion = renderPhantom(5, { size: 128, lesion: true });
  const changed: number[] = [];
  for (let i = 0; i < plain.data.length; i++) if (withLesion.data[i] !== plain.data[i]) changed.push(i);
  assert.ok(changed.length > 20 && changed.length < 600, `${changed.length} pixels changed`);
  const gain = changed.reduce((s, i) => s + withLesion.data[i] - plain.data[i], 0) / changed.length;
  assert.ok(gain > 20, `lesion is ${gain} HU brighter on average`);
});
