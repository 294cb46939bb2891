import type { RawPixels } from './pixels.ts';

export interface NativeLayout {
  bitsAllocated: number;
  signed: boolean;
  bigEndian: boolean;
  /** Samples in one frame (rows × columns × samples per pixel). */
  samples: number;
}

/** Bytes one frame occupies in native (uncompressed) pixel data; 1-bit frames are packed across byte boundaries. */
export function nativeFrameBytes(l: NativeLayout): number {
  return l.bitsAllocated === 1 ? l.samples / 8 : l.samples * (l.bitsAllocated / 8);
}

/**
 * One frame of native pixel data as a typed array. Little-endian data at an
 * aligned offset is viewed in place (no copy); otherwise it is copied to an
 * aligned buffer, byte-swapped for big endian.
 */
export function nativeFrame(pixelData: Uint8Array, frame: number, l: NativeLayout): RawPixels {
  const { samples } = l;
  if (l.bitsAllocated === 1) return unpackBits(pixelData, frame * samples, samples);
  const bytesPer = l.bitsAllocated / 8;
  const start = pixelData.byteOffset + frame * samples * bytesPer;
  const aligned = start % bytesPer === 0 && !l.bigEndian;
  const buffer = aligned ? pixelData.buffer : copy(pixelData, frame * samples * bytesPer, samples * bytesPer, l.bigEndian ? bytesPer : 1);
  const offset = aligned ? start : 0;
  switch (l.bitsAllocated) {
    case 8: return l.signed ? new Int8Array(buffer, offset, samples) : new Uint8Array(buffer, offset, samples);
    case 16: return l.signed ? new Int16Array(buffer, offset, samples) : new Uint16Array(buffer, offset, samples);
    case 32: return l.signed ? new Int32Array(buffer, offset, samples) : new Uint32Array(buffer, offset, samples);
    default: throw new Error(`unsupported Bits Allocated ${l.bitsAllocated}`);
  }
}

function copy(src: Uint8Array, offset: number, length: number, swapWidth: number): ArrayBuffer {
  const out = new Uint8Array(src.subarray(offset, offset + length)); // a copy, even when src is a Buffer
  if (swapWidth === 2) Buffer.from(out.buffer).swap16();
  if (swapWidth === 4) Buffer.from(out.buffer).swap32();
  return out.buffer;
}

/** 1-bit pixels (e.g. old binary images): least significant bit first, frames packed back to back. */
function unpackBits(src: Uint8Array, firstBit: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = firstBit + i;
    out[i] = (src[bit >> 3] >> (bit & 7)) & 1;
  }
  return out;
}
