import { parse } from 'csv-parse/sync';
import type { ScoreRow, StudyResults, Truth } from './results.ts';

export class CsvInputError extends Error {
  constructor(fileName: string, line: number | null, problem: string) {
    super(`${fileName}${line === null ? '' : `, line ${line}`}: ${problem}`);
    this.name = 'CsvInputError';
  }
}

const REQUIRED = ['reader', 'case', 'truth', 'generator', 'call', 'confidence', 'rating6', 'realism'] as const;

/**
 * Reads a scores CSV as Mirage exports it (or any CSV with at least the REQUIRED columns)
 * back into analysis input, so that merged or hand-edited score tables can be analysed.
 * Every problem names the file and the line.
 */
export function parseScoresCsv(text: string, fileName: string): StudyResults {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new CsvInputError(fileName, null, `not a readable CSV (${err instanceof Error ? err.message : String(err)})`);
  }
  if (records.length === 0) throw new CsvInputError(fileName, null, 'no score rows');
  const missingColumns = REQUIRED.filter((c) => !(c in records[0]));
  if (missingColumns.length) throw new CsvInputError(fileName, 1, `missing column(s) ${missingColumns.join(', ')}`);

  const rows = records.map((r, i): ScoreRow => {
    const line = i + 2;
    const int = (column: string, lo: number, hi: number): number | null => {
      const v = r[column] ?? '';
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < lo || n > hi) throw new CsvInputError(fileName, line, `${column} must be an integer in ${lo}…${hi}, got "${v}"`);
      return n;
    };
    const num = (column: string): number | null => {
      const v = r[column] ?? '';
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new CsvInputError(fileName, line, `${column} must be a non-negative number, got "${v}"`);
      return n;
    };
    if (!r.reader) throw new CsvInputError(fileName, line, 'reader is empty');
    if (!r.case) throw new CsvInputError(fileName, line, 'case is empty');
    let truth: Truth;
    if (r.truth === 'real') truth = { kind: 'real' };
    else if (r.truth === 'synthetic') {
      if (!r.generator) throw new CsvInputError(fileName, line, 'a synthetic case needs its generator');
      truth = { kind: 'synthetic', generator: r.generator, seed: num('seed') ?? undefined };
    } else throw new CsvInputError(fileName, line, `truth must be "real" or "synthetic", got "${r.truth}"`);
    if (r.call !== '' && r.call !== 'real' && r.call !== 'synthetic') throw new CsvInputError(fileName, line, `call must be real, synthetic or empty, got "${r.call}"`);
    return {
      reader: r.reader, caseId: r.case, truth,
      call: r.call === '' ? null : (r.call as 'real' | 'synthetic'),
      confidence: int('confidence', 1, 3), rating6: int('rating6', 1, 6), realism: int('realism', 1, 5),
      firstAnswerMs: num('first_answer_ms'), totalMs: num('total_ms'), visits: int('visits', 0, 1_000_000) ?? 1,
      repeatOf: r.repeat_of ? r.repeat_of : null, freeText: r.free_text ? r.free_text : null,
    };
  });
  const readers = [...new Set(rows.map((r) => r.reader))].sort();
  const generators = [...new Set(rows.flatMap((r) => (r.truth.kind === 'synthetic' ? [r.truth.generator] : [])))].sort();
  return { studyName: fileName, readers, generators, rows };
}
