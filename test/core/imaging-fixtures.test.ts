import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importPath } from '../../electron/core/imaging/import.ts';

// What ../shared/fixtures/{dicom,nifti}/README.md says of each entry: imported as
// [modality, width, height, frames], or rejected with a reason.
const EXPECTED: Record<string, [string, number, number, number] | RegExp> = {
  'dicom/CT_small.dcm': ['CT', 128, 128, 1],
  'dicom/MR_small.dcm': ['MR', 64, 64, 1],
  'dicom/MR_small_implicit.dcm': ['MR', 64, 64, 1],
  'dicom/MR_small_bigendian.dcm': ['MR', 64, 64, 1],
  'dicom/MR_small_RLE.dcm': ['MR', 64, 64, 1],
  'dicom/MR_small_jpeg_ls_lossless.dcm': ['MR', 64, 64, 1],
  'dicom/MR_small_jp2klossless.dcm': ['MR', 64, 64, 1],
  'dicom/JPEG-lossy.dcm': ['NM', 256, 1024, 1],
  // No file meta, and an RT Ion Plan: valid DICOM, but no image.
  'dicom/ExplVR_LitEndNoMeta.dcm': /^not an image: radiotherapy object/,
  'dicom/MR_truncated.dcm': /truncated/,
  'dicom/emri_small.dcm': ['MR', 64, 64, 10],
  'dicom/series-ct-4slices': ['CT', 16, 16, 4],
  'dicom/series-ct-5slices': ['CT', 16, 16, 5],
  'nifti/anatomical.nii': ['OT', 33, 41, 25],
  'nifti/example_nifti2.nii.gz': ['OT', 32, 20, 12],
  'nifti/standard.nii.gz': ['OT', 4, 5, 7],
};

test('every DICOM and NIfTI fixture is imported or rejected as the fixtures README says', async () => {
  const entries = ['dicom', 'nifti'].flatMap((d) => readdirSync(join('../shared/fixtures', d)).map((f) => `${d}/${f}`)).filter((f) => !f.endsWith('README.md'));
  assert.deepEqual(entries.sort(), Object.keys(EXPECTED).sort(), 'a fixture without an expectation');
  for (const [entry, expected] of Object.entries(EXPECTED)) {
    const report = await importPath(join('../shared/fixtures', entry));
    if (expected instanceof RegExp) {
      assert.equal(report.series.length, 0, entry);
      assert.equal(report.skipped.length, 1, entry);
      assert.match(report.skipped[0].reason, expected, entry);
    } else {
      assert.deepEqual(report.skipped, [], entry);
      assert.equal(report.series.length, 1, entry);
      const { modality, width, height, frames } = report.series[0].info;
      assert.deepEqual([modality, width, height, frames], expected, entry);
    }
  }
});
