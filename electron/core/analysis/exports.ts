// Files made from unsealed study results: CSV (one row per score), .imrmc (for iMRMC and RJafroc) and JSON.
import { crossedGap, gridFromImrmc } from './design.ts';
import { writeImrmc, type ImrmcStudy } from './imrmc.ts';
import { score6, type ScoreRow, type StudyResults } from './results.ts';

/** Rows that count as readings: first showings only (repeats measure intra-reader agreement). */
export function primaryRows(results: StudyResults): ScoreRow[] {
  const rows = results.rows.filter((r) => r.repeatOf === null);
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.reader}\u0000${r.caseId}`;
    if (seen.has(key)) throw new Error(`reader ${r.reader} has two scores for case ${r.caseId} that are not marked as a repeat`);
    seen.add(key);
  }
  return rows;
}

export interface ImrmcExport {
  /** The split design: one modality per generator; real cases are negatives under every modality. */
  split: string;
  /**
   * Per generator: the real cases plus that generator's synthetic cases, one modality (for RJafroc, which
   * needs every reader to have scored every case; `notFullyCrossed` says which score is missing otherwise).
   */
  perGenerator: { generator: string; text: string; notFullyCrossed: string | null }[];
  /** Integer IDs used in the files. */
  ids: { readers: Record<string, number>; cases: Record<string, number>; modalities: Record<string, number> };
  /** Readings left out, with why (no 6-point score). */
  skipped: { reader: string; caseId: string; reason: string }[];
}

/**
 * Builds the .imrmc studies (the per-generator ones only when asked: the split study holds the same data).
 * Truth 1 = synthetic; the score is the 6-point real/synthetic rating (higher = more confident it is
 * synthetic); reader, case and modality IDs are integers from 1.
 */
export function imrmcStudies(results: StudyResults, perGenerator = true): { split: ImrmcStudy; perGenerator: { generator: string; study: ImrmcStudy }[]; ids: ImrmcExport['ids']; skipped: ImrmcExport['skipped'] } {
  const rows = primaryRows(results);
  const readerIds = new Map<string, number>();
  for (const r of [...results.readers, ...rows.map((x) => x.reader)]) if (!readerIds.has(r)) readerIds.set(r, readerIds.size + 1);
  const generators = [...results.generators];
  for (const r of rows) if (r.truth.kind === 'synthetic' && !generators.includes(r.truth.generator)) generators.push(r.truth.generator);
  const modalityIds = new Map(generators.map((g, k) => [g, k + 1]));
  const caseIds = new Map<string, number>();
  const caseTruth = new Map<string, string>();
  for (const r of rows) {
    const label = r.truth.kind === 'real' ? 'real' : `synthetic:${r.truth.generator}`;
    const known = caseTruth.get(r.caseId);
    if (known !== undefined && known !== label) throw new Error(`case ${r.caseId} has conflicting truth (${known} and ${label})`);
    if (known === undefined) (caseTruth.set(r.caseId, label), caseIds.set(r.caseId, caseIds.size + 1));
  }
  const skipped: ImrmcExport['skipped'] = [];
  const scored = rows.flatMap((r) => {
    const s = score6(r);
    if (s === null) {
      skipped.push({ reader: r.reader, caseId: r.caseId, reason: 'no 6-point rating and no call with confidence' });
      return [];
    }
    return [{ row: r, score: s, reader: String(readerIds.get(r.reader)), caseId: String(caseIds.get(r.caseId)) }];
  });
  const modalityName = new Map(generators.map((g) => [g, String(modalityIds.get(g))]));
  const legend = [
    `Mirage visual Turing test: ${results.studyName.replace(/[\r\n]+/g, ' ')}`,
    'truth 1 = synthetic, 0 = real; score = 6-point rating (1 definitely real ... 6 definitely synthetic)',
    `modalities: ${generators.map((g) => `${modalityIds.get(g)} = ${g}`).join('; ')}`,
  ];
  const caseList = (keep: (label: string) => boolean) =>
    [...caseIds].filter(([id]) => keep(caseTruth.get(id)!)).map(([id, n]) => ({ id: String(n), truth: (caseTruth.get(id) === 'real' ? 0 : 1) as 0 | 1 }));
  const study = (modalities: string[], description: string[]): ImrmcStudy => {
    const wanted = new Set(modalities);
    const scores: ImrmcStudy['scores'] = [];
    for (const { row, score, reader, caseId } of scored) {
      if (row.truth.kind === 'real') for (const g of modalities) scores.push({ reader, caseId, modality: modalityName.get(g)!, score });
      else if (wanted.has(row.truth.generator)) scores.push({ reader, caseId, modality: modalityName.get(row.truth.generator)!, score });
    }
    const usedReaders = new Set(scores.map((s) => s.reader));
    const usedModalities = new Set(scores.map((s) => s.modality));
    return {
      description,
      readers: [...readerIds.values()].map(String).filter((r) => usedReaders.has(r)),
      modalities: modalities.map((g) => String(modalityIds.get(g))).filter((m) => usedModalities.has(m)),
      cases: caseList((label) => label === 'real' || modalities.some((g) => label === `synthetic:${g}`)),
      scores,
    };
  };
  return {
    split: study(generators, legend),
    perGenerator: perGenerator ? generators.map((g) => ({ generator: g, study: study([g], [...legend.slice(0, 2), `generator ${g} only (modality ${modalityIds.get(g)}), fully crossed with the real cases`]) })) : [],
    ids: { readers: Object.fromEntries(readerIds), cases: Object.fromEntries(caseIds), modalities: Object.fromEntries(modalityIds) },
    skipped,
  };
}

export function exportImrmc(results: StudyResults): ImrmcExport {
  const s = imrmcStudies(results);
  return {
    split: writeImrmc(s.split),
    perGenerator: s.perGenerator.map((p) => ({ generator: p.generator, text: writeImrmc(p.study), notFullyCrossed: crossedGap(gridFromImrmc(p.study)) })),
    ids: s.ids,
    skipped: s.skipped,
  };
}

const CSV_COLUMNS = ['reader', 'case', 'position', 'truth', 'generator', 'generator_sha256', 'seed', 'index', 'call', 'confidence', 'rating6', 'realism', 'first_answer_ms', 'total_ms', 'visits', 'repeat_of', 'free_text', 'answered_at'] as const;

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet; quote it as text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV, one row per score (repeats included, marked in repeat_of). */
export function exportCsv(results: StudyResults): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of results.rows) {
    const t = r.truth;
    lines.push(
      [r.reader, r.caseId, r.position, t.kind, t.kind === 'synthetic' ? t.generator : null, t.kind === 'synthetic' ? t.sha256 : null, t.kind === 'synthetic' ? t.seed : null,
        t.kind === 'synthetic' ? t.index : null, r.call, r.confidence, r.rating6, r.realism, r.firstAnswerMs, r.totalMs, r.visits, r.repeatOf, r.freeText, r.answeredAt]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Everything, for further tools: the results as given and the full analysis. */
export function exportJson(results: StudyResults, analysis: unknown): string {
  return JSON.stringify({ format: 'mirage-analysis', version: 1, results, analysis }, null, 2);
}
