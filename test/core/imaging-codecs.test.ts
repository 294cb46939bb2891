import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DecodePool } from '../../electron/core/imaging/decode-pool.ts';
import { importPath, type ImportedSeries, type ImportOptions } from '../../electron/core/imaging/import.ts';
import { ctSlice, writeDicom, type ElementSpec } from './imaging-write-dicom.ts';

const DICOM = '../shared/fixtures/dicom';
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof import('dicom-parser');

async function only(path: string, opts: ImportOptions = {}): Promise<ImportedSeries> {
  const report = await importPath(path, { stored: true, ...opts });
  assert.deepEqual(report.skipped, [], path);
  assert.equal(report.series.length, 1, path);
  return report.series[0];
}

function assertSamePixels(a: ImportedSeries, b: ImportedSeries, what: string) {
  assert.deepEqual([a.info.width, a.info.height, a.info.frames], [b.info.width, b.info.height, b.info.frames], what);
  assert.ok(Buffer.from(a.stored!.buffer).equals(Buffer.from(b.stored!.buffer)), `${what}: stored values differ`);
  assert.ok(Buffer.from(a.volume.data.buffer).equals(Buffer.from(b.volume.data.buffer)), `${what}: values differ`);
}

for (const [file, syntax] of [
  ['MR_small_RLE.dcm', 'RLE Lossless'],
  ['MR_small_jpeg_ls_lossless.dcm', 'JPEG-LS Lossless'],
  ['MR_small_jp2klossless.dcm', 'JPEG 2000 Lossless'],
]) {
  test(`${file} decodes to exactly the pixels of the uncompressed MR_small`, async () => {
    const s = await only(join(DICOM, file));
    assert.deepEqual(s.info.transferSyntaxes, [syntax]);
    assertSamePixels(s, await only(join(DICOM, 'MR_small.dcm')), file);
    assert.deepEqual([31, 32, 33].map((x) => s.stored![x]), [422, 319, 361]);
  });
}

test('JPEG-lossy.dcm (12-bit JPEG extended) matches the reference values', async () => {
  const s = await only(join(DICOM, 'JPEG-lossy.dcm'));
  assert.deepEqual(s.info.transferSyntaxes, ['JPEG Extended (12-bit)']);
  assert.deepEqual([s.info.width, s.info.height], [256, 1024]);
  assert.equal(s.stored![420 * 256 + 140], 244);
  assert.equal(s.stored![230 * 256 + 120], 95);
});

// dcmtk writes the other syntaxes from the fixtures; its own decoder is the reference for the lossy ones.
const dcmtk = (() => {
  try {
    execFileSync('dcmcjpeg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let tmp = '';
before(() => { tmp = mkdtempSync(join(tmpdir(), 'mirage-codecs-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

function make(tool: string, args: string[], src: string, name: string): string {
  const out = join(tmp, name);
  execFileSync(tool, [...args, src, out], { stdio: 'ignore' });
  return out;
}

const MR = join(DICOM, 'MR_small.dcm');
const EMRI = join(DICOM, 'emri_small.dcm');
const CT = join(DICOM, 'CT_small.dcm');

test('lossless syntaxes written by dcmtk decode exactly to the source pixels', { skip: !dcmtk && 'dcmtk not installed' }, async () => {
  const cases: [string, string[], string, string][] = [
    ['dcmcjpeg', ['+e1'], MR, 'JPEG Lossless (Process 14, SV1)'],
    ['dcmcjpeg', ['+el'], MR, 'JPEG Lossless (Process 14)'],
    ['dcmcjpeg', ['+e1'], EMRI, 'JPEG Lossless (Process 14, SV1)'],
    ['dcmcjpls', ['+el'], EMRI, 'JPEG-LS Lossless'],
    ['dcmcrle', [], CT, 'RLE Lossless'],
    ['dcmcrle', [], EMRI, 'RLE Lossless'],
    ['dcmconv', ['+td'], MR, 'Deflated Explicit VR Little Endian'],
    ['dcmconv', ['-F', '+ti'], CT, 'Implicit VR Little Endian'],
    ['dcmconv', ['-F', '+te'], CT, 'Explicit VR Little Endian'],
  ];
  for (const [i, [tool, args, src, syntax]] of cases.entries()) {
    const s = await only(make(tool, args, src, `lossless-${i}.dcm`));
    assert.deepEqual(s.info.transferSyntaxes, [syntax], `${tool} ${args.join(' ')}`);
    assertSamePixels(s, await only(src), `${tool} ${args.join(' ')} ${src}`);
  }
});

test('lossy syntaxes (8-bit baseline, 12-bit extended, near-lossless JPEG-LS; single and multi-frame) match dcmtk\'s decoding', { skip: !dcmtk && 'dcmtk not installed' }, async () => {
  const cases: [string, string[], string, string, string][] = [
    ['dcmcjpeg', ['+eb'], EMRI, 'dcmdjpeg', 'JPEG Baseline (8-bit)'],
    ['dcmcjpeg', ['+ee'], EMRI, 'dcmdjpeg', 'JPEG Extended (12-bit)'],
    ['dcmcjpeg', ['+ee'], CT, 'dcmdjpeg', 'JPEG Extended (12-bit)'],
    ['dcmcjpls', ['+en', '+md', '2'], EMRI, 'dcmdjpls', 'JPEG-LS Near-Lossless'],
  ];
  for (const [i, [tool, args, src, decoder, syntax]] of cases.entries()) {
    const compressed = make(tool, args, src, `lossy-${i}.dcm`);
    const reference = make(decoder, [], compressed, `lossy-${i}-decoded.dcm`);
    const s = await only(compressed);
    assert.deepEqual(s.info.transferSyntaxes, [syntax]);
    assertSamePixels(s, await only(reference), `${tool} ${args.join(' ')} ${src}`);
    if (src === EMRI) assert.equal(s.info.frames, 10);
  }
});

test('JPEG 2000 lossy (irreversible, written with OpenJPEG) decodes close to the source pixels', async () => {
  const source = await only(MR);
  const openjpeg = await createRequire(import.meta.url)('@cornerstonejs/codec-openjpeg/wasmjs')({ print() {}, printErr() {} });
  const encoder = new openjpeg.J2KEncoder();
  const px = Int16Array.from(source.stored!);
  encoder.getDecodedBuffer({ width: 64, height: 64, bitsPerSample: 16, componentCount: 1, isSigned: true }).set(new Uint8Array(px.buffer));
  encoder.setQuality(false, 0);
  encoder.setCompressionRatio(0, 20);
  encoder.encode();
  const frame = new Uint8Array(encoder.getEncodedBuffer());
  encoder.delete();
  assert.ok(frame.length < px.byteLength * 0.6, `compressed: ${frame.length} bytes`);
  const file = join(tmp, 'j2k-lossy.dcm');
  const elements: ElementSpec[] = [...ctSlice({ rows: 64, columns: 64, position: [0, 0, 0] }).filter(([t]) => t !== 0x00281052), [0x00281052, 'DS', 0]];
  writeFileSync(file, writeDicom('1.2.840.10008.1.2.4.91', elements, [frame]));
  const s = await only(file);
  assert.deepEqual(s.info.transferSyntaxes, ['JPEG 2000']);
  let squared = 0;
  for (let i = 0; i < px.length; i++) squared += (s.stored![i] - px[i]) ** 2;
  const rmse = Math.sqrt(squared / px.length);
  assert.ok(rmse > 0 && rmse < 0.02 * (source.info.range[1] - source.info.range[0]), `rmse ${rmse}`);
});

test('HTJ2K lossless (transcoded by dcmjs-codecs) decodes to exactly the pixels of MR_small', async () => {
  const codecs = createRequire(import.meta.url)('dcmjs-codecs');
  await codecs.NativeCodecs.initializeAsync();
  const source = readFileSync(MR);
  const transcoder = new codecs.Transcoder(source.buffer.slice(source.byteOffset, source.byteOffset + source.length));
  transcoder.transcode(codecs.constants.TransferSyntax.HtJpeg2000Lossless);
  const file = join(tmp, 'htj2k.dcm');
  writeFileSync(file, Buffer.from(transcoder.getDicomPart10()));
  const s = await only(file);
  assert.deepEqual(s.info.transferSyntaxes, ['HTJ2K Lossless']);
  assertSamePixels(s, await only(MR), 'HTJ2K');
});

test('a long compressed series decodes on worker threads to the same pixels, also mixed with uncompressed files', async () => {
  const charls = await createRequire(import.meta.url)('@cornerstonejs/codec-charls/wasmjs')({ print() {}, printErr() {} });
  const size = 32;
  for (const dir of ['pool-plain', 'pool-jls', 'pool-mixed']) mkdirSync(join(tmp, dir));
  for (let z = 0; z < 24; z++) {
    const px = Int16Array.from({ length: size * size }, (_, i) => ((i * 37 + z * 101) % 3000) - 1000);
    const elements = ctSlice({ rows: size, columns: size, position: [0, 0, 24 - z], instance: z + 1 });
    const encoder = new charls.JpegLSEncoder();
    encoder.getDecodedBuffer({ width: size, height: size, bitsPerSample: 16, componentCount: 1 }).set(new Uint8Array(px.buffer));
    encoder.setNearLossless(0);
    encoder.encode();
    const jls = writeDicom('1.2.840.10008.1.2.4.80', elements, [new Uint8Array(encoder.getEncodedBuffer())]);
    encoder.delete();
    const plain = writeDicom('1.2.840.10008.1.2.1', elements, new Uint8Array(px.buffer));
    writeFileSync(join(tmp, 'pool-plain', `${z}`), plain);
    writeFileSync(join(tmp, 'pool-jls', `${z}`), jls);
    // 20 compressed and 4 uncompressed slices in one series.
    writeFileSync(join(tmp, 'pool-mixed', `${z}`), z % 6 === 0 ? plain : jls);
  }
  // The pool really runs workers here (a worker that fails to start would fall back silently).
  const pool = new DecodePool(2);
  try {
    const bytes = readFileSync(join(DICOM, 'MR_small_jpeg_ls_lossless.dcm'));
    const ds = dicomParser.parseDicom(bytes);
    const px = ds.elements.x7fe00010;
    const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, px, 0, px.fragments!.length);
    const decoded = await pool.decode('jpeg-ls', frame, { bitsAllocated: 16, bitsStored: 16, signed: true, bigEndian: false, samples: 4096, rows: 64, columns: 64 });
    assert.equal(pool.threads, 2);
    assert.deepEqual([31, 32, 33].map((i) => decoded[i]), [422, 319, 361]);
  } finally {
    pool.close();
  }
  const reference = await only(join(tmp, 'pool-plain'));
  assertSamePixels(await only(join(tmp, 'pool-jls'), { decodeThreads: 2 }), reference, 'JPEG-LS series');
  const mixed = await only(join(tmp, 'pool-mixed'), { decodeThreads: 2 });
  assertSamePixels(mixed, reference, 'mixed series');
  assert.deepEqual(mixed.info.transferSyntaxes.sort(), ['Explicit VR Little Endian', 'JPEG-LS Lossless']);
});
