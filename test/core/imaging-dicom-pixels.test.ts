import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPath } from '../../electron/core/imaging/import.ts';
import { ctSlice, writeDicom, type ElementSpec } from './imaging-write-dicom.ts';

const EXPLICIT = '1.2.840.10008.1.2.1';
let tmp = '';
before(() => { tmp = mkdtempSync(join(tmpdir(), 'mirage-pixels-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

function save(dir: string, name: string, bytes: Uint8Array): string {
  mkdirSync(join(tmp, dir), { recursive: true });
  const path = join(tmp, dir, name);
  writeFileSync(path, bytes);
  return path;
}
const int16 = (values: ArrayLike<number>) => new Uint8Array(Int16Array.from(values).buffer);
const uint16 = (values: ArrayLike<number>) => new Uint8Array(Uint16Array.from(values).buffer);
/** Replaces (or adds) elements in a list. */
const withElements = (base: ElementSpec[], ...extra: ElementSpec[]) => [...base.filter(([t]) => !extra.some(([e]) => e === t)), ...extra];

test('enhanced CT: per-frame positions and rescale, shared pixel spacing; frames stored out of order come out inferior→superior', async () => {
  const [w, h] = [3, 2];
  const zs = [30, 10, 20];
  const intercepts = [-1000, -1024, -1010];
  const frame = (i: number): ElementSpec[] => [
    [0x00209113, 'SQ', [[[0x00200032, 'DS', [0, 0, zs[i]]]]]],
    [0x00289145, 'SQ', [[[0x00281052, 'DS', intercepts[i]], [0x00281053, 'DS', 2]]]],
  ];
  const elements = withElements(ctSlice({ rows: h, columns: w, position: [0, 0, 0] }),
    [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2.1'],
    [0x00280008, 'IS', 3],
    [0x52009229, 'SQ', [[[0x00209116, 'SQ', [[[0x00200037, 'DS', [1, 0, 0, 0, 1, 0]]]]], [0x00289110, 'SQ', [[[0x00280030, 'DS', [0.5, 0.25]]]]]]]],
    [0x52009230, 'SQ', [frame(0), frame(1), frame(2)]],
  ).filter(([t]) => ![0x00200032, 0x00200037, 0x00280030, 0x00281052, 0x00281053].includes(t));
  const pixels = int16(Array.from({ length: w * h * 3 }, (_, i) => 100 * Math.floor(i / (w * h)) + (i % (w * h))));
  const file = save('enhanced', 'ct', writeDicom(EXPLICIT, elements, pixels));
  const s = (await importPath(file, { stored: true })).series[0];
  assert.deepEqual(s.info.warnings, []);
  assert.deepEqual([s.info.width, s.info.height, s.info.frames], [3, 2, 3]);
  assert.deepEqual(s.info.spacing, [0.25, 0.5, 10]);
  // File frame 1 (z 10) first, then frame 2 (z 20), then frame 0 (z 30); each with its own intercept.
  assert.deepEqual([s.stored![0], s.stored![6], s.stored![12]], [100, 200, 0]);
  assert.deepEqual([s.volume.data[0], s.volume.data[6], s.volume.data[12]], [100 * 2 - 1024, 200 * 2 - 1010, -1000]);
});

test('coronal slices are permuted to the canonical axial layout (columns →L, rows →P, slices →S)', async () => {
  const [w, h, n] = [4, 3, 2];
  // Rows of the image run inferior (column direction 0,0,−1), slices go posterior (y 0, 5).
  const files = Array.from({ length: n }, (_, k) => save('coronal', `s${k}`, writeDicom(EXPLICIT,
    ctSlice({ rows: h, columns: w, position: [0, 5 * k, 0], orientation: [1, 0, 0, 0, 0, -1], instance: k + 1 }),
    int16(Array.from({ length: w * h }, (_, p) => (p % w) + 10 * Math.floor(p / w) + 100 * k)))));
  assert.equal(files.length, n);
  const s = (await importPath(join(tmp, 'coronal'), { stored: true })).series[0];
  assert.match(s.info.orientation, /^coronal \(source axes LIP\)$/);
  assert.deepEqual([s.volume.width, s.volume.height, s.volume.depth], [w, n, h]);
  assert.deepEqual(s.volume.spacing, [0.7, 5, 0.7]);
  for (let z = 0; z < h; z++) for (let y = 0; y < n; y++) for (let x = 0; x < w; x++) {
    // Canonical (x, y, z) = source column x, slice y, row (h−1−z): inferior rows come first.
    assert.equal(s.stored![(z * n + y) * w + x], x + 10 * (h - 1 - z) + 100 * y);
  }
});

test('a series with a localizer (mixed orientations) and a duplicated slice is split and reported', async () => {
  const slice = (z: number, orientation?: number[]) => writeDicom(EXPLICIT, ctSlice({ rows: 2, columns: 2, position: [0, 0, z], orientation }), int16([1, 2, 3, 4]));
  save('mixed', 'a', slice(0));
  save('mixed', 'b', slice(2));
  save('mixed', 'c', slice(2));
  save('mixed', 'd', slice(4));
  save('mixed', 'loc', slice(0, [1, 0, 0, 0, 0, -1]));
  const report = await importPath(join(tmp, 'mixed'));
  assert.equal(report.series.length, 2);
  const [axial, localizer] = [...report.series].sort((a, b) => b.info.frames * b.info.width - a.info.frames * a.info.width);
  assert.equal(axial.info.frames, 3);
  assert.match(axial.info.warnings.join('\n'), /mixes 2 slice orientations/);
  assert.match(axial.info.warnings.join('\n'), /1 duplicate slice position/);
  assert.match(localizer.info.warnings.join('\n'), /mixes 2 slice orientations/);
});

test('without positions, slices are ordered by instance number', async () => {
  for (const [name, instance, value] of [['x', 3, 30], ['y', 1, 10], ['z', 2, 20]] as const) {
    const elements = ctSlice({ rows: 1, columns: 1, position: [0, 0, 0], instance }).filter(([t]) => t !== 0x00200032);
    save('instances', name, writeDicom(EXPLICIT, elements, int16([value, 0]).subarray(0, 2)));
  }
  const s = (await importPath(join(tmp, 'instances'), { stored: true })).series[0];
  assert.deepEqual([...s.stored!], [10, 20, 30]);
  assert.match(s.info.warnings.join(), /ordered by instance/);
});

test('Bits Stored masks overlay bits; 12-bit signed values are sign-extended', async () => {
  const base = ctSlice({ rows: 1, columns: 4, position: [0, 0, 0] });
  const unsigned = withElements(base, [0x00280101, 'US', 12], [0x00280102, 'US', 11], [0x00280103, 'US', 0], [0x00281052, 'DS', 0]);
  const a = (await importPath(save('bits', 'u12', writeDicom(EXPLICIT, unsigned, uint16([0x8000 | 100, 0x1000 | 5, 4095, 0]))), { stored: true })).series[0];
  assert.deepEqual([...a.stored!], [100, 5, 4095, 0]);
  const signed = withElements(base, [0x00280101, 'US', 12], [0x00280102, 'US', 11], [0x00281052, 'DS', 0]);
  const b = (await importPath(save('bits', 's12', writeDicom(EXPLICIT, signed, uint16([0x0fff, 0x0800, 0x07ff, 0xf005]))), { stored: true })).series[0];
  assert.deepEqual([...b.stored!], [-1, -2048, 2047, 5]);
});

test('MONOCHROME1 is inverted so that high values are bright; 8-bit pixels', async () => {
  const elements = withElements(ctSlice({ rows: 1, columns: 4, position: [0, 0, 0] }),
    [0x00080060, 'CS', 'CR'], [0x00280004, 'CS', 'MONOCHROME1'], [0x00280100, 'US', 8], [0x00280101, 'US', 8], [0x00280102, 'US', 7], [0x00280103, 'US', 0], [0x00281052, 'DS', 0]);
  const s = (await importPath(save('mono1', 'cr', writeDicom(EXPLICIT, elements, Uint8Array.of(0, 10, 200, 255))), { stored: true })).series[0];
  assert.deepEqual([...s.stored!], [0, 10, 200, 255]);
  assert.deepEqual([...s.volume.data], [255, 245, 55, 0]);
  assert.equal(s.volume.modality, 'OT');
});

test('padding pixels (outside the scan) take the lowest real value, not −2000 + intercept', async () => {
  const elements = withElements(ctSlice({ rows: 1, columns: 4, position: [0, 0, 0] }), [0x00280120, 'SS', -2000]);
  const s = (await importPath(save('padding', 'ct', writeDicom(EXPLICIT, elements, int16([-2000, 24, 1024, -2000]))))).series[0];
  assert.deepEqual([...s.volume.data], [-1000, -1000, 0, -1000]);
  assert.deepEqual(s.info.range, [-1000, 0]);
});

test('non-image objects are skipped with what they are', async () => {
  const sr: ElementSpec[] = [[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.88.22'], [0x00080060, 'CS', 'SR']];
  const pr: ElementSpec[] = [[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.11.1'], [0x00080060, 'CS', 'PR']];
  save('objects', 'sr', writeDicom(EXPLICIT, sr));
  save('objects', 'pr', writeDicom(EXPLICIT, pr));
  const report = await importPath(join(tmp, 'objects'));
  assert.equal(report.series.length, 0);
  assert.deepEqual(report.skipped.map((s) => s.reason.replace(/ \(SOP.*/, '')), ['not an image: presentation state', 'not an image: structured report']);
});

test('images with burned-in annotation are refused: their pixels may show patient details', async () => {
  const elements = withElements(ctSlice({ rows: 1, columns: 2, position: [0, 0, 0] }), [0x00280301, 'CS', 'YES']);
  const report = await importPath(save('burned', 'sc', writeDicom(EXPLICIT, elements, int16([1, 2]))));
  assert.equal(report.series.length, 0);
  assert.match(report.skipped[0].reason, /burned-in annotation/);
});

test('the value range follows the rescale, also with a negative slope', async () => {
  const elements = withElements(ctSlice({ rows: 1, columns: 3, position: [0, 0, 0] }), [0x00281053, 'DS', -2], [0x00281052, 'DS', 1]);
  const s = (await importPath(save('slope', 'neg', writeDicom(EXPLICIT, elements, int16([5, -3, 10]))))).series[0];
  assert.deepEqual([...s.volume.data], [-9, 7, -19]);
  assert.deepEqual(s.info.range, [-19, 7]);
});

test('an old-style multi-frame object with one top-level position keeps all its frames, in frame order', async () => {
  const elements = withElements(ctSlice({ rows: 1, columns: 2, position: [0, 0, 7] }), [0x00280008, 'IS', 3], [0x00180088, 'DS', 2.5]);
  const s = (await importPath(save('multiframe', 'mf', writeDicom(EXPLICIT, elements, int16([1, 2, 3, 4, 5, 6]))), { stored: true })).series[0];
  assert.deepEqual([...s.stored!], [1, 2, 3, 4, 5, 6]);
  assert.equal(s.info.spacing[2], 2.5);
  assert.doesNotMatch(s.info.warnings.join(), /duplicate/);
});

test('a header longer than the 64 KB read ahead (a big private element) still imports, and its content goes nowhere', async () => {
  const secret = Buffer.alloc(70_000, 'PATIENT-SECRET ');
  const elements = withElements(ctSlice({ rows: 2, columns: 2, position: [0, 0, 0] }), [0x00291010, 'OB', new Uint8Array(secret)]);
  const s = (await importPath(save('bighead', 'ct', writeDicom(EXPLICIT, elements, int16([1, 2, 3, 4]))), { stored: true })).series[0];
  assert.deepEqual([...s.stored!], [1, 2, 3, 4]);
  assert.ok(!JSON.stringify(s.info).includes('SECRET'));
});

test('1-bit pixels are unpacked least significant bit first', async () => {
  const elements = withElements(ctSlice({ rows: 2, columns: 4, position: [0, 0, 0] }),
    [0x00080060, 'CS', 'OT'], [0x00280100, 'US', 1], [0x00280101, 'US', 1], [0x00280102, 'US', 0], [0x00280103, 'US', 0], [0x00281052, 'DS', 0]);
  const s = (await importPath(save('onebit', 'ot', writeDicom(EXPLICIT, elements, Uint8Array.of(0b10001101))), { stored: true })).series[0];
  assert.deepEqual([...s.stored!], [1, 0, 1, 1, 0, 0, 0, 1]);
});
