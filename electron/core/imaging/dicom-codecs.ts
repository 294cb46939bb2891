import { createRequire } from 'node:module';
import type { NativeLayout } from './dicom-native.ts';
import type { RawPixels } from './pixels.ts';
import type { PixelEncoding } from './transfer-syntax.ts';

// The codecs are Emscripten/CommonJS bundles that find their .wasm next to themselves.
const require = createRequire(import.meta.url);

export interface FrameLayout extends NativeLayout {
  bitsStored: number;
  rows: number;
  columns: number;
}

/** The part of the Cornerstone codec decoders (CharLS, OpenJPEG) that we use. */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete(): void;
}
type DecoderModule = Record<string, new () => WasmDecoder>;

const silent = () => {};
const modules = new Map<string, Promise<DecoderModule>>();

/** Starts an Emscripten module once; each start-up gets its own options object (they keep state in it). */
function wasmModule(name: string): Promise<DecoderModule> {
  let m = modules.get(name);
  if (!m) {
    const factory = require(name) as (opts: object) => Promise<DecoderModule>;
    m = factory({ print: silent, printErr: silent });
    modules.set(name, m);
  }
  return m;
}

interface DcmjsCodecs {
  NativeCodecs: {
    initializeAsync(): Promise<void>;
    decodeRle(c: object): { getDecodedBuffer(): Uint8Array | undefined };
    decodeJpeg(c: object): { getDecodedBuffer(): Uint8Array | undefined };
    decodeHtJpeg2000(c: object): { getDecodedBuffer(): Uint8Array | undefined };
  };
  Context: new (attrs: object) => object;
}
let dcmjs: Promise<DcmjsCodecs> | undefined;
function dcmjsCodecs(): Promise<DcmjsCodecs> {
  dcmjs ??= (async () => {
    const lib = require('dcmjs-codecs') as DcmjsCodecs;
    await lib.NativeCodecs.initializeAsync();
    return lib;
  })();
  return dcmjs;
}

/**
 * Decodes one compressed frame to integer samples (bit patterns as stored:
 * masking and sign extension to Bits Stored happen later, in convertFrame).
 * RLE, every JPEG process (including 12-bit extended, which no JavaScript
 * decoder gets right) and HTJ2K go through dcmjs-codecs; JPEG-LS through
 * CharLS; JPEG 2000 through OpenJPEG (both faster here than dcmjs-codecs).
 */
export async function decodeCompressedFrame(encoding: PixelEncoding, bytes: Uint8Array, l: FrameLayout): Promise<RawPixels> {
  let decoded: Uint8Array;
  switch (encoding) {
    case 'rle':
    case 'jpeg-baseline':
    case 'jpeg-extended':
    case 'jpeg-lossless':
    case 'htj2k': {
      const { NativeCodecs, Context } = await dcmjsCodecs();
      const context = new Context({
        width: l.columns,
        height: l.rows,
        bitsAllocated: l.bitsAllocated,
        bitsStored: l.bitsStored,
        samplesPerPixel: 1,
        pixelRepresentation: l.signed ? 1 : 0,
        photometricInterpretation: 'MONOCHROME2',
        encodedBuffer: bytes,
      });
      const result = encoding === 'rle' ? NativeCodecs.decodeRle(context)
        : encoding === 'htj2k' ? NativeCodecs.decodeHtJpeg2000(context)
        : NativeCodecs.decodeJpeg(context);
      const out = result.getDecodedBuffer();
      if (!out) throw new Error('the decoder returned no pixels');
      decoded = out;
      break;
    }
    case 'jpeg-ls':
      decoded = await decodeWith(await wasmModule('@cornerstonejs/codec-charls/decodewasmjs'), 'JpegLSDecoder', bytes, l);
      break;
    case 'jpeg2000':
      decoded = await decodeWith(await wasmModule('@cornerstonejs/codec-openjpeg/decodewasmjs'), 'J2KDecoder', bytes, l);
      break;
    default:
      throw new Error(`no decoder for ${encoding}`);
  }
  return asSamples(decoded, l);
}

function decodeWith(module: DecoderModule, name: string, bytes: Uint8Array, l: FrameLayout): Uint8Array {
  const decoder = new module[name]();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== l.columns || info.height !== l.rows || info.componentCount !== 1) {
      throw new Error(`the code stream holds ${info.width}×${info.height}×${info.componentCount} samples, the header declares ${l.columns}×${l.rows}×1`);
    }
    // The decoded buffer lives in the codec's heap; copy it out before the decoder is freed.
    return decoder.getDecodedBuffer().slice();
  } finally {
    decoder.delete();
  }
}

/** Views decoded bytes as samples of the declared width; the size must match exactly. */
function asSamples(decoded: Uint8Array, l: FrameLayout): RawPixels {
  const bytesPer = l.bitsAllocated <= 8 ? 1 : l.bitsAllocated <= 16 ? 2 : 4;
  const expected = l.rows * l.columns * bytesPer;
  if (decoded.length !== expected) throw new Error(`decoded ${decoded.length} bytes, expected ${expected} for ${l.columns}×${l.rows} at ${l.bitsAllocated} bits`);
  const buffer = decoded.byteOffset % bytesPer === 0 ? decoded.buffer : decoded.slice().buffer;
  const offset = decoded.byteOffset % bytesPer === 0 ? decoded.byteOffset : 0;
  const n = l.rows * l.columns;
  if (bytesPer === 1) return l.signed ? new Int8Array(buffer, offset, n) : new Uint8Array(buffer, offset, n);
  if (bytesPer === 2) return l.signed ? new Int16Array(buffer, offset, n) : new Uint16Array(buffer, offset, n);
  return l.signed ? new Int32Array(buffer, offset, n) : new Uint32Array(buffer, offset, n);
}
