// Exports the latest checkpoint of the demo GAN: recalibrates batch-norm statistics,
// writes demo-gan.onnx + manifest.json, checks onnxruntime-node against tfjs (max abs
// diff), and writes the loss curve (CSV + SVG), a sample grid and metrics.json.
// Run: npx tsx models/demo-gan/export.ts
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as echarts from 'echarts';
import { generateImages } from '../../electron/core/generators/generator.ts';
import { drawInputs } from '../../electron/core/generators/latents.ts';
import { parseManifest } from '../../electron/core/generators/manifest.ts';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { gridPng } from '../../electron/core/generators/png.ts';
import { loadCheckpoint, type CheckpointIndex } from './checkpoint.ts';
import { phantomSet, pixelSpread } from './data.ts';
import { HU_RANGE, LATENT, SIZE, createGenerator, generate, type RunningStats } from './dcgan.ts';
import { generatorToOnnx } from './onnx-export.ts';
import { registerFastConvGradients } from './wasm-kernels.ts';

const here = new URL('./', import.meta.url).pathname;
const WORK = `${here}work/`;
await tf.setBackend('wasm');
registerFastConvGradients();

const G = createGenerator(1);
const ckpt = loadCheckpoint(WORK, [G]) as CheckpointIndex;
if (!ckpt) throw new Error(`no checkpoint in ${WORK}; run train.ts first`);

// Batch-norm recalibration: exact population statistics over 40 batches of 64 latents,
// so that inference (and ONNX) use fixed statistics close to what training saw.
const sums = new Map<string, { mean: Float64Array; sq: Float64Array; n: number }>();
for (let b = 0; b < 40; b++) {
  tf.tidy(() => {
    generate(G, tf.randomNormal([64, LATENT], 0, 1, 'float32', 5000 + b) as tf.Tensor2D, undefined, (layer, mean, variance) => {
      const m = mean.dataSync();
      const v = variance.dataSync();
      const s = sums.get(layer) ?? { mean: new Float64Array(m.length), sq: new Float64Array(m.length), n: 0 };
      for (let c = 0; c < m.length; c++) { s.mean[c] += m[c]; s.sq[c] += v[c] + m[c] * m[c]; }
      s.n++;
      sums.set(layer, s);
    });
  });
}
const running: RunningStats = new Map([...sums].map(([layer, s]) => {
  const mean = Float32Array.from(s.mean, (v) => v / s.n);
  return [layer, { mean, variance: Float32Array.from(s.sq, (v, c) => Math.max(0, v / s.n - mean[c] ** 2)) }];
}));

const weights = { get: (name: string) => ({ shape: G.get(name)!.shape, data: G.get(name)!.dataSync() as Float32Array }) };
const doc = `DCGAN generator trained on procedural abdominal CT phantoms (step ${ckpt.step}).`;
writeFileSync(`${here}demo-gan.onnx`, generatorToOnnx(weights, running, doc));
const manifest = parseManifest({
  schemaVersion: 1,
  name: 'demo-gan',
  version: `1.0.0+step${ckpt.step}`,
  authors: ['Mirage project'],
  description: `DCGAN (64×64) trained in this repository on procedural abdominal CT phantoms for ${ckpt.step} steps; synthetic phantoms, not patients. See MODEL_CARD.md.`,
  latents: [{ name: 'z', shape: ['N', LATENT], distribution: { kind: 'normal', mean: 0, std: 1 } }],
  conditioning: [],
  output: { name: 'image', layout: 'NCHW', shape: ['N', 1, SIZE, SIZE] },
  huMapping: { kind: 'tanh', min: -HU_RANGE, max: HU_RANGE },
  spacingMm: [400 / SIZE, 400 / SIZE, 5],
  modality: 'CT',
  window: { center: 50, width: 400 },
}, 'demo-gan');
writeFileSync(`${here}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);

// The same 64 images through onnxruntime-node (the app's path) and tfjs (the training framework).
const COUNT = 64;
const SEED = 2026;
const result = await generateImages({ modelPath: `${here}demo-gan.onnx`, manifest, seed: SEED, count: COUNT, provider: 'cpu' });
const zs = new Float32Array(COUNT * LATENT);
for (let i = 0; i < COUNT; i++) zs.set(drawInputs(manifest, SEED, i).latents.get('z')!, i * LATENT);
const tfOut = tf.tidy(() => generate(G, tf.tensor2d(zs, [COUNT, LATENT]), running)).dataSync();
let maxAbsDiff = 0;
result.images.forEach((img, i) => {
  for (let k = 0; k < SIZE * SIZE; k++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(img.volume.data[k] / HU_RANGE - tfOut[i * SIZE * SIZE + k]));
});

const fakeScaled = new Float32Array(COUNT * SIZE * SIZE);
result.images.forEach((img, i) => img.volume.data.forEach((v, k) => { fakeScaled[i * SIZE * SIZE + k] = v / HU_RANGE; }));
const realSpread = pixelSpread(phantomSet(256), 256);
const fakeSpread = pixelSpread(fakeScaled, COUNT);
const window = { center: 50, width: 400 };
writeFileSync(`${here}samples.png`, gridPng(result.images.slice(0, 32).map((i) => i.volume), 8, window));
writeFileSync(`${here}real-phantoms.png`, gridPng(Array.from({ length: 16 }, (_, i) => renderPhantom(1_000_000 + i, { size: SIZE, lesion: i % 10 < 3 })), 8, window));

// Loss curve: CSV as logged, SVG rendered server-side by ECharts.
copyFileSync(`${WORK}loss.csv`, `${here}loss.csv`);
copyFileSync(`${WORK}diversity.csv`, `${here}diversity.csv`);
const rows = readFileSync(`${here}loss.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 400 });
chart.setOption({
  animation: false,
  title: { text: `demo-gan losses (${ckpt.step} steps, ${(ckpt.seconds / 60).toFixed(0)} min)`, left: 'center' },
  legend: { top: 28 },
  xAxis: { type: 'value', name: 'step' },
  yAxis: { type: 'value', name: 'loss' },
  series: [
    { name: 'discriminator', type: 'line', showSymbol: false, data: rows.map((r) => [r[0], r[2]]) },
    { name: 'generator', type: 'line', showSymbol: false, data: rows.map((r) => [r[0], r[3]]) },
  ],
});
writeFileSync(`${here}loss.svg`, chart.renderToSVGString());
chart.dispose();

const metrics = { step: ckpt.step, trainingSeconds: Math.round(ckpt.seconds), ortVsTfjsMaxAbsDiff: maxAbsDiff, fakePixelSpread: fakeSpread, realPixelSpread: realSpread, provider: result.provider };
writeFileSync(`${here}metrics.json`, `${JSON.stringify(metrics, null, 2)}\n`);
console.log(metrics);
