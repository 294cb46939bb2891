// `mirage analyze --imrmc FILE [--json]`, run as a user runs it (a child process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mirage = (...args: string[]) => spawnSync(process.execPath, ['electron/cli/mirage.mjs', ...args], { encoding: 'utf8' });
const dir = '../shared/fixtures/mrmc';

test('--json on a fully crossed file carries OR-DBM and U-statistic results', () => {
  const run = mirage('analyze', '--imrmc', `${dir}/VanDyke.imrmc`, '--json');
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.design.notFullyCrossed, null);
  assert.equal(out.ordbm.rrrc.test.F.toFixed(2), '4.46');
  assert.equal(out.ordbm.rrrc.test.df2.toFixed(2), '15.26');
  assert.equal(out.ustat.differences[0].result.tests.bdg.df.toFixed(4), '12.8134');
  assert.doesNotMatch(run.stdout, /NaN|null,\s*"upper"/);
});

test('a split design gets per-modality OR-DBM and U-statistics, with the reason the joint OR-DBM is missing', () => {
  const run = mirage('analyze', '--imrmc', `${dir}/VanDykeSplitA.imrmc`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Across modalities: NA \(OR-DBM needs a fully crossed design/);
  assert.match(run.stdout, /-- modality 0 alone --/);
  assert.match(run.stdout, /0 - 1\s+-0\.095612/);
});

test('a malformed file fails with exit code 1 and names the file and line', () => {
  const bad = join(mkdtempSync(join(tmpdir(), 'mirage-')), 'bad.imrmc');
  writeFileSync(bad, 'N0:1\nN1:1\nNR:1\nNM:1\nBEGIN DATA:\n-1,1,truth,0\n-1,2,truth,1\n0,1,A\n');
  const run = mirage('analyze', '--imrmc', bad);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /mirage analyze: bad\.imrmc:8: expected 4 comma-separated fields/);
});

test('the command is listed in mirage --help and refuses missing input', () => {
  assert.match(mirage('--help').stdout, /analyze\s+MRMC analysis/);
  const run = mirage('analyze');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /give --imrmc FILE/);
});
