import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import type { SourceVolume } from './canonical-series.ts';
import { ImportError, checkSize, describe } from './import-error.ts';
import type { Directions, Vec3 } from './orientation.ts';
import { emptyRange } from './pixels.ts';

type Header = ReturnType<typeof nifti.readHeader>;

/** Compressed bytes inflated to find the header (NIfTI-2 headers and extensions included). */
const HEAD_INPUT = 64 * 1024;

/** Inflates gzip data only as far as `start + length`, keeping only that range. */
function gunzipRange(bytes: Uint8Array, start: number, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const out = new Uint8Array(length);
    let at = 0;
    let filled = 0;
    const gunzip = createGunzip();
    gunzip.on('data', (chunk: Buffer) => {
      const from = Math.max(0, start - at);
      const to = Math.min(chunk.length, start + length - at);
      if (to > from) {
        out.set(chunk.subarray(from, to), at + from - start);
        filled = at + to - start;
      }
      at += chunk.length;
      if (filled >= length) {
        gunzip.destroy();
        resolve(out);
      }
    });
    gunzip.on('end', () => resolve(out.subarray(0, filled)));
    gunzip.on('error', reject);
    gunzip.end(bytes);
  });
}

/** NIfTI data types the import reads (nifti1.h DT_*), as typed-array constructors. */
const DATATYPES: Record<number, { name: string; array: new (b: ArrayBuffer, o: number, n: number) => ArrayLike<number>; bytes: number; integer: boolean }> = {
  2: { name: 'uint8', array: Uint8Array, bytes: 1, integer: true },
  4: { name: 'int16', array: Int16Array, bytes: 2, integer: true },
  8: { name: 'int32', array: Int32Array, bytes: 4, integer: true },
  16: { name: 'float32', array: Float32Array, bytes: 4, integer: false },
  64: { name: 'float64', array: Float64Array, bytes: 8, integer: false },
  256: { name: 'int8', array: Int8Array, bytes: 1, integer: true },
  512: { name: 'uint16', array: Uint16Array, bytes: 2, integer: true },
  768: { name: 'uint32', array: Uint32Array, bytes: 4, integer: true },
};

/**
 * Reads one 3D volume of a NIfTI-1 or NIfTI-2 file (.nii or .nii.gz): applies
 * scl_slope/scl_inter and turns the sform (or else the qform) into axis
 * directions, so the volume can be put in the same canonical orientation as DICOM.
 */
export async function readNifti(file: string, bytes: Uint8Array, opts: { volume?: number; stored?: boolean; niftiModality?: 'CT' | 'MR' }): Promise<SourceVolume> {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let buffer: ArrayBuffer;
  try {
    // The header from the first compressed bytes alone (a sync flush tolerates the cut).
    const head = gzip ? gunzipSync(bytes.subarray(0, HEAD_INPUT), { finishFlush: zlibConstants.Z_SYNC_FLUSH }) : bytes;
    buffer = head.buffer.slice(head.byteOffset, head.byteOffset + head.byteLength) as ArrayBuffer;
  } catch (err) {
    throw new ImportError(file, `gzip data cannot be decompressed (${describe(err)})`);
  }
  if (!nifti.isNIFTI(buffer)) {
    throw new ImportError(file, nifti.isNIFTI(buffer, true) ? 'NIfTI .hdr/.img pairs are not supported: convert to a single .nii' : 'not a NIfTI file');
  }
  let header: Header;
  try {
    header = nifti.readHeader(buffer);
  } catch (err) {
    throw new ImportError(file, `unreadable NIfTI header (${describe(err)})`);
  }
  const type = DATATYPES[header.datatypeCode];
  if (!type) throw new ImportError(file, `unsupported NIfTI datatype ${header.datatypeCode}`);
  const [ndim, width, height, d3 = 1, ...rest] = header.dims;
  const depth = ndim >= 3 ? Math.max(1, d3) : 1;
  const volumes = rest.slice(0, Math.max(0, ndim - 3)).reduce((n, d) => n * Math.max(1, d), 1);
  checkSize(file, width, height, depth);
  const index = opts.volume ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= volumes) {
    throw new ImportError(file, `volume ${index} requested, but the file has ${volumes} volume(s) (0–${volumes - 1})`);
  }
  const voxels = width * height * depth;
  const length = voxels * type.bytes;
  const start = Number(header.vox_offset) + index * length;
  // Only the chosen volume is kept (and, for gzip, only the data up to its end is inflated).
  let volume: Uint8Array;
  try {
    volume = gzip ? await gunzipRange(bytes, start, length) : bytes.subarray(start, start + length);
  } catch (err) {
    throw new ImportError(file, `gzip data cannot be decompressed (${describe(err)})`);
  }
  if (volume.length < length) {
    throw new ImportError(file, `image data truncated or smaller than declared: volume ${index} needs ${length} bytes from byte ${start}, ${volume.length} present`);
  }
  // Aligned copy, byte-swapped when the file is big endian.
  const copy = new Uint8Array(volume);
  if (!header.littleEndian && type.bytes > 1) {
    const b = Buffer.from(copy.buffer);
    if (type.bytes === 2) b.swap16();
    else if (type.bytes === 4) b.swap32();
    else b.swap64();
  }
  const values = new type.array(copy.buffer, 0, voxels);
  // scl_slope 0 means "no scaling" (nifti1.h).
  const slope = Number.isFinite(header.scl_slope) && header.scl_slope !== 0 ? header.scl_slope : 1;
  const inter = Number.isFinite(header.scl_inter) && header.scl_slope !== 0 ? header.scl_inter : 0;
  const data = new Float32Array(voxels);
  const range = emptyRange();
  for (let i = 0; i < voxels; i++) {
    const v = Math.fround(values[i] * slope + inter);
    data[i] = v;
    // NaN voxels (float data) count as padding.
    if (v !== v) range.padded = true;
    else if (v < range.min) range.min = v;
    if (v > range.max) range.max = v;
  }
  let stored: Int32Array | undefined;
  if (opts.stored && type.integer) stored = Int32Array.from(values);

  const warnings: string[] = [];
  if (volumes > 1) warnings.push(`4D file: volume ${index} of ${volumes} (0-based) imported`);
  if (opts.stored && !type.integer) warnings.push(`${type.name} data has no stored integer values`);
  const { directions, spacing } = geometry(header, buffer, warnings);
  return {
    source: 'nifti',
    modality: opts.niftiModality ?? 'OT',
    width,
    height,
    depth,
    spacing,
    directions,
    data,
    stored,
    range,
    transferSyntaxes: [`NIfTI-${header instanceof nifti.NIFTI2 ? 2 : 1} ${type.name}${bytes[0] === 0x1f ? ' (gzip)' : ''}`],
    warnings,
  };
}

/**
 * Axis directions (in LPS, DICOM's frame) and spacing from the affine. Like
 * nibabel, the sform wins whenever its code is set; nifti-reader-js would pick
 * the qform when its code is higher, so srow is read from the header here.
 */
function geometry(h: Header, buffer: ArrayBuffer, warnings: string[]): { directions: Directions; spacing: [number, number, number] } {
  let affine: number[][];
  if (h.sform_code > 0) affine = srow(h, buffer);
  else if (h.qform_code > 0) affine = h.getQformMat();
  else {
    warnings.push('no sform or qform: assumed axial, RAS voxel order');
    affine = [[h.pixDims[1] || 1, 0, 0], [0, h.pixDims[2] || 1, 0], [0, 0, h.pixDims[3] || 1]];
  }
  const spacing = [0, 1, 2].map((c) => Math.hypot(affine[0][c], affine[1][c], affine[2][c]) || 1) as [number, number, number];
  // NIfTI world is RAS+; LPS flips x and y.
  const directions = [0, 1, 2].map((c) => [-affine[0][c] / spacing[c], -affine[1][c] / spacing[c], affine[2][c] / spacing[c]] as Vec3) as Directions;
  return { directions, spacing };
}

function srow(h: Header, buffer: ArrayBuffer): number[][] {
  const view = new DataView(buffer);
  const nifti2 = h instanceof nifti.NIFTI2;
  const offset = nifti2 ? 400 : 280;
  const size = nifti2 ? 8 : 4;
  return [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => {
    const at = offset + (r * 4 + c) * size;
    return nifti2 ? view.getFloat64(at, h.littleEndian) : view.getFloat32(at, h.littleEndian);
  }));
}
