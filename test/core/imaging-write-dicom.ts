// Writes small DICOM Part 10 files for tests and the import benchmark: explicit VR little
// endian data set, native or encapsulated pixel data. Only what those callers need.

/** A sequence's value is its items, each a list of elements. */
export type Value = string | number | number[] | Uint8Array | ElementSpec[][];
export type ElementSpec = [tag: number, vr: string, value: Value];

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'SQ', 'UT', 'UN', 'UC', 'UR']);

function encodeValue(vr: string, value: Value): Uint8Array {
  if (vr === 'SQ') return Buffer.concat((value as ElementSpec[][]).map((elements) => item(0xe000, encodeElements(elements))));
  if (value instanceof Uint8Array) {
    if (value.length % 2 === 0) return value;
    const padded = new Uint8Array(value.length + 1);
    padded.set(value);
    return padded;
  }
  if (vr === 'US' || vr === 'SS') {
    const list = Array.isArray(value) ? (value as number[]) : [value as number];
    const b = Buffer.alloc(2 * list.length);
    list.forEach((v, i) => (vr === 'US' ? b.writeUInt16LE(v, 2 * i) : b.writeInt16LE(v, 2 * i)));
    return b;
  }
  if (vr === 'UL') return Buffer.from(new Uint32Array([value as number]).buffer);
  const text = Array.isArray(value) ? (value as number[]).join('\\') : String(value);
  const pad = text.length % 2 ? (vr === 'UI' ? '\0' : ' ') : '';
  return Buffer.from(text + pad, 'latin1');
}

function element(tag: number, vr: string, body: Uint8Array, undefinedLength = false): Buffer {
  const long = LONG_VRS.has(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(undefinedLength ? 0xffffffff : body.length, 8);
  else head.writeUInt16LE(body.length, 6);
  return Buffer.concat([head, body]);
}

function item(tag: number, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(0xfffe, 0);
  head.writeUInt16LE(tag, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function encodeElements(elements: ElementSpec[]): Buffer {
  return Buffer.concat([...elements].sort((a, b) => a[0] - b[0]).map(([tag, vr, value]) => element(tag, vr, encodeValue(vr, value))));
}

/**
 * A Part 10 file: preamble, meta group, then `elements` and the pixel data.
 * `pixels` is native bytes, or one compressed frame per array entry (encapsulated,
 * empty basic offset table).
 */
export function writeDicom(syntax: string, elements: ElementSpec[], pixels?: Uint8Array | Uint8Array[]): Buffer {
  const metaElements = [element(0x00020001, 'OB', Uint8Array.of(0, 1)), element(0x00020010, 'UI', encodeValue('UI', syntax))];
  const metaBody = Buffer.concat(metaElements);
  const meta = Buffer.concat([element(0x00020000, 'UL', encodeValue('UL', metaBody.length)), metaBody]);
  const body = [encodeElements(elements)];
  if (Array.isArray(pixels)) {
    const fragments = Buffer.concat([item(0xe000, new Uint8Array(0)), ...pixels.map((f) => item(0xe000, encodeValue('OB', f))), item(0xe0dd, new Uint8Array(0))]);
    body.push(element(0x7fe00010, 'OB', fragments, true));
  } else if (pixels) {
    body.push(element(0x7fe00010, 'OW', pixels));
  }
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), meta, ...body]);
}

/** The elements of a signed 16-bit CT slice, with the given geometry. */
export function ctSlice(o: { rows: number; columns: number; position: number[]; orientation?: number[]; series?: string; instance?: number; spacing?: number }): ElementSpec[] {
  return [
    [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'],
    [0x00080060, 'CS', 'CT'],
    [0x0020000e, 'UI', o.series ?? '1.2.826.0.1.3680043.9.7433.1'],
    [0x00200013, 'IS', o.instance ?? 1],
    [0x00200032, 'DS', o.position],
    [0x00200037, 'DS', o.orientation ?? [1, 0, 0, 0, 1, 0]],
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', 'MONOCHROME2'],
    [0x00280010, 'US', o.rows],
    [0x00280011, 'US', o.columns],
    [0x00280030, 'DS', [o.spacing ?? 0.7, o.spacing ?? 0.7]],
    [0x00280100, 'US', 16],
    [0x00280101, 'US', 16],
    [0x00280102, 'US', 15],
    [0x00280103, 'US', 1],
    [0x00281052, 'DS', -1024],
    [0x00281053, 'DS', 1],
  ];
}
