import type { Db } from '../db/open.ts';
import type { StudyResults } from '../analysis/results.ts';
import { unsealStudy } from '../study/studies.ts';
import { unsealedScores } from './study-rows.ts';

/** A study's scores with their unsealed truth, in the analysis' input form. Needs the study key. */
export function studyResults(db: Db, studyId: number, key: Buffer): StudyResults {
  const study = db.prepare('SELECT name, version FROM studies WHERE id = ?').get(studyId) as { name: string; version: number };
  const readers = (db.prepare('SELECT name FROM readers WHERE study_id = ? ORDER BY name').all(studyId) as { name: string }[]).map((r) => r.name);
  const generators = [...new Set([...unsealStudy(db, studyId, key).values()].flatMap((t) => (t.kind === 'synthetic' ? [t.generator] : [])))].sort();
  const rows = unsealedScores(db, studyId, key).map((s) => ({
    reader: s.reader,
    caseId: String(s.caseId),
    truth: s.truth.kind === 'real' ? { kind: 'real' as const } : { kind: 'synthetic' as const, generator: s.truth.generator, seed: s.truth.seed, index: s.truth.index, sha256: s.truth.sha256 },
    call: s.call,
    confidence: s.confidence,
    rating6: s.rating6,
    realism: s.realism,
    firstAnswerMs: s.firstAnswerMs,
    totalMs: s.totalMs,
    visits: s.visits,
    // A repeat shows the same case again: the analysis pairs it with its first showing by case id.
    repeatOf: s.repeatOf === null ? null : String(s.caseId),
    freeText: s.freeText,
    position: s.position + 1,
    answeredAt: s.answeredAt,
  }));
  return { studyName: study.version > 1 ? `${study.name} (v${study.version})` : study.name, readers, generators, rows };
}
