import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { addSeries } from '../../electron/core/library.ts';
import { DEFAULT_DESIGN } from '../../electron/core/study/design.ts';
import { modelsDir, newCore, tempDir } from '../support.ts';

const demo = join(modelsDir, 'demo-phantom');

test('a model without manifest gets a proposed one to confirm; nothing is stored before', async () => {
  const core = newCore();
  const dir = tempDir();
  const model = join(dir, 'team-a.onnx');
  copyFileSync(join(demo, 'demo-phantom.onnx'), model);
  const first = await core.call('registerGenerator', { path: model });
  assert.ok('proposal' in first);
  assert.match(first.reason, /no manifest\.json beside .*team-a\.onnx/);
  assert.deepEqual(await core.call('listGenerators', {}), []);
  const proposal = first.proposal as { latents: { name: string }[]; output: { shape: unknown[] } };
  assert.deepEqual(proposal.latents.map((l) => l.name).sort(), ['noise', 'z']);
  assert.deepEqual(proposal.output.shape.slice(1), [1, 128, 128]);
  // The organizer confirms the reviewed manifest (here: the model's real one, renamed).
  const manifest = { ...JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')), name: 'team-a' };
  const confirmed = await core.call('registerGenerator', { path: model, manifest });
  assert.ok('generator' in confirmed && confirmed.generator.name === 'team-a');
  await assert.rejects(core.call('registerGenerator', { path: model, manifest: { ...manifest, output: { ...manifest.output, shape: ['N', 1, 64, 64] } } }), /team-a\.onnx/);
  core.close();
});

function studyInput(core: ReturnType<typeof newCore>, generatorId: number, count: number) {
  const seriesIds = [0, 1, 2].map((i) => addSeries(core.db, `p${i}`, 'phantom', renderPhantom(i, { size: 128 })));
  return {
    name: 'Providers', passphrase: 'secret', design: DEFAULT_DESIGN, real: seriesIds.map((seriesId) => ({ seriesId, slices: 1 })), trainingReal: [],
    generators: [{ generatorId, count, trainingCount: 0, provider: 'cpu' as const }], readers: [{ name: 'R', pin: null, language: 'en' as const }],
  };
}

test('study creation reports the provider that ran, and can be cancelled without storing anything', async () => {
  const core = newCore();
  const registered = await core.call('registerGenerator', { path: join(demo, 'demo-phantom.onnx') });
  assert.ok('generator' in registered);
  const { studyId, generation } = await core.call('createStudy', studyInput(core, registered.generator.id, 3));
  assert.ok(studyId > 0);
  assert.deepEqual(generation.map((g) => [g.generator, g.provider, g.images]), [['demo-phantom', 'cpu', 3]]);
  assert.ok(generation[0].imagesPerSecond > 0);

  const progress: number[] = [];
  core.onEvent((_e, p) => progress.push((p as { done: number }).done));
  const running = core.call('createStudy', { ...studyInput(core, registered.generator.id, 5000), name: 'Cancelled' });
  while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await core.call('cancelStudyCreation', {}), { cancelled: true });
  await assert.rejects(running, /cancel/);
  assert.ok(progress.at(-1)! < 5000);
  assert.deepEqual((await core.call('listStudies', {})).map((s) => s.name), ['Providers']);
  core.close();
});
