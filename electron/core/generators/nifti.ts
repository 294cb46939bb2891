import { gzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import type { Volume } from '../imaging/volume.ts';

/**
 * Encodes a volume as NIfTI-1 (single file, float32, HU), gzipped when asked.
 * Hand-written because no maintained JavaScript NIfTI *writer* exists (nifti-reader-js
 * only reads; nifti-js is unmaintained); the header layout is the 348-byte nifti1.h one,
 * and the tests read the file back with nifti-reader-js.
 *
 * Orientation: our rows run anterior→posterior and columns patient right→left, so the
 * voxel-to-RAS sform is diag(−dx, −dy, dz): i and j both point away from +R and +A.
 */
export function encodeNifti(v: Volume, gzip: boolean): Uint8Array {
  const header = new ArrayBuffer(352); // 348-byte header + 4-byte extension flag (none)
  const h = new DataView(header);
  const [dx, dy, dz] = v.spacing;
  h.setInt32(0, 348, true); // sizeof_hdr
  const dims = [3, v.width, v.height, v.depth, 1, 1, 1, 1];
  dims.forEach((d, i) => h.setInt16(40 + 2 * i, d, true)); // dim[8]
  h.setInt16(70, 16, true); // datatype: DT_FLOAT32
  h.setInt16(72, 32, true); // bitpix
  [1, dx, dy, dz, 0, 0, 0, 0].forEach((p, i) => h.setFloat32(76 + 4 * i, p, true)); // pixdim[8], qfac = 1
  h.setFloat32(108, 352, true); // vox_offset
  h.setFloat32(112, 1, true); // scl_slope: stored values are HU already
  h.setFloat32(116, 0, true); // scl_inter
  h.setUint8(123, 2 + 8); // xyzt_units: NIFTI_UNITS_MM | NIFTI_UNITS_SEC
  const description = new TextEncoder().encode(`Mirage ${v.modality} HU float32`);
  new Uint8Array(header, 148, 80).set(description.subarray(0, 79));
  h.setInt16(254, 2, true); // sform_code: NIFTI_XFORM_ALIGNED_ANAT
  const sform = [[-dx, 0, 0, 0], [0, -dy, 0, 0], [0, 0, dz, 0]];
  sform.forEach((row, r) => row.forEach((value, c) => h.setFloat32(280 + 16 * r + 4 * c, value, true)));
  new Uint8Array(header, 344, 4).set([0x6e, 0x2b, 0x31, 0x00]); // magic "n+1\0"
  const body = new Uint8Array(header.byteLength + v.data.byteLength);
  body.set(new Uint8Array(header), 0);
  const data = new DataView(body.buffer, header.byteLength);
  v.data.forEach((value, i) => data.setFloat32(4 * i, value, true));
  return gzip ? gzipSync(body) : body;
}

/** NIfTI datatype codes → typed-array constructors (little-endian files only). */
const NIFTI_TYPES: Record<number, { new (b: ArrayBuffer): ArrayLike<number> }> = {
  2: Uint8Array, 4: Int16Array, 8: Int32Array, 16: Float32Array, 64: Float64Array, 256: Int8Array, 512: Uint16Array,
};

/** Reads a NIfTI-1/2 file (gzipped or not) as a volume, applying scl_slope/scl_inter. */
export function decodeNifti(bytes: Uint8Array, source: string, modality: Volume['modality'] = 'CT'): Volume {
  let buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (nifti.isCompressed(buf)) buf = nifti.decompress(buf) as ArrayBuffer;
  if (!nifti.isNIFTI(buf)) throw new Error(`${source} is not a NIfTI file`);
  const header = nifti.readHeader(buf);
  if (!header) throw new Error(`${source}: unreadable NIfTI header`);
  if (!header.littleEndian) throw new Error(`${source}: big-endian NIfTI is not supported here`);
  const Type = NIFTI_TYPES[header.datatypeCode];
  if (!Type) throw new Error(`${source}: unsupported NIfTI datatype ${header.datatypeCode}`);
  const [, width, height, depth = 1] = header.dims;
  const raw = new Type(nifti.readImage(header, buf));
  const slope = header.scl_slope || 1;
  const inter = header.scl_inter || 0;
  const data = Float32Array.from({ length: width * height * Math.max(1, depth) }, (_, i) => raw[i] * slope + inter);
  const [, dx, dy, dz] = header.pixDims;
  return { modality, width, height, depth: Math.max(1, depth), spacing: [dx || 1, dy || 1, dz || 1], data };
}
