import type { UnsealedScore } from './study-rows.ts';

const COLUMNS = ['reader', 'case', 'position', 'truth', 'generator_sha256', 'seed', 'index', 'realism', 'call', 'confidence', 'rating6',
  'free_text', 'first_answer_ms', 'total_ms', 'visits', 'repeat_of_position', 'answered_at', 'updated_at'] as const;

// RFC 4180 quoting: the only CSV rule we need, too small to justify a dependency.
const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One row per score with the case's truth (real, or which generator and seed). */
export function scoresCsv(rows: UnsealedScore[]): string {
  const lines = rows.map((r) => [
    r.reader, r.caseId, r.position + 1, r.truth.kind === 'real' ? 'real' : r.truth.generator,
    r.truth.kind === 'synthetic' ? r.truth.sha256 : null, r.truth.kind === 'synthetic' ? r.truth.seed : null,
    r.truth.kind === 'synthetic' ? r.truth.index : null, r.realism, r.call, r.confidence, r.rating6, r.freeText,
    r.firstAnswerMs, r.totalMs, r.visits, r.repeatOf === null ? null : r.repeatOf + 1, r.answeredAt, r.updatedAt,
  ].map(cell).join(','));
  return [COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
