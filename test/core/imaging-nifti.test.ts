import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { importPath } from '../../electron/core/imaging/import.ts';
import type { Volume } from '../../electron/core/imaging/volume.ts';

const NIFTI = '../shared/fixtures/nifti';
let tmp = '';
before(() => { tmp = mkdtempSync(join(tmpdir(), 'mirage-nifti-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The raw voxels of volume `t` straight from nifti-reader-js (byte-swapped when big endian): the oracle. */
function rawVoxels(file: string, t = 0): { dims: number[]; values: Int16Array | Uint8Array } {
  const bytes = readFileSync(file);
  let buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  if (nifti.isCompressed(buffer)) buffer = nifti.decompress(buffer) as ArrayBuffer;
  const header = nifti.readHeader(buffer);
  const image = new Uint8Array(nifti.readImage(header, buffer).slice(0));
  const [, w, h, d] = header.dims;
  const n = w * h * d;
  if (header.datatypeCode === 2) return { dims: [w, h, d], values: image.subarray(t * n, (t + 1) * n) };
  if (!header.littleEndian) Buffer.from(image.buffer).swap16();
  return { dims: [w, h, d], values: new Int16Array(image.buffer, t * n * 2, n) };
}

async function only(path: string, volume?: number) {
  const report = await importPath(path, { volume, stored: true });
  assert.deepEqual(report.skipped, [], path);
  assert.equal(report.series.length, 1);
  return report.series[0];
}

test('anatomical.nii (NIfTI-1, big endian, LAS): swapped bytes, rows flipped to anterior→posterior', async () => {
  const file = join(NIFTI, 'anatomical.nii');
  const s = await only(file);
  const { dims: [w, h, d], values } = rawVoxels(file);
  assert.deepEqual([s.volume.width, s.volume.height, s.volume.depth], [33, 41, 25]);
  assert.deepEqual(s.info.range, [-610, 30393]);
  const mean = s.volume.data.reduce((a, b) => a + b, 0) / s.volume.data.length;
  assert.equal(mean.toFixed(3), '8401.067');
  assert.equal(s.info.orientation, 'axial (source axes LAS)');
  for (const [x, y, z] of [[0, 0, 0], [5, 7, 11], [32, 40, 24], [16, 3, 20]]) {
    assert.equal(s.volume.data[(z * h + y) * w + x], values[(z * h + (h - 1 - y)) * w + x]);
  }
  assert.equal(d, 25);
  assert.deepEqual(s.info.spacing, [2, 2, 2]);
});

test('standard.nii.gz (gzip, RAS): columns and rows flipped to the radiological order', async () => {
  const file = join(NIFTI, 'standard.nii.gz');
  const s = await only(file);
  const { dims: [w, h], values } = rawVoxels(file);
  assert.deepEqual([s.volume.width, s.volume.height, s.volume.depth], [4, 5, 7]);
  assert.deepEqual(s.info.spacing, [1, 3, 2]);
  for (let z = 0; z < 7; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    assert.equal(s.volume.data[(z * h + y) * w + x], values[(z * h + (h - 1 - y)) * w + (w - 1 - x)]);
  }
});

test('example_nifti2.nii.gz (NIfTI-2, 4D): volume choice, out-of-range volume rejected with the file named', async () => {
  const file = join(NIFTI, 'example_nifti2.nii.gz');
  const v0 = await only(file);
  const v1 = await only(file, 1);
  assert.equal(v0.info.transferSyntaxes[0], 'NIfTI-2 int16 (gzip)');
  assert.deepEqual([v1.volume.width, v1.volume.height, v1.volume.depth], [32, 20, 12]);
  assert.match(v1.info.warnings.join(), /4D file: volume 1 of 2/);
  assert.match(v1.info.warnings.join(), /oblique/);
  assert.notDeepEqual(v0.volume.data, v1.volume.data);
  const raw1 = rawVoxels(file, 1).values;
  // LAS (tilted): rows flipped, as for anatomical.nii.
  assert.equal(v1.volume.data[(3 * 20 + 2) * 32 + 5], raw1[(3 * 20 + 17) * 32 + 5]);
  const bad = await importPath(file, { volume: 5 });
  assert.equal(bad.series.length, 0);
  assert.equal(bad.skipped[0].file, file);
  assert.match(bad.skipped[0].reason, /volume 5 requested, but the file has 2 volume/);
});

/**
 * A NIfTI-1 int16 file holding `v` in another voxel order: NIfTI axis n runs along
 * canonical axis axes[n] (0 x→L, 1 y→P, 2 z→S), reversed where signs[n] is −1.
 * The affine says so through the sform, or through a qform quaternion.
 */
function writeNifti(v: Volume, axes: number[], signs: number[], opts: { slope: number; inter: number; qform?: [number, number, number, number] }): Buffer {
  const cdims = [v.width, v.height, v.depth];
  const ndims = axes.map((a) => cdims[a]);
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  [3, ...ndims, 1, 1, 1, 1].forEach((d, i) => header.writeInt16LE(d, 40 + 2 * i));
  header.writeInt16LE(4, 70);
  header.writeInt16LE(16, 72);
  [opts.qform ? opts.qform[0] : 1, ...axes.map((a) => v.spacing[a]), 0, 0, 0, 0].forEach((p, i) => header.writeFloatLE(p, 76 + 4 * i));
  header.writeFloatLE(352, 108);
  header.writeFloatLE(opts.slope, 112);
  header.writeFloatLE(opts.inter, 116);
  if (opts.qform) {
    header.writeInt16LE(1, 252);
    opts.qform.slice(1).forEach((q, i) => header.writeFloatLE(q, 256 + 4 * i));
  } else {
    header.writeInt16LE(2, 254);
    for (let r = 0; r < 3; r++) for (let n = 0; n < 3; n++) {
      // Column n of the affine: ±spacing along canonical axis axes[n], in RAS (LPS with x and y negated).
      const lps = axes[n] === r ? signs[n] * v.spacing[r] : 0;
      header.writeFloatLE(r < 2 ? -lps : lps, 280 + 16 * r + 4 * n);
    }
  }
  header.write('n+1\0', 344, 'latin1');
  const data = new Int16Array(v.data.length);
  let o = 0;
  for (let k = 0; k < ndims[2]; k++) for (let j = 0; j < ndims[1]; j++) for (let i = 0; i < ndims[0]; i++) {
    const c = [0, 0, 0];
    [i, j, k].forEach((p, n) => { c[axes[n]] = signs[n] > 0 ? p : cdims[axes[n]] - 1 - p; });
    data[o++] = (v.data[(c[2] * v.height + c[1]) * v.width + c[0]] - opts.inter) / opts.slope;
  }
  return Buffer.concat([header, Buffer.from(data.buffer)]);
}

test('the same CT stored as NIfTI in other voxel orders imports to exactly the DICOM volume (sform, qform, scl_slope/inter)', async () => {
  const dicom = (await importPath('../shared/fixtures/dicom/series-ct-5slices')).series[0].volume;
  const variants: [string, Buffer][] = [
    // Sagittal-major storage: i runs superior, j toward the right, k toward anterior; sform.
    ['permuted-sform.nii', writeNifti(dicom, [2, 0, 1], [1, -1, -1], { slope: 1, inter: -1024 })],
    // The usual RAS order, gzip, with a slope.
    ['ras.nii.gz', gzipSync(writeNifti(dicom, [0, 1, 2], [-1, -1, 1], { slope: 0.5, inter: -1024 }))],
    // DICOM's own order described by a qform: 180° about z (quaternion d = 1), qfac 1.
    ['lps-qform', writeNifti(dicom, [0, 1, 2], [1, 1, 1], { slope: 1, inter: -1024, qform: [1, 0, 0, 1] })],
  ];
  for (const [name, bytes] of variants) {
    const path = join(tmp, name);
    writeFileSync(path, bytes);
    const s = await only(path);
    assert.deepEqual([s.volume.width, s.volume.height, s.volume.depth], [dicom.width, dicom.height, dicom.depth], name);
    for (const [a, b] of s.volume.spacing.map((sp, i) => [sp, dicom.spacing[i]])) assert.ok(Math.abs(a - b) < 1e-5, `${name} spacing`);
    assert.deepEqual(s.volume.data, dicom.data, name);
  }
});
