import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPath } from '../../electron/core/imaging/import.ts';
import { toCaseImage, DEFAULT_CASE_FORMAT } from '../../electron/core/imaging/case-format.ts';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof import('dicom-parser');
const DICOM = '../shared/fixtures/dicom';

async function one(file: string, stored = true) {
  const report = await importPath(join(DICOM, file), { stored });
  assert.deepEqual(report.skipped, [], `${file} should import`);
  assert.equal(report.series.length, 1);
  return report.series[0];
}

test('CT_small: stored values match pydicom and HU = stored × slope + intercept', async () => {
  const s = await one('CT_small.dcm');
  const { width } = s.volume;
  const row24 = [36, 37, 38, 39].map((x) => s.stored![24 * width + x]);
  assert.deepEqual(row24, [520, 802, 930, 1008]);
  // Rescale Intercept −1024, slope 1 in the file.
  assert.deepEqual([36, 37, 38, 39].map((x) => s.volume.data[24 * width + x]), [-504, -222, -94, -16]);
  assert.equal(s.volume.modality, 'CT');
  assert.deepEqual([s.info.width, s.info.height, s.info.frames], [128, 128, 1]);
  assert.deepEqual(s.info.spacing, [0.661468, 0.661468, 5]);
  assert.equal(s.info.orientation, 'axial (source axes LPS)');
});

for (const file of ['MR_small.dcm', 'MR_small_implicit.dcm', 'MR_small_bigendian.dcm']) {
  test(`${file}: reference pixels (row 0, columns 31–33 and the last pixel)`, async () => {
    const s = await one(file);
    assert.deepEqual([31, 32, 33].map((x) => s.volume.data[x]), [422, 319, 361]);
    assert.equal(s.volume.data[s.volume.data.length - 1], 862);
    assert.equal(s.info.modality, 'MR');
  });
}

test('implicit and big-endian MR_small decode to exactly the explicit little-endian pixels', async () => {
  const ref = (await one('MR_small.dcm')).volume.data;
  for (const file of ['MR_small_implicit.dcm', 'MR_small_bigendian.dcm']) {
    assert.deepEqual((await one(file)).volume.data, ref, file);
  }
});

/** z of Image Position (Patient) and the raw pixel bytes of one file, read directly with dicom-parser. */
function positionAndPixels(path: string) {
  const ds = dicomParser.parseDicom(readFileSync(path));
  const px = ds.elements.x7fe00010;
  const raw = ds.byteArray.slice(px.dataOffset, px.dataOffset + px.length);
  const stored = new Int16Array(raw.buffer, raw.byteOffset, px.length / 2);
  return { z: ds.floatString('x00200032', 2)!, stored, intercept: ds.floatString('x00281052')! };
}

test('series-ct-5slices: one series, slices ordered inferior→superior, rescaled to HU', async () => {
  const dir = join(DICOM, 'series-ct-5slices');
  const report = await importPath(dir, { stored: true });
  assert.deepEqual(report.skipped, []);
  assert.equal(report.series.length, 1);
  const s = report.series[0];
  assert.equal(s.info.label, 'CT series 1 (5 slices)');
  assert.deepEqual([s.volume.width, s.volume.height, s.volume.depth], [16, 16, 5]);
  assert.deepEqual(s.info.warnings, []);
  const files = readdirSync(dir).map((f) => positionAndPixels(join(dir, f))).sort((a, b) => a.z - b.z);
  assert.equal(s.info.spacing[2], files[1].z - files[0].z);
  files.forEach((f, z) => {
    const slice = s.stored!.subarray(z * 256, (z + 1) * 256);
    assert.deepEqual([...slice], [...f.stored], `slice ${z} is the file at z=${f.z}`);
    assert.equal(s.volume.data[z * 256 + 17], f.stored[17] + f.intercept);
  });
  let min = Infinity;
  let max = -Infinity;
  for (const v of s.volume.data) { min = Math.min(min, v); max = Math.max(max, v); }
  assert.deepEqual(s.info.range, [min, max]);
});

test('series-ct-4slices: the gap between −99.48 and 103.02 mm is reported, spacing is the regular 1.25 mm', async () => {
  const report = await importPath(join(DICOM, 'series-ct-4slices'));
  const s = report.series[0];
  assert.equal(s.volume.depth, 4);
  assert.equal(s.info.spacing[2], 1.25);
  assert.equal(s.info.warnings.length, 1);
  assert.match(s.info.warnings[0], /gap: slices at -99\.48 and 103\.02 mm/);
});

test('a no-meta non-image object and a truncated file are skipped with the file named and the reason', async () => {
  const noMeta = await importPath(join(DICOM, 'ExplVR_LitEndNoMeta.dcm'));
  assert.equal(noMeta.series.length, 0);
  assert.equal(noMeta.skipped[0].file, join(DICOM, 'ExplVR_LitEndNoMeta.dcm'));
  assert.match(noMeta.skipped[0].reason, /not an image: radiotherapy object/);
  const truncated = await importPath(join(DICOM, 'MR_truncated.dcm'));
  assert.equal(truncated.series.length, 0);
  assert.equal(truncated.skipped[0].file, join(DICOM, 'MR_truncated.dcm'));
  assert.match(truncated.skipped[0].reason, /truncated/);
});

/** Every text value of a DICOM file that is not a plain number (spacing, HU…) (names, UIDs, dates, institution, descriptions…). */
function textValues(path: string): string[] {
  const ds = dicomParser.parseDicom(readFileSync(path));
  return Object.values(ds.elements)
    .filter((el) => el.vr && dicomParser.isStringVr(el.vr) && el.length > 0 && el.length < 200)
    .map((el) => (ds.string(el.tag) ?? '').trim())
    .filter((v) => v.length >= 4 && !v.split('\\').every((n) => Number.isFinite(Number(n))));
}

test('an imported series carries no text from its source and converts to the case format', async () => {
  const dir = join(DICOM, 'series-ct-5slices');
  const s = (await importPath(dir)).series[0];
  const { data, ...geometry } = s.volume;
  const text = JSON.stringify({ geometry, info: s.info });
  const values = readdirSync(dir).flatMap((f) => [f, ...textValues(join(dir, f))]);
  assert.ok(values.some((v) => v.startsWith('1.3.6.1.4.1.5962')), 'the oracle sees the UIDs');
  for (const value of new Set(values)) assert.ok(!text.includes(value), `"${value}" leaked`);
  assert.ok(!text.includes('fixtures'));
  assert.deepEqual(Object.keys(s.volume).sort(), ['data', 'depth', 'height', 'modality', 'spacing', 'width']);
  assert.ok(data instanceof Float32Array);
  const img = toCaseImage(s.volume, { ...DEFAULT_CASE_FORMAT, size: 16, depth: 5 });
  assert.equal(img.pixels.length, 16 * 16 * 5);
  assert.equal(img.pixels[17], data[17]);
});
