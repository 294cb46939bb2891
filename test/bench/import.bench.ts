// `npm run bench -- import`: decodes a 300-slice 512×512 CT series (uncompressed, then
// JPEG-LS) with importPath, and times Debian's dcmtk decoding the same pixels when installed.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPath } from '../../electron/core/imaging/import.ts';
import { ctSlice, writeDicom, type ElementSpec } from '../core/imaging-write-dicom.ts';
import { bench } from './machine.ts';

const SLICES = 300;
const SIZE = 512;
const PIXEL_MB = (SLICES * SIZE * SIZE * 2) / 1e6;

/** A noisy body-like phantom slice (stored values, intercept −1024): air, soft tissue, lungs, spine. */
function phantomSlice(z: number): Int16Array {
  const px = new Int16Array(SIZE * SIZE);
  let seed = 12345 + z;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 40;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const bx = (x - 256) / 200, by = (y - 256) / 150;
      const lung = ((x - 180) / 60) ** 2 + ((y - 230) / 80) ** 2 < 1 || ((x - 332) / 60) ** 2 + ((y - 230) / 80) ** 2 < 1;
      const spine = ((x - 256) / 25) ** 2 + ((y - 360) / 25) ** 2 < 1;
      const hu = bx * bx + by * by > 1 ? -1000 : spine ? 700 : lung ? -820 + (z % 7) : 40;
      px[y * SIZE + x] = Math.round(hu + 1024 + noise());
    }
  }
  return px;
}

function jpegLsEncoder(): Promise<{ JpegLSEncoder: new () => { getDecodedBuffer(i: object): Uint8Array; setNearLossless(n: number): void; encode(): void; getEncodedBuffer(): Uint8Array; delete(): void } }> {
  return createRequire(import.meta.url)('@cornerstonejs/codec-charls/wasmjs')({ print() {}, printErr() {} });
}

async function timeImport(dir: string, runs = 3): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const report = await importPath(dir);
    const ms = performance.now() - t0;
    if (report.series.length !== 1 || report.series[0].volume.depth !== SLICES || report.skipped.length) throw new Error(`import of ${dir} went wrong`);
    best = Math.min(best, ms);
  }
  return best;
}

function installed(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Best-of-`runs` milliseconds for one dcmtk process to decode every frame of `file` (`-o`: no output to write). */
function timeDcmtk(tool: string, file: string, runs: number): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    execFileSync(tool, ['+Fa', '-o', file], { stdio: 'ignore' });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * dcmtk's time to decode the series, amortizing process start-up over one
 * 300-frame file, minus the start-up itself (a 1-frame 1×1 file).
 */
function dcmtkNet(tool: string, multiFrame: string, tiny: string, label: string): number {
  const startup = timeDcmtk(tool, tiny, 10);
  const total = timeDcmtk(tool, multiFrame, 3);
  console.log(`# dcmtk ${tool}, ${label} as one ${SLICES}-frame file: ${total.toFixed(0)} ms, less ${startup.toFixed(0)} ms start-up (best of 3 and of 10)`);
  return total - startup;
}

/** The series as one multi-frame object, for dcmtk: the same pixels, the start-up paid once. */
function multiFrame(path: string, syntax: string, pixels: Uint8Array | Uint8Array[]): string {
  const elements = [...ctSlice({ rows: SIZE, columns: SIZE, position: [-180, -180, 0] }), [0x00280008, 'IS', SLICES] as ElementSpec];
  writeFileSync(path, writeDicom(syntax, elements, pixels));
  return path;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mirage-bench-import-'));
  try {
    const plain = join(dir, 'plain');
    const jls = join(dir, 'jpegls');
    mkdirSync(plain);
    mkdirSync(jls);
    const charls = await jpegLsEncoder();
    const slices: Uint8Array[] = [];
    const frames: Uint8Array[] = [];
    let jlsBytes = 0;
    for (let z = 0; z < SLICES; z++) {
      const px = phantomSlice(z);
      // Shuffled names: the import must sort by position, not by file name.
      const name = `${(z * 7919) % 100003}`;
      const elements = ctSlice({ rows: SIZE, columns: SIZE, position: [-180, -180, z * 1.25], instance: z + 1 });
      writeFileSync(join(plain, name), writeDicom('1.2.840.10008.1.2.1', elements, new Uint8Array(px.buffer)));
      slices.push(new Uint8Array(px.buffer));
      const encoder = new charls.JpegLSEncoder();
      encoder.getDecodedBuffer({ width: SIZE, height: SIZE, bitsPerSample: 16, componentCount: 1 }).set(new Uint8Array(px.buffer));
      encoder.setNearLossless(0);
      encoder.encode();
      const frame = new Uint8Array(encoder.getEncodedBuffer()); // a copy out of the codec heap (CharLS hands out a Uint8ClampedArray)
      encoder.delete();
      jlsBytes += frame.length;
      frames.push(frame);
      writeFileSync(join(jls, name), writeDicom('1.2.840.10008.1.2.4.80', elements, [frame]));
    }
    console.log(`# ${SLICES} slices of ${SIZE}×${SIZE} int16 (${PIXEL_MB.toFixed(1)} MB of pixels); JPEG-LS ${(jlsBytes / 1e6).toFixed(1)} MB`);

    await importPath(plain); // warm the page cache and the JIT
    const ms = await timeImport(plain);
    console.log(`# importPath, uncompressed: ${ms.toFixed(0)} ms (best of 3)`);
    bench('import.mb_per_s', PIXEL_MB / (ms / 1000));
    bench('import.slices_per_s', SLICES / (ms / 1000));

    const jlsMs = await timeImport(jls, 2);
    console.log(`# importPath, JPEG-LS lossless: ${jlsMs.toFixed(0)} ms (best of 2)`);
    bench('import.jpegls_mb_per_s', PIXEL_MB / (jlsMs / 1000));
    bench('import.jpegls_slices_per_s', SLICES / (jlsMs / 1000));

    if (!installed('dcm2pnm')) {
      console.log('# dcmtk (dcm2pnm) not installed: no comparison');
      return;
    }
    const tiny = join(dir, 'tiny.dcm');
    writeFileSync(tiny, writeDicom('1.2.840.10008.1.2.1', ctSlice({ rows: 1, columns: 1, position: [0, 0, 0] }), new Uint8Array(2)));
    const plainAll = multiFrame(join(dir, 'plain.dcm'), '1.2.840.10008.1.2.1', Buffer.concat(slices));
    bench('import.ratio_vs_dcmtk', ms / dcmtkNet('dcm2pnm', plainAll, tiny, 'uncompressed'));
    // dcm2pnm has no JPEG-LS decoder; dcmtk ships it as dcml2pnm.
    if (installed('dcml2pnm')) {
      const jlsAll = multiFrame(join(dir, 'jpegls.dcm'), '1.2.840.10008.1.2.4.80', frames);
      bench('import.jpegls_ratio_vs_dcmtk', jlsMs / dcmtkNet('dcml2pnm', jlsAll, tiny, 'JPEG-LS'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
