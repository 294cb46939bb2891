// The input to a study analysis: one row per score, after the truth is unsealed. The lead produces it from the database.

export type Truth = { kind: 'real' } | { kind: 'synthetic'; generator: string; seed?: number; index?: number; sha256?: string };

export interface ScoreRow {
  reader: string;
  caseId: string;
  truth: Truth;
  call: 'real' | 'synthetic' | null;
  confidence: number | null /* 1..3 */;
  rating6: number | null /* 1 = definitely real … 6 = definitely synthetic */;
  realism: number | null /* 1..5 */;
  firstAnswerMs: number | null;
  totalMs: number | null;
  visits: number;
  repeatOf: string | null /* caseId of first showing when this row is a repeat */;
  freeText?: string | null;
  /** 1-based place in the reader's order, and when the answer was first stored (exports only). */
  position?: number;
  answeredAt?: string;
}

export interface StudyResults {
  studyName: string;
  readers: string[];
  generators: string[];
  rows: ScoreRow[];
}

/**
 * The 6-point real/synthetic score of a row: `rating6` when given, else derived from the call and
 * its confidence (synthetic & sure = 6 … real & sure = 1), else null.
 */
export function score6(row: ScoreRow): number | null {
  if (row.rating6 !== null) return row.rating6;
  if (row.call === null || row.confidence === null) return null;
  return row.call === 'synthetic' ? 3 + row.confidence : 4 - row.confidence;
}

/** "real" or the generator's name. */
export function truthLabel(t: Truth): string {
  return t.kind === 'real' ? 'real' : t.generator;
}
