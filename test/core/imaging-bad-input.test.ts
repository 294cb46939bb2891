import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importPath } from '../../electron/core/imaging/import.ts';
import { ctSlice, writeDicom, type ElementSpec } from './imaging-write-dicom.ts';

const FIXTURES = '../shared/fixtures';
const EXPLICIT = '1.2.840.10008.1.2.1';
let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirage-bad-'));
  mkdirSync(join(dir, 'good', 'deeper'), { recursive: true });
  for (const f of readdirSync(join(FIXTURES, 'dicom/series-ct-5slices'))) copyFileSync(join(FIXTURES, 'dicom/series-ct-5slices', f), join(dir, 'good', 'deeper', f));
  const slice = (extra: ElementSpec[] = []) => [...ctSlice({ rows: 4, columns: 4, position: [0, 0, 0] }).filter(([t]) => !extra.some(([e]) => e === t)), ...extra];
  const px = new Uint8Array(32);
  const files: Record<string, Uint8Array> = {
    'zero-bytes': new Uint8Array(0),
    garbage: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
    'truncated.dcm': readFileSync(join(FIXTURES, 'dicom/MR_truncated.dcm')),
    'truncated.nii': readFileSync(join(FIXTURES, 'nifti/anatomical.nii')).subarray(0, 20000),
    'huge.dcm': writeDicom(EXPLICIT, slice([[0x00280010, 'US', 65535], [0x00280011, 'US', 65535], [0x00280008, 'IS', 1000]]), px),
    'mismatch.dcm': writeDicom(EXPLICIT, slice([[0x00280010, 'US', 64], [0x00280011, 'US', 64]]), px),
    'mpeg2.dcm': writeDicom('1.2.840.10008.1.2.4.100', slice(), [px]),
    'corrupt-jls.dcm': writeDicom('1.2.840.10008.1.2.4.80', slice(), [Uint8Array.of(0xff, 0xd8, 0xff, 0xf7, 1, 2, 3, 4)]),
    'rgb.dcm': writeDicom(EXPLICIT, slice([[0x00280002, 'US', 3], [0x00280004, 'CS', 'RGB']]), new Uint8Array(96)),
    'truncated.nii.gz': gzipSync(readFileSync(join(FIXTURES, 'nifti/anatomical.nii'))).subarray(0, 9000),
    'bad.nii.gz': Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5),
  };
  // A NIfTI header declaring 30000³ int16 voxels.
  const huge = Buffer.from(readFileSync(join(FIXTURES, 'nifti/anatomical.nii')).subarray(0, 352));
  [30000, 30000, 30000].forEach((d, i) => huge.writeInt16BE(d, 42 + 2 * i));
  files['huge.nii'] = huge;
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a folder of bad files: each one skipped with the file and its problem, the good series still imports', async () => {
  const started = Date.now();
  const report = await importPath(dir);
  assert.ok(Date.now() - started < 10_000, 'no hang');
  assert.equal(report.series.length, 1);
  assert.equal(report.series[0].info.label, 'CT series 1 (5 slices)');
  const reasons = Object.fromEntries(report.skipped.map((s) => [s.file.slice(dir.length + 1), s.reason]));
  const expected: Record<string, RegExp> = {
    'zero-bytes': /^empty file \(0 bytes\)$/,
    garbage: /neither DICOM nor NIfTI/,
    'truncated.dcm': /pixel data truncated or smaller than declared: 8130 bytes, but 1 frame\(s\) of 64×64 at 16 bits need 8192/,
    'truncated.nii': /image data truncated or smaller than declared: volume 0 needs 67650 bytes from byte 352, 19648 present/,
    'huge.dcm': /declared dimensions 65535×65535×1000 need 15999\.5 GiB, over the 2 GiB limit/,
    'mismatch.dcm': /pixel data truncated or smaller than declared: 32 bytes, but 1 frame\(s\) of 64×64 at 16 bits need 8192/,
    'mpeg2.dcm': /unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.100/,
    'corrupt-jls.dcm': /cannot decode JPEG-LS Lossless frame 1/,
    'rgb.dcm': /colour image \(RGB, 3 samples per pixel\)/,
    'truncated.nii.gz': /gzip data cannot be decompressed \(unexpected end of file\)/,
    'bad.nii.gz': /gzip data cannot be decompressed/,
    'huge.nii': /declared dimensions 30000×30000×30000 need .* GiB, over the 2 GiB limit/,
  };
  assert.deepEqual(Object.keys(reasons).sort(), Object.keys(expected).sort());
  for (const [file, pattern] of Object.entries(expected)) assert.match(reasons[file], pattern, file);
});

test('a path that does not exist throws an error naming it', async () => {
  await assert.rejects(importPath(join(dir, 'missing')), (err: Error) => err.message.startsWith(join(dir, 'missing')) && /cannot read/.test(err.message));
});

test('a long import leaves the event loop responsive (timers keep firing)', async () => {
  // Uncompressed slices are read and decoded synchronously: only the import's own yields let timers in.
  const folder = join(dir, 'many');
  mkdirSync(folder);
  for (let z = 0; z < 64; z++) {
    writeFileSync(join(folder, `s${z}`), writeDicom(EXPLICIT, ctSlice({ rows: 8, columns: 8, position: [0, 0, z] }), new Uint8Array(128)));
  }
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    const report = await importPath(folder);
    assert.equal(report.series[0].volume.depth, 64);
    assert.ok(ticks >= 4, `${ticks} timer ticks`);
  } finally {
    clearInterval(timer);
  }
});

test('NIfTI volumes take the modality the organizer gives them', async () => {
  const s = (await importPath(join(FIXTURES, 'nifti/standard.nii.gz'), { niftiModality: 'CT' })).series[0];
  assert.equal(s.volume.modality, 'CT');
  assert.equal(s.info.label, 'CT series 1 (7 slices)');
});

test('series beyond the memory budget of one import are skipped with why, the others import', async () => {
  const report = await importPath(join(FIXTURES, 'dicom/series-ct-5slices'), { maxTotalVoxels: 1000 });
  assert.equal(report.series.length, 0);
  assert.match(report.skipped[0].reason, /series of 5 slices not imported: the import's memory budget of 1000 voxels is used up/);
  const budget = 300_000;
  const both = await importPath(join(FIXTURES, 'dicom'), { maxTotalVoxels: budget });
  const overBudget = both.skipped.filter((s) => /memory budget/.test(s.reason));
  assert.ok(both.series.length >= 1 && overBudget.length >= 1);
  assert.equal(both.series.length + overBudget.length, 6);
  assert.ok(both.series.reduce((n, s) => n + s.volume.data.length, 0) <= budget);
});
