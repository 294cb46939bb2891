import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPath } from '../../electron/core/imaging/import.ts';

let tmp = '';
before(() => { tmp = mkdtempSync(join(tmpdir(), 'mirage-inspect-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

function mirage(...args: string[]) {
  const r = spawnSync(process.execPath, ['electron/cli/mirage.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mirage inspect describes a folder: series, dimensions, spacing, orientation, syntax, range, gaps and skipped files', () => {
  const { code, out } = mirage('inspect', '../shared/fixtures/dicom');
  assert.equal(code, 0);
  assert.match(out, /CT series 5 \(4 slices\)\n {2}source: +dicom \(CT\)\n {2}dimensions: +16 × 16, 4 frame\(s\)\n {2}spacing \(mm\): +0\.4883 × 0\.4883 × 1\.25\n {2}orientation: +axial \(source axes LPS\)\n {2}transfer syntax: +Explicit VR Little Endian\n {2}range: +-981 … 1489 HU\n {2}warning: +gap: slices at -99\.48 and 103\.02 mm/);
  assert.match(out, /JPEG Extended \(12-bit\)/);
  assert.match(out, /6 series imported, 2 file\(s\) skipped/);
  assert.match(out, /skipped \.\.\/shared\/fixtures\/dicom\/MR_truncated\.dcm: pixel data truncated/);
});

test('mirage inspect --json --dump writes float32 HU, and --stored int32 stored values, identical to importPath', async () => {
  const path = '../shared/fixtures/dicom/series-ct-5slices';
  const hu = join(tmp, 'hu.raw');
  const json = mirage('inspect', path, '--json', '--dump', hu);
  assert.equal(json.code, 0);
  const parsed = JSON.parse(json.out);
  assert.equal(parsed.series[0].label, 'CT series 1 (5 slices)');
  assert.deepEqual(parsed.series[0].spacing, [0.488281, 0.488281, 2.5]);
  assert.deepEqual(parsed.skipped, []);
  const stored = join(tmp, 'stored.raw');
  assert.equal(mirage('inspect', path, '--dump', stored, '--stored').code, 0);
  const s = (await importPath(path, { stored: true })).series[0];
  const huBytes = readFileSync(hu);
  assert.equal(huBytes.length, 16 * 16 * 5 * 4);
  assert.deepEqual(new Float32Array(huBytes.buffer, huBytes.byteOffset, huBytes.length / 4), s.volume.data);
  const storedBytes = readFileSync(stored);
  assert.deepEqual(new Int32Array(storedBytes.buffer, storedBytes.byteOffset, storedBytes.length / 4), s.stored);
  // HU = stored − 1024 in these files: the two dumps are the same pixels.
  assert.equal(huBytes.readFloatLE(4 * 37), storedBytes.readInt32LE(4 * 37) - 1024);
});

test('mirage inspect --volume picks the volume of a 4D NIfTI; a bad file exits 1 naming it', async () => {
  const file = '../shared/fixtures/nifti/example_nifti2.nii.gz';
  const out = join(tmp, 'v1.raw');
  assert.equal(mirage('inspect', file, '--volume', '1', '--dump', out).code, 0);
  const expected = (await importPath(file, { volume: 1 })).series[0].volume.data;
  const bytes = readFileSync(out);
  assert.deepEqual(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), expected);
  const bad = mirage('inspect', '../shared/fixtures/dicom/MR_truncated.dcm');
  assert.equal(bad.code, 1);
  assert.match(bad.out, /skipped \.\.\/shared\/fixtures\/dicom\/MR_truncated\.dcm: pixel data truncated/);
});
