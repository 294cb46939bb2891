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
  const wanted = new Set(modalities);
  const scores = study.scores.filter((s) => wanted.has(s.modality));
  const readCases = new Set(scores.map((s) => s.caseId));
  const readReaders = new Set(scores.map((s) => s.reader));
  const readers = study.readers.filter((r) => readReaders.has(r));
  const normals = study.cases.filter((c) => c.truth === 0 && readCases.has(c.id)).map((c) => c.id);
  const diseased = study.cases.filter((c) => c.truth === 1 && readCases.has(c.id)).map((c) => c.id);
  const caseIndex = new Map<string, number>();
  normals.forEach((id, k) => caseIndex.set(id, k));
  diseased.forEach((id, k) => caseIndex.set(id, normals.length + k));
  const readerIndex = new Map(readers.map((r, k) => [r, k]));
  const modalityIndex = new Map(modalities.map((m, k) => [m, k]));
  const n = normals.length + diseased.length;
  const score = modalities.map(() => readers.map(() => new Float64Array(n).fill(Number.NaN)));
  for (const s of scores) score[modalityIndex.get(s.modality)!][readerIndex.get(s.reader)!][caseIndex.get(s.caseId)!] = s.score;
  return { modalities, readers, normals, diseased, score };
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
