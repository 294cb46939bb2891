import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { DataSet, Element } from 'dicom-parser';
import { ImportError, checkSize, describe } from './import-error.ts';
import { nativeFrame, nativeFrameBytes, type NativeLayout } from './dicom-native.ts';
import { decodeCompressedFrame } from './dicom-codecs.ts';
import type { DecodePool } from './decode-pool.ts';
import type { FileReader } from './file-reader.ts';
import type { Vec3 } from './orientation.ts';
import type { RawPixels } from './pixels.ts';
import { nonImageKind } from './sop-classes.ts';
import { EXPLICIT_BIG_ENDIAN, TRANSFER_SYNTAXES, type TransferSyntax } from './transfer-syntax.ts';

// dicom-parser is a UMD bundle: Node's ESM loader exposes only its default export.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof import('dicom-parser');

/** Where one 2D frame lies and how its values scale. */
export interface FrameInfo {
  /** Index of the frame inside its file. */
  frame: number;
  /** Image Position (Patient): centre of the first pixel, mm, LPS. */
  position?: Vec3;
  /** Image Orientation (Patient): row direction then column direction. */
  orientation?: [number, number, number, number, number, number];
  /** [row spacing, column spacing] in mm, as DICOM orders Pixel Spacing. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  slope: number;
  intercept: number;
  instance: number;
  /** Series, stack and temporal position: frames with equal keys form one volume. Never leaves the import. */
  groupKey: string;
}

/** One image object: its geometry, pixel format and a decoder for its frames. */
export interface DicomImage {
  file: string;
  modality: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  monochrome1: boolean;
  padding?: [number, number];
  spacingBetweenSlices?: number;
  transferSyntax: TransferSyntax;
  frames: FrameInfo[];
  /** Decodes one frame; compressed frames go through `pool` when given. */
  decode(frame: number, pool?: DecodePool): Promise<RawPixels>;
}

/** Sequences read inside functional groups; implicit VR files need to be told they are sequences. */
const SEQUENCE_TAGS = new Set(['x52009229', 'x52009230', 'x00209113', 'x00209116', 'x00289110', 'x00289145', 'x00209111']);

function parse(file: string, bytes: Uint8Array, bareSyntax: string | undefined, untilTag?: string): DataSet {
  try {
    return dicomParser.parseDicom(bytes, {
      TransferSyntaxUID: bareSyntax,
      untilTag,
      vrCallback: (tag: string) => (SEQUENCE_TAGS.has(tag) ? 'SQ' : undefined),
      // Deflated data sets: inflate the rest of the file after the meta group.
      inflater: ((arr: Uint8Array, position: number) => {
        const inflated = inflateRawSync(arr.subarray(position));
        const full = new Uint8Array(position + inflated.length);
        full.set(arr.subarray(0, position));
        full.set(inflated, position);
        return full;
      }) as unknown as (arr: Uint8Array, position: number) => void,
    });
  } catch (err) {
    const msg = describe(err);
    const truncated = /overrun|beyond|end of|exceeds|past/i.test(msg);
    throw new ImportError(file, truncated ? `truncated DICOM data (${msg})` : `not a readable DICOM file (${msg})`);
  }
}

/** Parses a whole DICOM file (Part 10, or a bare data set when `bareSyntax` names its transfer syntax). */
export function readDicom(file: string, bytes: Uint8Array, bareSyntax?: string): DicomImage {
  const ds = parse(file, bytes, bareSyntax);
  return interpret(file, ds, bareSyntax, (pixelElement, need, layout) => {
    const have = Math.min(pixelElement.length, ds.byteArray.length - pixelElement.dataOffset);
    if (have < need) return have;
    const pixels = ds.byteArray.subarray(pixelElement.dataOffset, pixelElement.dataOffset + need);
    return async (frame) => nativeFrame(pixels, frame, layout);
  });
}

/**
 * Reads an uncompressed image from the head of its file only, and its pixels
 * later, frame by frame, through `reader` (the common case of a CT folder:
 * file buffers are neither kept nor allocated). Returns undefined when the
 * file needs a whole read: compressed, deflated, 1-bit, or a header longer than `head`.
 */
export function readDicomHead(file: string, head: Uint8Array, size: number, bareSyntax: string | undefined, reader: FileReader): DicomImage | undefined {
  let ds: DataSet;
  try {
    ds = parse(file, head, bareSyntax, 'x7fe00010');
  } catch {
    return undefined;
  }
  const px = ds.elements.x7fe00010;
  const syntax = TRANSFER_SYNTAXES[(ds.string('x00020010') ?? bareSyntax ?? '').replace(/\0/g, '').trim()];
  if (!px || px.encapsulatedPixelData || px.length === 0xffffffff || syntax?.encoding !== 'native' || syntax.name.startsWith('Deflated') || ds.uint16('x00280100') === 1) {
    return undefined;
  }
  return interpret(file, ds, bareSyntax, (pixelElement, need, layout) => {
    const have = Math.min(pixelElement.length, size - pixelElement.dataOffset);
    if (have < need) return have;
    const frameBytes = nativeFrameBytes(layout);
    return async (frame) => nativeFrame(reader.range(file, pixelElement.dataOffset + frame * frameBytes, frameBytes), 0, layout);
  });
}

/**
 * Gets native pixels: a frame decoder, or the number of bytes present when
 * fewer than the `need` bytes the header declares.
 */
type NativeAccess = (pixelElement: Element, need: number, layout: NativeLayout) => ((frame: number) => Promise<RawPixels>) | number;

function interpret(file: string, ds: DataSet, bareSyntax: string | undefined, native: NativeAccess): DicomImage {
  const syntaxUid = (ds.string('x00020010') ?? bareSyntax ?? '').replace(/\0/g, '').trim();
  const sopClass = ds.string('x00080016') ?? ds.string('x00020002');
  const kind = nonImageKind(sopClass);
  if (kind) throw new ImportError(file, `not an image: ${kind} (SOP class ${sopClass})`);
  const pixelElement = ds.elements.x7fe00010 ?? ds.elements.x7fe00008 ?? ds.elements.x7fe00009;
  if (!pixelElement) throw new ImportError(file, `not an image: no pixel data${sopClass ? ` (SOP class ${sopClass})` : ''}`);
  if (pixelElement.tag !== 'x7fe00010') throw new ImportError(file, 'float pixel data is not supported');
  // Text burned into the pixels (names, dates) cannot be removed by dropping tags.
  if (ds.string('x00280301')?.toUpperCase() === 'YES') throw new ImportError(file, 'burned-in annotation (0028,0301 is YES): the pixels may show patient details');
  const syntax = TRANSFER_SYNTAXES[syntaxUid];
  if (!syntax) throw new ImportError(file, `unsupported transfer syntax ${syntaxUid || '(none)'}`);

  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  const frameCount = ds.intString('x00280008') ?? 1;
  checkSize(file, columns, rows, frameCount);
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').toUpperCase();
  if (samplesPerPixel !== 1 || !photometric.startsWith('MONOCHROME')) {
    throw new ImportError(file, `colour image (${photometric}, ${samplesPerPixel} samples per pixel): only greyscale scans are imported`);
  }
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  if (![1, 8, 16, 32].includes(bitsAllocated) || bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new ImportError(file, `unsupported pixel format: Bits Allocated ${bitsAllocated}, Bits Stored ${bitsStored}`);
  }
  const signed = ds.uint16('x00280103') === 1;
  const layout: NativeLayout = {
    bitsAllocated,
    signed,
    bigEndian: syntaxUid === EXPLICIT_BIG_ENDIAN,
    samples: rows * columns,
  };
  let decode: DicomImage['decode'];
  if (syntax.encoding === 'native') {
    if (pixelElement.encapsulatedPixelData) throw new ImportError(file, `pixel data is encapsulated, but ${syntax.name} is a native syntax`);
    const need = Math.ceil(nativeFrameBytes(layout) * frameCount);
    const access = native(pixelElement, need, layout);
    if (typeof access === 'number') {
      throw new ImportError(file, `pixel data truncated or smaller than declared: ${access} bytes, but ${frameCount} frame(s) of ${columns}×${rows} at ${bitsAllocated} bits need ${need}`);
    }
    decode = access;
  } else {
    if (!pixelElement.encapsulatedPixelData) throw new ImportError(file, `${syntax.name} needs encapsulated pixel data`);
    const fragments = encapsulatedFrames(file, ds, pixelElement, frameCount, syntax);
    decode = async (frame, pool) => {
      try {
        const frameLayout = { ...layout, bitsStored, rows, columns };
        return await (pool ? pool.decode(syntax.encoding, fragments(frame), frameLayout) : decodeCompressedFrame(syntax.encoding, fragments(frame), frameLayout));
      } catch (err) {
        throw new ImportError(file, `cannot decode ${syntax.name} frame ${frame + 1}: ${describe(err)}`);
      }
    };
  }

  const paddingValue = readStoredValue(ds, 'x00280120', signed);
  const paddingLimit = readStoredValue(ds, 'x00280121', signed);
  const shared = ds.elements.x52009229?.items?.[0]?.dataSet;
  const perFrame = ds.elements.x52009230?.items;
  const seriesUid = ds.string('x0020000e') ?? `no-series-uid:${dirname(file)}`;
  const frames: FrameInfo[] = [];
  for (let f = 0; f < frameCount; f++) {
    const own = perFrame?.[f]?.dataSet;
    const get = (sequence: string) => own?.elements[sequence]?.items?.[0]?.dataSet ?? shared?.elements[sequence]?.items?.[0]?.dataSet;
    // A multi-frame object's top-level position belongs to its first frame only: without
    // per-frame positions its frames are ordered by frame number.
    const plane = get('x00209113') ?? (frameCount === 1 ? ds : undefined);
    const orient = get('x00209116') ?? ds;
    const measures = get('x00289110') ?? ds;
    const transform = get('x00289145') ?? ds;
    const content = own?.elements.x00209111?.items?.[0]?.dataSet;
    const stack = content?.string('x00209056');
    const temporal = content?.uint32('x00209128');
    frames.push({
      frame: f,
      position: plane && (numbers(plane, 'x00200032', 3) as Vec3 | undefined),
      orientation: numbers(orient, 'x00200037', 6) as FrameInfo['orientation'],
      pixelSpacing: numbers(measures, 'x00280030', 2) as [number, number] | undefined,
      sliceThickness: measures.floatString('x00180050'),
      slope: transform.floatString('x00281053') || 1,
      intercept: transform.floatString('x00281052') ?? 0,
      instance: ds.intString('x00200013') ?? 0,
      groupKey: [seriesUid, stack ?? '', temporal ?? ''].join('|'),
    });
  }
  return {
    file,
    modality: (ds.string('x00080060') ?? 'OT').toUpperCase(),
    rows,
    columns,
    bitsAllocated,
    bitsStored,
    signed,
    monochrome1: photometric === 'MONOCHROME1',
    padding: paddingValue === undefined ? undefined : [Math.min(paddingValue, paddingLimit ?? paddingValue), Math.max(paddingValue, paddingLimit ?? paddingValue)],
    spacingBetweenSlices: ds.floatString('x00180088'),
    transferSyntax: syntax,
    frames,
    decode,
  };
}

function numbers(ds: DataSet, tag: string, count: number): number[] | undefined {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = ds.floatString(tag, i);
    if (v === undefined || !Number.isFinite(v)) return undefined;
    values.push(v);
  }
  return values;
}

/** Padding values are US or SS depending on Pixel Representation; implicit VR does not say which, so read the bits. */
function readStoredValue(ds: DataSet, tag: string, signed: boolean): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  const v = ds.uint16(tag);
  if (v === undefined) return undefined;
  return signed && v > 0x7fff ? v - 0x10000 : v;
}

/** Returns, for each frame, its compressed bytes (PS3.5 A.4: one or more fragments per frame). */
function encapsulatedFrames(file: string, ds: DataSet, el: Element, frameCount: number, syntax: TransferSyntax): (frame: number) => Uint8Array {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new ImportError(file, 'encapsulated pixel data has no fragments');
  const read = (frame: number): Uint8Array => {
    if (frameCount === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
    if (el.basicOffsetTable && el.basicOffsetTable.length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, frame);
    if (fragments.length === frameCount) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1);
    if (['jpeg-baseline', 'jpeg-extended', 'jpeg-lossless'].includes(syntax.encoding)) {
      return dicomParser.readEncapsulatedImageFrame(ds, el, frame, dicomParser.createJPEGBasicOffsetTable(ds, el));
    }
    throw new ImportError(file, `cannot find frame ${frame + 1}: ${fragments.length} fragments for ${frameCount} frames and no offset table`);
  };
  return (frame) => {
    try {
      return read(frame);
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(file, `truncated or corrupt encapsulated pixel data (${describe(err)})`);
    }
  };
}
