import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as nifti from 'nifti-reader-js';
import { main } from '../../electron/cli/main.ts';
import { generateImages } from '../../electron/core/generators/generator.ts';
import { loadManifest } from '../../electron/core/generators/manifest.ts';
import { dir } from './generators-fixtures.ts';

const DEMO = 'models/demo-phantom/demo-phantom.onnx';

function quiet<T>(f: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  return f().finally(() => { console.log = log; });
}

test('mirage generate --index regenerates one study image bit-identically (raw and NIfTI)', async () => {
  const manifest = await loadManifest('models/demo-phantom/manifest.json');
  // As a study would make them: 8 images in batches of 8.
  const study = await generateImages({ modelPath: DEMO, manifest, seed: 77, count: 8, batchSize: 8, provider: 'cpu' });
  const raw = join(dir, 'image5.f32');
  assert.equal(await quiet(() => main(['generate', '--model', DEMO, '--seed', '77', '--index', '5', '--out', raw, '--provider', 'cpu'])), 0);
  const bytes = readFileSync(raw);
  assert.deepEqual(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), study.images[5].volume.data);

  const nii = join(dir, 'image5.nii.gz');
  assert.equal(await quiet(() => main(['generate', '--model', DEMO, '--seed', '77', '--index', '5', '--out', nii])), 0);
  let buf = readFileSync(nii).buffer as ArrayBuffer;
  assert.ok(nifti.isCompressed(buf));
  buf = nifti.decompress(buf) as ArrayBuffer;
  assert.ok(nifti.isNIFTI1(buf));
  const header = nifti.readHeader(buf)!;
  assert.deepEqual(header.dims.slice(0, 4), [3, 128, 128, 1]);
  assert.equal(header.datatypeCode, 16);
  assert.ok(Math.abs(header.pixDims[1] - 400 / 128) < 1e-6);
  assert.deepEqual(new Float32Array(nifti.readImage(header, buf)), study.images[5].volume.data);
});

test('mirage generate --count writes one file per image; bad arguments are explained', async () => {
  const out = join(dir, 'batch');
  assert.equal(await quiet(() => main(['generate', '--model', DEMO, '--seed', '1', '--count', '3', '--first', '10', '--format', 'raw', '--out', out])), 0);
  assert.deepEqual(readdirSync(out).sort(), ['seed1-index10.raw', 'seed1-index11.raw', 'seed1-index12.raw']);
  const errors: string[] = [];
  const error = console.error;
  console.error = (m: string) => errors.push(m);
  try {
    assert.equal(await main(['generate', '--model', DEMO, '--seed', '1', '--index=-2', '--out', join(dir, 'x.raw')]), 1);
    assert.equal(await main(['generate', '--model', join(dir, 'missing.onnx'), '--seed', '1', '--index', '0', '--out', join(dir, 'x.raw')]), 1);
  } finally {
    console.error = error;
  }
  assert.match(errors.join('\n'), /--index must be an integer ≥ 0/);
  assert.match(errors.join('\n'), /generator missing\.onnx: cannot read the model file/);
});

test('mirage quality reports the four figures for the demo generator against phantoms, with worst pairs as PNG', async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (m: string) => lines.push(m);
  const pairs = join(dir, 'pairs.png');
  try {
    assert.equal(await main(['quality', '--real-phantoms', '8', '--model', DEMO, '--count', '8', '--seed', '3', '--json', '--pairs', pairs]), 0);
  } finally {
    console.log = log;
  }
  const report = JSON.parse(lines.join('\n'));
  assert.equal(report.realCount, 8);
  assert.equal(report.syntheticCount, 8);
  assert.equal(report.size, 128);
  assert.ok(report.huWasserstein > 0 && report.radiomicFrechet > 0);
  assert.equal(report.memorization.flagged.length, 0);
  assert.equal(readFileSync(pairs).subarray(1, 4).toString(), 'PNG');
});
