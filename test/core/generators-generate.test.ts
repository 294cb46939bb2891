import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { generateImages, GenerationStopped, planCpuWorkers } from '../../electron/core/generators/generator.ts';
import { loadManifest } from '../../electron/core/generators/manifest.ts';
import { candidateProviders } from '../../electron/core/generators/session.ts';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder } from '../../models/lib/onnx-graph.ts';
import { dir, tinyManifest, tinyModel } from './generators-fixtures.ts';

const DEMO = 'models/demo-phantom/demo-phantom.onnx';

test('demo generator: checked HU images in a worker, with provider report and progress', async () => {
  const manifest = await loadManifest('models/demo-phantom/manifest.json');
  const progress: number[] = [];
  const r = await generateImages({ modelPath: DEMO, manifest, seed: 9, count: 5, batchSize: 2, onProgress: (p) => {
    progress.push(p.done);
    assert.equal(p.total, 5);
    assert.ok(p.imagesPerSecond > 0 && p.secondsLeft >= 0);
  } });
  // Batches of 2, 2 and 1, possibly finished out of order by two CPU workers.
  assert.equal(progress.length, 3);
  assert.equal(progress.at(-1), 5);
  progress.forEach((done, i) => assert.ok([1, 2].includes(done - (progress[i - 1] ?? 0)), `progress ${progress}`));
  assert.deepEqual(r.images.map((i) => [i.index, i.seed]), [[0, 9], [1, 9], [2, 9], [3, 9], [4, 9]]);
  assert.equal(r.provider, 'cpu');
  // Every provider before cpu is reported with a reason.
  const { skipped } = candidateProviders();
  assert.deepEqual(r.providerFailures.map((f) => f.provider), ['cuda', 'dml', 'coreml', 'webgpu']);
  assert.ok(r.providerFailures.every((f) => f.reason.length > 0));
  assert.ok(skipped.some((s) => s.provider === 'dml'));
  const v = r.images[0].volume;
  assert.equal(v.width, 128);
  assert.equal(v.depth, 1);
  const corner = v.data[0];
  const centre = v.data[64 * 128 + 40];
  assert.ok(corner < -900 && centre > -200, `air ${corner}, body ${centre}`);
});

test('any image regenerates bit-identically alone, whatever the batch it was made in', async () => {
  const manifest = await loadManifest('models/demo-phantom/manifest.json');
  const all = await generateImages({ modelPath: DEMO, manifest, seed: 123, count: 6, batchSize: 6, provider: 'cpu', threads: 2 });
  const one = await generateImages({ modelPath: DEMO, manifest, seed: 123, count: 1, firstIndex: 4, batchSize: 1, provider: 'cpu', threads: 1 });
  assert.equal(one.images[0].index, 4);
  assert.deepEqual(one.images[0].volume.data, all.images[4].volume.data);
  assert.notDeepEqual(all.images[3].volume.data, all.images[4].volume.data);
});

test('on the CPU a job of several batches runs on one worker per core, with the same images as one worker', async () => {
  const manifest = await loadManifest('models/demo-gan/manifest.json');
  const model = 'models/demo-gan/demo-gan.onnx';
  const shared = await generateImages({ modelPath: model, manifest, seed: 77, count: 40, batchSize: 4, provider: 'cpu' });
  const alone = await generateImages({ modelPath: model, manifest, seed: 77, count: 40, batchSize: 4, provider: 'cpu', workers: 1 });
  assert.equal(alone.workers, 1);
  assert.equal(shared.workers, Math.min(os.availableParallelism(), 10));
  assert.deepEqual(shared.images.map((i) => i.index), [...Array(40).keys()]);
  shared.images.forEach((img, i) => assert.deepEqual(img.volume.data, alone.images[i].volume.data, `image ${i}`));
  // A model with a fixed batch shares its batches out the same way; the last one is padded with zero rows.
  for (const size of [1, 3]) {
    const fixed = tinyModel(`fixed-${size}`, 'none', size);
    const fixedManifest = tinyManifest({ latents: [{ name: 'z', shape: [size, 16], distribution: { kind: 'normal' } }], output: { name: 'image', layout: 'NCHW', shape: [size, 1, 8, 8] } });
    const fixedShared = await generateImages({ modelPath: fixed, manifest: fixedManifest, seed: 8, count: 7, provider: 'cpu' });
    const fixedAlone = await generateImages({ modelPath: fixed, manifest: fixedManifest, seed: 8, count: 7, provider: 'cpu', workers: 1 });
    assert.equal(fixedShared.workers, Math.min(os.availableParallelism(), Math.ceil(7 / size)));
    assert.deepEqual(fixedShared.images.map((i) => i.index), [...Array(7).keys()]);
    fixedShared.images.forEach((img, i) => assert.deepEqual(img.volume.data, fixedAlone.images[i].volume.data, `fixed batch ${size}, image ${i}`));
  }
  // An explicit thread count keeps one worker; so does a single batch.
  assert.equal(planCpuWorkers({ threads: 2 }, 10, 1e6).workers, 1);
  assert.equal(planCpuWorkers({}, 1, 1e6).workers, 1);
});

test('output checks reject NaN, constant, out-of-range and wrongly shaped images', async () => {
  const cases: [Parameters<typeof tinyModel>[1], RegExp][] = [
    ['nan', /image 0 \(seed 1\) rejected: output contains NaN/],
    ['constant', /rejected: output image is constant or nearly so/],
    ['out-of-range', /fall far outside the declared range \[-1, 1\]/],
    // Declares symbolic H×W but onnxruntime's shape inference knows 4×16.
    ['symbolic-lie', /output "image": dimension 2 is 4 in the model but 8 in the manifest/],
  ];
  for (const [fault, pattern] of cases) {
    await assert.rejects(generateImages({ modelPath: tinyModel(`bad-${fault}`, fault), manifest: tinyManifest(), seed: 1, count: 3, batchSize: 1 }), (err: Error) => {
      assert.ok(err instanceof GenerationStopped);
      assert.match(err.message, new RegExp(`generator bad-${fault}\\.onnx: `));
      assert.match(err.message, pattern);
      assert.equal(err.images.length, 0);
      return true;
    });
  }
});

test('a model that fails mid-job ends the job with a clear error, keeping what was generated', async () => {
  // The model runs batches of 7 and fails on the last batch of 3.
  const model = tinyModel('crashes', 'runtime-crash');
  const manifest = tinyManifest();
  const stored: number[] = [];
  await assert.rejects(generateImages({ modelPath: model, manifest, seed: 5, count: 10, batchSize: 7, onImages: (b) => stored.push(...b.map((i) => i.index)) }), (err: Error) => {
    assert.ok(err instanceof GenerationStopped);
    assert.match(err.message, /generator crashes\.onnx: the model failed on images 7–9 \(cpu\)/);
    assert.deepEqual(err.images.map((i) => i.index), [0, 1, 2, 3, 4, 5, 6]);
    return true;
  });
  assert.equal(stored.length, 7);
  // The process (and a new job) carry on.
  const ok = await generateImages({ modelPath: tinyModel('fine'), manifest: tinyManifest(), seed: 5, count: 2 });
  assert.equal(ok.images.length, 2);
});

test('cancel stops within one batch per worker and keeps the finished batches', async () => {
  const manifest = await loadManifest('models/demo-phantom/manifest.json');
  const controller = new AbortController();
  await assert.rejects(generateImages({ modelPath: DEMO, manifest, seed: 3, count: 400, batchSize: 4, signal: controller.signal, onProgress: (p) => {
    if (p.done === 8) controller.abort();
  } }), (err: Error) => {
    assert.ok(err instanceof GenerationStopped && err.cancelled);
    const workers = planCpuWorkers({}, 100, statSync(DEMO).size).workers;
    assert.ok(err.images.length >= 8 && err.images.length <= 8 + 4 * workers, `${err.images.length} images, ${workers} workers`);
    return true;
  });
});

test('forcing an unavailable provider is a clear error', async () => {
  await assert.rejects(generateImages({ modelPath: tinyModel('forced'), manifest: tinyManifest(), seed: 1, count: 1, provider: 'dml' }), /execution provider dml is unavailable here: only on win32/);
  await assert.rejects(generateImages({ modelPath: tinyModel('forced2'), manifest: tinyManifest(), seed: 1, count: 1, provider: 'tpu' }), /unknown execution provider "tpu"/);
});

test('class conditioning: labels drawn per image from its stream, or fixed by the organizer', async () => {
  // image = tanh(z·W) + 0.3·label (label is an int64 input of shape [N]).
  const g = new GraphBuilder();
  const z = g.input('z', ['N', 16]);
  const label = g.input('label', ['N'], 7 /* INT64 */);
  const w = Array.from({ length: 16 * 64 }, (_, k) => Math.cos(k * 3.7) * 0.5);
  const base = g.op('Tanh', [g.op('MatMul', [z, g.tensor([16, 64], w)])]);
  const shift = g.op('Mul', [g.op('Reshape', [g.op('Cast', [label], { to: { int: 1 } }), g.int64([-1, 1])]), g.scalar(0.3)]);
  g.op('Reshape', [g.op('Add', [base, shift]), g.int64([-1, 1, 8, 8])], {}, 'image');
  g.output('image', ['N', 1, 8, 8]);
  const model = join(dir, 'conditioned.onnx');
  writeFileSync(model, g.toBytes('conditioned'));
  const manifest = tinyManifest({ conditioning: [{ kind: 'class', name: 'label', classes: ['no lesion', 'lesion'] }], huMapping: { kind: 'tanh', min: -1000, max: 1000 } });
  const drawn = await generateImages({ modelPath: model, manifest, seed: 3, count: 6 });
  const again = await generateImages({ modelPath: model, manifest, seed: 3, count: 6, batchSize: 1 });
  assert.deepEqual(drawn.images.map((i) => i.volume.data), again.images.map((i) => i.volume.data));
  const zero = await generateImages({ modelPath: model, manifest, seed: 3, count: 6, labels: { label: 0 } });
  const one = await generateImages({ modelPath: model, manifest, seed: 3, count: 6, labels: { label: 1 } });
  for (let i = 0; i < 6; i++) {
    // Label 1 adds 0.3 in tanh units = 300 HU everywhere; the drawn label is one of the two.
    assert.ok(Math.abs(one.images[i].volume.data[0] - zero.images[i].volume.data[0] - 300) < 0.01);
    assert.ok([zero, one].some((r) => r.images[i].volume.data.every((v, k) => v === drawn.images[i].volume.data[k])));
  }
});
