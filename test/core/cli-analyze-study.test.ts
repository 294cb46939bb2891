import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createDemoStudy, demoModelPath } from '../../electron/core/demo.ts';
import { modelsDir, newCore, repoRoot, tempDir } from '../support.ts';

const mirage = join(repoRoot, 'electron/cli/mirage.mjs');

test('mirage analyze --study unseals a study of the app database with $MIRAGE_PASSPHRASE', async () => {
  const dataDir = tempDir();
  const core = newCore(dataDir);
  const { studyId, passphrase } = await createDemoStudy(core);
  const [study] = await core.call('listStudies', {});
  const s = core.desk.open(study.readers[0].id, null);
  for (let p = 0; p < s.total; p++) {
    core.desk.submit({ session: s.session, token: core.desk.getCase(s.session, 'study', p, false).token, realism: 3, call: p % 2 ? 'real' : 'synthetic', confidence: 2, freeText: null, roi: null, firstAnswerMs: 5, totalMs: 10, timedOut: false });
  }
  core.close();

  const refused = spawnSync(process.execPath, [mirage, 'analyze', '--study', String(studyId), '--data', dataDir], { encoding: 'utf8', env: { ...process.env, MIRAGE_PASSPHRASE: '' } });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /MIRAGE_PASSPHRASE/);
  const wrong = spawnSync(process.execPath, [mirage, 'analyze', '--study', String(studyId), '--data', dataDir], { encoding: 'utf8', env: { ...process.env, MIRAGE_PASSPHRASE: 'nope' } });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /wrong passphrase/);

  const out = execFileSync(process.execPath, [mirage, 'analyze', '--study', String(studyId), '--data', dataDir, '--json'], { encoding: 'utf8', env: { ...process.env, MIRAGE_PASSPHRASE: passphrase } });
  const summary = JSON.parse(out) as { scores: number; files: string[]; generators: { name: string }[] };
  assert.equal(summary.scores, 20);
  assert.deepEqual(summary.generators.map((g) => g.name), [basename(demoModelPath(modelsDir), '.onnx')]);
  assert.ok(summary.files.every((f) => existsSync(f)));
});
