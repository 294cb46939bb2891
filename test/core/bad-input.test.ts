import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoStudy } from '../../electron/core/demo.ts';
import { newCore, sharedDir, tempDir } from '../support.ts';

test('bad input gets a clear message naming the file, and nothing stored is lost', async () => {
  const core = newCore();
  await createDemoStudy(core);
  const before = {
    series: (await core.call('listSeries', {})).length,
    generators: (await core.call('listGenerators', {})).length,
    studies: JSON.stringify(await core.call('listStudies', {})),
  };

  // A folder with no DICOM in it: nothing imported, each file named with its reason.
  const folder = tempDir();
  writeFileSync(join(folder, 'notes.txt'), 'not a scan');
  writeFileSync(join(folder, 'empty.dcm'), '');
  const none = await core.call('importScans', { path: folder });
  assert.equal(none.imported.length, 0);
  assert.deepEqual(none.skipped.map((s) => s.file.split('/').pop()).sort(), ['empty.dcm', 'notes.txt']);
  assert.ok(none.skipped.every((s) => s.reason.length > 5));

  // A truncated DICOM next to a good one: the good one imports, the bad one is named.
  const mixed = tempDir();
  copyFileSync(join(sharedDir, 'fixtures/dicom/MR_truncated.dcm'), join(mixed, 'MR_truncated.dcm'));
  copyFileSync(join(sharedDir, 'fixtures/dicom/CT_small.dcm'), join(mixed, 'CT_small.dcm'));
  const partial = await core.call('importScans', { path: mixed });
  assert.equal(partial.imported.length, 1);
  assert.equal(partial.skipped.length, 1);
  assert.match(partial.skipped[0].file, /MR_truncated\.dcm$/);

  // An .onnx file that is not a model, and a model that is not a generator.
  const models = tempDir();
  mkdirSync(models, { recursive: true });
  writeFileSync(join(models, 'broken.onnx'), 'garbage bytes, not protobuf');
  await assert.rejects(core.call('registerGenerator', { path: join(models, 'broken.onnx') }), /broken\.onnx/);
  await assert.rejects(core.call('registerGenerator', { path: join(models, 'missing.onnx') }), /missing\.onnx/);

  assert.equal((await core.call('listSeries', {})).length, before.series + 1);
  assert.equal((await core.call('listGenerators', {})).length, before.generators);
  assert.equal(JSON.stringify(await core.call('listStudies', {})), before.studies);
  core.close();
});
