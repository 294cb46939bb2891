import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../../electron/cli/data-dir.ts';
import { MirageCore } from '../../electron/core/service.ts';
import { countScores, newCore, organizerStudy, read, repoRoot } from './bundles-fixtures.ts';

const mirage = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'electron/cli/mirage.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, MIRAGE_DATA_DIR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (r: { code: number | null; out: string; err: string }) => {
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
};

test('the CLI finds the app data folder like Electron does', () => {
  const home = '/home/u';
  assert.equal(resolveDataDir('/x', { MIRAGE_DATA_DIR: '/y' }, 'linux', home), '/x');
  assert.equal(resolveDataDir(undefined, { MIRAGE_DATA_DIR: '/y' }, 'linux', home), '/y');
  assert.equal(resolveDataDir(undefined, {}, 'linux', home), join(home, '.config', 'Mirage'));
  assert.equal(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' }, 'linux', home), join('/cfg', 'Mirage'));
  assert.equal(resolveDataDir(undefined, { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', home), join('C:\\Users\\u\\AppData\\Roaming', 'Mirage'));
  assert.equal(resolveDataDir(undefined, {}, 'darwin', home), join(home, 'Library', 'Application Support', 'Mirage'));
});

test('mirage study package|install and bundle export|import carry a session from a workstation to the organizer', async () => {
  const org = newCore('cli-org');
  const studyId = await organizerStudy(org);
  const orgDir = org.options.dataDir;
  org.close();
  const wsDir = newCore('cli-ws').options.dataDir;

  const pkg = json(mirage('study', 'package', '--data', orgDir, '--study', String(studyId), '--json'));
  const installed = json(mirage('study', 'install', pkg.path, '--data', wsDir, '--json'));
  assert.equal(installed.studyUid, pkg.studyUid);
  assert.match(mirage('study', 'install', pkg.path, '--data', wsDir).out, /already installed/);

  const ws = new MirageCore({ dataDir: wsDir, modelsDir: join(repoRoot, 'models'), appVersion: 'test' });
  await read(ws, installed.studyId, 'Alice', 'training', 2);
  await read(ws, installed.studyId, 'Alice', 'study', 4);
  ws.close();

  // The workstation names the study by uid: local ids differ between machines.
  const exported = json(mirage('bundle', 'export', '--data', wsDir, '--study', pkg.studyUid.slice(0, 8), '--workstation', 'Reading room 2', '--json'));
  assert.equal(exported.scores, 6);
  const first = mirage('bundle', 'import', '--data', orgDir, '--study', String(studyId), exported.path);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /Reading room 2: 6 new, 0 updated, 0 unchanged, 0 conflicts/);
  assert.match(mirage('bundle', 'import', '--data', orgDir, '--study', String(studyId), exported.path).out, /already imported/);

  const tampered = join(wsDir, 'tampered.mirage-session');
  const original = readFileSync(exported.path, 'utf8');
  writeFileSync(tampered, original.replace('\\"realism\\":2', '\\"realism\\":5'));
  assert.notEqual(readFileSync(tampered, 'utf8'), original);
  const bad = mirage('bundle', 'import', '--data', orgDir, '--study', String(studyId), tampered);
  assert.equal(bad.code, 1);
  assert.match(bad.err, new RegExp(`${tampered}: rejected: part "scores" does not match`));

  const check = new MirageCore({ dataDir: orgDir, modelsDir: join(repoRoot, 'models'), appVersion: 'test' });
  assert.equal(countScores(check, studyId), 4);
  check.close();
  assert.equal(mirage('bundle', 'import', '--data', orgDir).code, 2);
});
