import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectGenerator, proposeManifest } from '../../electron/core/generators/generator.ts';
import { loadManifest, parseManifest } from '../../electron/core/generators/manifest.ts';
import { dir, tinyManifest, tinyModel } from './generators-fixtures.ts';

const DEMO = 'models/demo-phantom/demo-phantom.onnx';

test('the shipped demo manifest is valid and matches its model', async () => {
  const manifest = await loadManifest('models/demo-phantom/manifest.json');
  const { sha256, manifest: checked } = await inspectGenerator(DEMO, manifest);
  assert.match(sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(checked.latents.map((l) => l.name), ['z', 'noise']);
});

test('every generator shipped in models/ matches its manifest', async () => {
  const shipped = readdirSync('models').filter((d) => existsSync(join('models', d, 'manifest.json')));
  assert.ok(shipped.includes('demo-phantom'));
  for (const d of shipped) {
    const onnx = readdirSync(join('models', d)).filter((f) => f.endsWith('.onnx'));
    assert.equal(onnx.length, 1, `models/${d} holds one .onnx`);
    await inspectGenerator(join('models', d, onnx[0]), await loadManifest(join('models', d, 'manifest.json')));
  }
});

test('an invalid manifest is rejected with every problem listed', () => {
  assert.throws(() => parseManifest({ schemaVersion: 1, name: '', latents: [], output: { layout: 'NCHW', shape: ['N', 1, 8] } }, 'bad.json'), (err: Error) => {
    assert.match(err.message, /bad\.json/);
    assert.match(err.message, /latents/);
    assert.match(err.message, /output/);
    assert.match(err.message, /huMapping/);
    return true;
  });
  assert.throws(() => tinyManifest({ output: { name: 'image', layout: 'NCHW', shape: [1, 1, 8, 8] } }), /batch dimension/);
});

test('a missing manifest is proposed from the model metadata', async () => {
  const proposed = await proposeManifest(DEMO);
  assert.equal(proposed.name, 'demo-phantom');
  assert.deepEqual(proposed.latents.map((l) => [l.name, l.shape]), [['z', ['N', 16]], ['noise', ['N', 1, 128, 128]]]);
  assert.deepEqual(proposed.output, { name: 'hu', layout: 'NCHW', shape: ['N', 1, 128, 128] });
  const { manifest } = await inspectGenerator(DEMO);
  assert.deepEqual(manifest, proposed);
});

test('manifest/model mismatches are clear errors naming the model', async () => {
  const model = tinyModel('mismatch');
  const cases: [Partial<Record<string, unknown>>, RegExp][] = [
    [{ latents: [{ name: 'latent', shape: ['N', 16], distribution: { kind: 'normal' } }], }, /latent input "latent" is not an input of the model.*\n- model input "z" is not in the manifest/s],
    [{ latents: [{ name: 'z', shape: ['N', 32], distribution: { kind: 'normal' } }] }, /dimension 1 is 16 in the model but 32 in the manifest/],
    [{ latents: [{ name: 'z', shape: ['N', 16, 1], distribution: { kind: 'normal' } }] }, /rank 2 in the model/],
    [{ output: { name: 'image', layout: 'NCHW', shape: ['N', 1, 16, 16] } }, /output "image": dimension 2 is 8 in the model but 16/],
    [{ output: { name: 'img', layout: 'NCHW', shape: ['N', 1, 8, 8] } }, /output "img" is not an output/],
  ];
  for (const [override, pattern] of cases) {
    await assert.rejects(inspectGenerator(model, tinyManifest(override)), (err: Error) => {
      assert.match(err.message, /^generator mismatch\.onnx: /);
      assert.match(err.message, pattern);
      return true;
    });
  }
  const fixedBatch = tinyModel('fixed-batch', 'none', 1);
  await assert.rejects(inspectGenerator(fixedBatch, tinyManifest()), /declares a dynamic batch \("N"\) but the model fixes it at 1/);
  const fixedManifest = tinyManifest({
    latents: [{ name: 'z', shape: [1, 16], distribution: { kind: 'normal' } }],
    output: { name: 'image', layout: 'NCHW', shape: [1, 1, 8, 8] },
  });
  await inspectGenerator(fixedBatch, fixedManifest);
  await assert.rejects(inspectGenerator(model, fixedManifest), /the model has a dynamic batch \("N"\) but the manifest fixes it at 1/);
});

test('bad model files: not ONNX, wrong output rank, unsupported operator', async () => {
  const text = join(dir, 'notes.onnx');
  writeFileSync(text, 'this is not a model, just a text file that someone renamed\n'.repeat(20));
  await assert.rejects(inspectGenerator(text, tinyManifest()), /^Error: generator notes\.onnx: not an ONNX model|generator notes\.onnx: not an ONNX model/);
  const truncated = join(dir, 'truncated.onnx');
  writeFileSync(truncated, readFileSync(DEMO).subarray(0, 5000));
  await assert.rejects(inspectGenerator(truncated, tinyManifest()), /generator truncated\.onnx: not an ONNX model/);
  await assert.rejects(inspectGenerator(join(dir, 'absent.onnx'), tinyManifest()), /generator absent\.onnx: cannot read the model file \(ENOENT\)/);
  await assert.rejects(inspectGenerator(tinyModel('rank2', 'rank'), tinyManifest()), /generator rank2\.onnx: .*output "image" has rank 2.*needs rank 4/s);
  await assert.rejects(proposeManifest(tinyModel('rank2b', 'rank')), /generator rank2b\.onnx: .*rank 2; a generator's output must be N×C×H×W/);
  await assert.rejects(inspectGenerator(tinyModel('exotic', 'unsupported-op'), tinyManifest()), /generator exotic\.onnx: .*cpu: .*(operator|FancyUpsample)/);
});
