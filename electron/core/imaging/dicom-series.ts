import type { SourceVolume } from './canonical-series.ts';
import type { DicomImage, FrameInfo } from './dicom-file.ts';
import { checkSize, describe } from './import-error.ts';
import type { Directions, Vec3 } from './orientation.ts';
import { YIELD_EVERY, yieldToEventLoop } from './event-loop.ts';
import { allocateVoxels, convertFrame, emptyRange, type RawPixels } from './pixels.ts';
import { DecodePool } from './decode-pool.ts';

interface Slice {
  image: DicomImage;
  info: FrameInfo;
}

const AXIAL: [number, number, number, number, number, number] = [1, 0, 0, 0, 1, 0];

/** Compressed frames in a series that make starting worker threads worth it. */
const POOL_MIN_FRAMES = 16;

/**
 * Groups frames into volumes: by series (and stack/temporal position for
 * enhanced objects), then by image size and orientation, which must agree
 * within a volume; a series that mixes them is split and says so.
 */
export function groupSlices(images: DicomImage[]): { slices: Slice[]; warnings: string[] }[] {
  const bySeries = new Map<string, Slice[]>();
  for (const image of images) {
    for (const info of image.frames) {
      const list = bySeries.get(info.groupKey) ?? [];
      list.push({ image, info });
      bySeries.set(info.groupKey, list);
    }
  }
  const groups: { slices: Slice[]; warnings: string[] }[] = [];
  for (const slices of bySeries.values()) {
    const byShape = new Map<string, Slice[]>();
    for (const s of slices) {
      const key = `${s.image.columns}x${s.image.rows}|${(s.info.orientation ?? AXIAL).map((v) => v.toFixed(3)).join(',')}`;
      const list = byShape.get(key) ?? [];
      list.push(s);
      byShape.set(key, list);
    }
    const sizes = new Set([...byShape.keys()].map((k) => k.split('|')[0]));
    const warnings: string[] = [];
    if (byShape.size > 1) {
      warnings.push(sizes.size > 1
        ? `series mixes image sizes (${[...sizes].join(', ')}): split into ${byShape.size} volumes`
        : `series mixes ${byShape.size} slice orientations (e.g. a localizer): split into ${byShape.size} volumes`);
    }
    for (const part of byShape.values()) groups.push({ slices: part, warnings: [...warnings] });
  }
  return groups;
}

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

/**
 * Orders the slices of one group along the slice normal (falling back to
 * instance number), drops duplicate positions, reports gaps, and decodes the
 * pixels into one float volume in source order.
 */
export async function assembleSeries(
  group: { slices: Slice[]; warnings: string[] },
  wantStored: boolean,
  decodeThreads: number,
): Promise<{ volume?: SourceVolume; skipped: { file: string; reason: string }[] }> {
  const warnings = [...group.warnings];
  const first = group.slices[0];
  const orientation = first.info.orientation ?? AXIAL;
  if (!first.info.orientation) warnings.push('no Image Orientation (Patient): assumed axial');
  const row: Vec3 = [orientation[0], orientation[1], orientation[2]];
  const col: Vec3 = [orientation[3], orientation[4], orientation[5]];
  const normal = cross(row, col);
  let slices = [...group.slices];
  const positioned = slices.every((s) => s.info.position);
  let sliceSpacing = first.image.spacingBetweenSlices ?? first.info.sliceThickness ?? 1;
  if (positioned) {
    const along = (s: Slice) => dot(s.info.position!, normal);
    slices.sort((a, b) => along(a) - along(b) || a.info.instance - b.info.instance || a.info.frame - b.info.frame);
    const unique: Slice[] = [];
    let duplicates = 0;
    for (const s of slices) {
      if (unique.length > 0 && Math.abs(along(s) - along(unique[unique.length - 1])) < 1e-3) duplicates++;
      else unique.push(s);
    }
    if (duplicates > 0) warnings.push(`${duplicates} duplicate slice position(s): kept the first of each`);
    slices = unique;
    const steps = slices.slice(1).map((s, i) => along(s) - along(slices[i]));
    if (steps.length > 0) {
      sliceSpacing = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)];
      steps.forEach((step, i) => {
        if (Math.abs(step - sliceSpacing) > 0.1 * sliceSpacing) {
          warnings.push(`${step > sliceSpacing ? 'gap' : 'uneven spacing'}: slices at ${fmt(along(slices[i]))} and ${fmt(along(slices[i + 1]))} mm are ${fmt(step)} mm apart (usual spacing ${fmt(sliceSpacing)} mm)`);
        }
      });
    }
  } else {
    slices.sort((a, b) => a.info.instance - b.info.instance || a.info.frame - b.info.frame || a.image.file.localeCompare(b.image.file));
    if (slices.length > 1) warnings.push('no slice positions: ordered by instance and frame number');
  }

  const { columns: width, rows: height } = first.image;
  const depth = slices.length;
  checkSize(first.image.file, width, height, depth);
  const pixelSpacing = first.info.pixelSpacing;
  if (!pixelSpacing) warnings.push('no Pixel Spacing: assumed 1 mm');
  const size = width * height;
  let data = allocateVoxels(size * depth);
  let stored = wantStored ? new Int32Array(size * depth) : undefined;
  // A frame that fails to decode is dropped and reported; its neighbours still make a volume.
  const skipped: { file: string; reason: string }[] = [];
  const range = emptyRange();
  // Compressed series decode on worker threads, a few frames ahead of the conversion.
  const compressed = slices.filter((s) => s.image.transferSyntax.encoding !== 'native').length;
  const pool = compressed >= POOL_MIN_FRAMES && decodeThreads > 0 ? new DecodePool(decodeThreads) : undefined;
  // Read-ahead only when every frame is compressed: an uncompressed frame is a view of a shared buffer.
  const ahead = pool && compressed === slices.length ? 8 : 1;
  const decoding: Promise<RawPixels | { error: unknown }>[] = [];
  const start = (n: number) => {
    // Settled to a value: a rejection nobody awaits yet would crash Node.
    if (n < slices.length) decoding[n] = slices[n].image.decode(slices[n].info.frame, pool).catch((error: unknown) => ({ error }));
  };
  for (let n = 0; n < ahead; n++) start(n);
  let z = 0;
  try {
    for (const [n, { image, info }] of slices.entries()) {
      if (n % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
      const raw = await decoding[n];
      delete decoding[n];
      try {
        if ('error' in raw) throw raw.error;
        if (raw.length !== size) throw new Error(`frame ${info.frame + 1} decoded to ${raw.length} pixels, but ${width}×${height} were declared`);
        convertFrame(raw, {
          bitsStored: image.bitsStored,
          signed: image.signed,
          slope: info.slope,
          intercept: info.intercept,
          invert: image.monochrome1,
          padding: image.padding,
        }, data, z * size, range, stored);
        z++;
      } catch (err) {
        const reason = describe(err);
        skipped.push({ file: image.file, reason: reason.startsWith(image.file) ? reason.slice(image.file.length + 2) : reason });
      }
      // Only now: an uncompressed frame is a view of the reader's buffer, which the next read reuses.
      start(n + ahead);
    }
  } finally {
    pool?.close();
  }
  if (z === 0) return { skipped };
  if (z < depth) {
    warnings.push(`${depth - z} slice(s) could not be decoded and are missing`);
    data = data.slice(0, z * size);
    stored = stored?.slice(0, z * size);
  }
  const directions: Directions = [row, col, normal];
  return {
    skipped,
    volume: {
      source: 'dicom',
      modality: first.image.modality,
      width,
      height,
      depth: z,
      spacing: [pixelSpacing?.[1] ?? 1, pixelSpacing?.[0] ?? 1, Math.abs(sliceSpacing) || 1],
      directions,
      data,
      stored,
      range,
      transferSyntaxes: [...new Set(slices.map((s) => s.image.transferSyntax.name))],
      warnings,
    },
  };
}
