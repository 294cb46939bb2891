import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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

test('mirage analyze --csv analyses an exported scores table, and names the line of a malformed one', async () => {
  const dataDir = tempDir();
  const core = newCore(dataDir);
  const { studyId, passphrase } = await createDemoStudy(core);
  for (const reader of (await core.call('listStudies', {}))[0].readers) {
    const s = core.desk.open(reader.id, null);
    for (let p = 0; p < s.total; p++) {
      core.desk.submit({ session: s.session, token: core.desk.getCase(s.session, 'study', p, false).token, realism: (p % 5) + 1, call: p % 3 ? 'real' : 'synthetic', confidence: 3, freeText: null, roi: null, firstAnswerMs: 5, totalMs: 10, timedOut: false });
    }
  }
  const { path } = await core.call('exportScoresCsv', { studyId, passphrase });
  core.close();
  const report = join(tempDir(), 'report.html');
  const out = execFileSync(process.execPath, [mirage, 'analyze', '--csv', path, '--report', report], { encoding: 'utf8' });
  assert.match(out, /2 readers, 10 real cases/);
  assert.match(out, /fool rate/);
  assert.ok(existsSync(report));

  const dir = tempDir();
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'reader,case,truth,generator,call,confidence,rating6,realism\nA,1,real,,real,2,2,3\nA,2,maybe,,real,2,2,3\n');
  const r1 = spawnSync(process.execPath, [mirage, 'analyze', '--csv', bad], { encoding: 'utf8' });
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, /bad\.csv, line 3: truth must be "real" or "synthetic", got "maybe"/);
  writeFileSync(bad, 'reader,case,truth\nA,1,real\n');
  const r2 = spawnSync(process.execPath, [mirage, 'analyze', '--csv', bad], { encoding: 'utf8' });
  assert.match(r2.stderr, /bad\.csv, line 1: missing column\(s\) generator, call, confidence, rating6, realism/);
});
