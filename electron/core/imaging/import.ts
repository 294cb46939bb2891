// Real-scan import. The pipeline: walk the folder; sniff each file by content (DICOM
// with or without meta group, NIfTI-1/2, gzip); read uncompressed DICOM from its head
// (pixels later, frame by frame) and everything else whole; group DICOM frames into
// series (series, stack, temporal position, size, orientation); order, check and decode
// each series into one float volume (HU for CT); reorient every volume to the canonical
// radiological layout of volume.ts. Nothing but pixels and geometry leaves: labels are
// numbers, and file names appear only in `skipped`, which is for the organizer's eyes.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { toImportedSeries, type SourceVolume } from './canonical-series.ts';
import { readDicom, readDicomHead, type DicomImage } from './dicom-file.ts';
import { defaultDecodeThreads } from './decode-pool.ts';
import { YIELD_EVERY, yieldToEventLoop } from './event-loop.ts';
import { FileReader } from './file-reader.ts';
import { assembleSeries, groupSlices } from './dicom-series.ts';
import { ImportError, describe } from './import-error.ts';
import { readNifti } from './nifti-file.ts';
import { sniff } from './sniff.ts';
import type { Volume } from './volume.ts';

/** Enough for the header of almost any single-frame DICOM file. */
const HEAD_BYTES = 64 * 1024;

export interface ImportOptions {
  /** Volume index of a 4D NIfTI file (default 0). */
  volume?: number;
  /** Modality of NIfTI volumes, which do not record it (default 'OT'). */
  niftiModality?: 'CT' | 'MR';
  /** Voxels all imported series may hold together (default 2^30, 4 GiB of float32); series beyond it are skipped. */
  maxTotalVoxels?: number;
  /** Worker threads for decoding long compressed series (default: cores − 1 up to 4, none on 2 cores or fewer). */
  decodeThreads?: number;
  /** Also return the stored values before rescale (costs 4 bytes per voxel). */
  stored?: boolean;
}

export interface ImportedSeries {
  /** Physical values in the canonical radiological layout (see volume.ts); nothing but pixels. */
  volume: Volume;
  /** Stored values before rescale, same layout; only with `stored: true`. */
  stored?: Int32Array;
  info: {
    /** Non-identifying, e.g. "CT series 1 (5 slices)". */
    label: string;
    source: 'dicom' | 'nifti';
    modality: string;
    width: number;
    height: number;
    frames: number;
    /** mm: [column, row, slice], after reorientation. */
    spacing: [number, number, number];
    /** Plane and source axis directions, e.g. "axial (source axes LPS)". */
    orientation: string;
    transferSyntaxes: string[];
    range: [number, number];
    /** Gaps, duplicates, mixed orientations and other things the organizer should know. */
    warnings: string[];
  };
}

export interface ImportReport {
  series: ImportedSeries[];
  /** Files that were not imported, with why. */
  skipped: { file: string; reason: string }[];
}

/**
 * Imports a DICOM file, a NIfTI file or a folder of any depth holding both.
 * Bad files never abort the import: each one lands in `skipped` with its
 * reason. Throws only when `path` itself cannot be read.
 */
export async function importPath(path: string, opts: ImportOptions = {}): Promise<ImportReport> {
  let files: string[];
  try {
    files = (await stat(path)).isDirectory() ? await walk(path) : [path];
  } catch (err) {
    throw new ImportError(path, `cannot read (${describe(err)})`);
  }
  const skipped: ImportReport['skipped'] = [];
  const skip = (file: string, err: unknown) => {
    skipped.push({ file, reason: err instanceof ImportError ? err.problem : describe(err) });
  };
  const images: DicomImage[] = [];
  const volumes: SourceVolume[] = [];
  const reader = new FileReader();
  for (const [i, file] of files.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    try {
      const { bytes: head, size } = reader.head(file, HEAD_BYTES);
      const kind = sniff(head);
      if (kind.kind === 'unknown') throw new ImportError(file, kind.reason);
      // Most DICOM files are read from their head now and their pixels later; the rest whole.
      const image = kind.kind === 'dicom' ? readDicomHead(file, head, size, kind.bareSyntax, reader) : undefined;
      if (image) images.push(image);
      else if (kind.kind === 'dicom') images.push(readDicom(file, await readFile(file), kind.bareSyntax));
      else volumes.push(await readNifti(file, await readFile(file), opts));
    } catch (err) {
      skip(file, err);
    }
  }
  // A whole study can hold many large series: keep the sum within a budget rather than run out of memory.
  const budget = opts.maxTotalVoxels ?? 2 ** 30;
  let used = volumes.reduce((n, v) => n + v.data.length, 0);
  for (const group of groupSlices(images)) {
    const first = group.slices[0].image;
    const voxels = first.columns * first.rows * group.slices.length;
    if (used + voxels > budget) {
      skip(first.file, new ImportError(first.file, `series of ${group.slices.length} slices not imported: the import's memory budget of ${budget} voxels is used up (import this series on its own)`));
      continue;
    }
    used += voxels;
    try {
      const result = await assembleSeries(group, opts.stored ?? false, opts.decodeThreads ?? defaultDecodeThreads());
      skipped.push(...result.skipped);
      if (result.volume) volumes.push(result.volume);
    } catch (err) {
      skip(group.slices[0].image.file, err);
    }
  }
  return {
    series: volumes.map((v, i) => toImportedSeries(v, i + 1)),
    skipped: dedupe(skipped),
  };
}

/** All regular files under a folder, in a stable order; hidden files (.DS_Store…) are ignored. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(path)));
    else if (e.isFile()) files.push(path);
  }
  return files;
}

function dedupe(list: ImportReport['skipped']): ImportReport['skipped'] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = `${s.file}\0${s.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
