// Reader × case × modality score grids built from an .imrmc study, and the design checks
// (fully crossed or not) that decide which MRMC methods apply.
import type { ImrmcStudy } from './imrmc.ts';

export interface ScoreGrid {
  modalities: string[];
  readers: string[];
  /** Signal-absent (real) case IDs. */
  normals: string[];
  /** Signal-present (synthetic) case IDs. */
  diseased: string[];
  /** score[m][r] over cases, normals first then diseased; NaN where the reader did not score the case. */
  score: Float64Array[][];
}

/**
 * The grid for the given modalities: readers and cases that have at least one score under them,
 * in the order they appear in the file.
 */
export function gridFromImrmc(study: ImrmcStudy, modalities: string[] = study.modalities): ScoreGrid {
  const ix = indexOf(study);
  const wanted = new Set(modalities.map((m) => ix.modality.get(m)));
  const readCases = new Uint8Array(study.cases.length);
  const readReaders = new Uint8Array(study.readers.length);
  const picked: number[] = [];
  for (let k = 0; k < study.scores.length; k++) {
    if (!wanted.has(ix.scoreModality[k])) continue;
    picked.push(k);
    readCases[ix.scoreCase[k]] = 1;
    readReaders[ix.scoreReader[k]] = 1;
  }
  const readers = study.readers.filter((_, r) => readReaders[r]);
  const caseSlot = new Int32Array(study.cases.length).fill(-1);
  const normals: string[] = [];
  const diseased: string[] = [];
  study.cases.forEach((c, k) => readCases[k] && c.truth === 0 && (caseSlot[k] = normals.push(c.id) - 1));
  study.cases.forEach((c, k) => readCases[k] && c.truth === 1 && (caseSlot[k] = normals.length + diseased.push(c.id) - 1));
  const readerSlot = new Int32Array(study.readers.length).fill(-1);
  let next = 0;
  readReaders.forEach((used, r) => used && (readerSlot[r] = next++));
  const modalitySlot = new Map(modalities.map((m, k) => [ix.modality.get(m), k]));
  const n = normals.length + diseased.length;
  const score = modalities.map(() => readers.map(() => new Float64Array(n).fill(Number.NaN)));
  for (const k of picked) score[modalitySlot.get(ix.scoreModality[k])!][readerSlot[ix.scoreReader[k]]][caseSlot[ix.scoreCase[k]]] = study.scores[k].score;
  return { modalities, readers, normals, diseased, score };
}

interface StudyIndex {
  modality: Map<string, number>;
  scoreReader: Int32Array;
  scoreCase: Int32Array;
  scoreModality: Int32Array;
}

// Integer indices of every score's reader, case and modality, computed once per study (grids are built many times).
const indexCache = new WeakMap<ImrmcStudy, StudyIndex>();

function indexOf(study: ImrmcStudy): StudyIndex {
  const cached = indexCache.get(study);
  if (cached) return cached;
  const reader = new Map(study.readers.map((r, k) => [r, k]));
  const kase = new Map(study.cases.map((c, k) => [c.id, k]));
  const modality = new Map(study.modalities.map((m, k) => [m, k]));
  const n = study.scores.length;
  const ix: StudyIndex = { modality, scoreReader: new Int32Array(n), scoreCase: new Int32Array(n), scoreModality: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    const s = study.scores[k];
    ix.scoreReader[k] = reader.get(s.reader)!;
    ix.scoreCase[k] = kase.get(s.caseId)!;
    ix.scoreModality[k] = modality.get(s.modality)!;
  }
  indexCache.set(study, ix);
  return ix;
}

/** Why the grid is not fully crossed (first gap found), or null when every reader scored every case in every modality. */
export function crossedGap(grid: ScoreGrid): string | null {
  const ids = [...grid.normals, ...grid.diseased];
  let gaps = 0;
  let first = '';
  grid.score.forEach((byReader, m) =>
    byReader.forEach((row, r) =>
      row.forEach((v, k) => {
        if (Number.isNaN(v)) {
          if (gaps === 0) first = `reader ${grid.readers[r]} has no score for case ${ids[k]} under modality ${grid.modalities[m]}`;
          gaps++;
        }
      }),
    ),
  );
  return gaps === 0 ? null : `not fully crossed: ${gaps} reader × case × modality cell(s) without a score (e.g. ${first})`;
}

/** Normal and diseased scores of one reader in one modality (fully crossed grids only). */
export function split(grid: ScoreGrid, m: number, r: number): [Float64Array, Float64Array] {
  const row = grid.score[m][r];
  return [row.subarray(0, grid.normals.length), row.subarray(grid.normals.length)];
}
