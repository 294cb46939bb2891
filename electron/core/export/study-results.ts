import type { Db } from '../db/open.ts';
import type { StudyResults } from '../analysis/results.ts';
import { unsealStudy } from '../study/studies.ts';

interface ScoreRecord {
  reader: string;
  case_id: number;
  position: number;
  realism: number | null;
  call: 'real' | 'synthetic' | null;
  confidence: number | null;
  rating6: number | null;
  free_text: string | null;
  first_answer_ms: number | null;
  total_ms: number | null;
  visits: number;
  repeat_of: number | null;
  created_at: string;
}

/**
 * A study's scores with their unsealed truth, in the analysis' input form: the start of every
 * export and analysis. Study phase only (training answers are practice). Needs the study key.
 */
export function studyResults(db: Db, studyId: number, key: Buffer): StudyResults {
  const study = db.prepare('SELECT name, version FROM studies WHERE id = ?').get(studyId) as { name: string; version: number };
  const readers = (db.prepare('SELECT name FROM readers WHERE study_id = ? ORDER BY name').all(studyId) as { name: string }[]).map((r) => r.name);
  const truths = unsealStudy(db, studyId, key);
  const generators = [...new Set([...truths.values()].flatMap((t) => (t.kind === 'synthetic' ? [t.generator] : [])))].sort();
  const records = db.prepare(`
    SELECT r.name AS reader, s.case_id, s.position, s.realism, s.call, s.confidence, s.rating6, s.free_text,
           s.first_answer_ms, s.total_ms, s.visits, rc.repeat_of, s.created_at
    FROM scores s JOIN readers r ON r.id = s.reader_id
    JOIN reader_cases rc ON rc.reader_id = s.reader_id AND rc.phase = s.phase AND rc.position = s.position
    WHERE r.study_id = ? AND s.phase = 'study' ORDER BY r.name, s.position`).all(studyId) as ScoreRecord[];
  const rows = records.map((s) => {
    const truth = truths.get(s.case_id)!;
    return {
      reader: s.reader,
      caseId: String(s.case_id),
      truth: truth.kind === 'real' ? { kind: 'real' as const } : { kind: 'synthetic' as const, generator: truth.generator, seed: truth.seed, index: truth.index, sha256: truth.sha256 },
      call: s.call,
      confidence: s.confidence,
      rating6: s.rating6,
      realism: s.realism,
      firstAnswerMs: s.first_answer_ms,
      totalMs: s.total_ms,
      visits: s.visits,
      // A repeat shows the same case again: the analysis pairs it with its first showing by case id.
      repeatOf: s.repeat_of === null ? null : String(s.case_id),
      freeText: s.free_text,
      position: s.position + 1,
      answeredAt: s.created_at,
    };
  });
  return { studyName: study.version > 1 ? `${study.name} (v${study.version})` : study.name, readers, generators, rows };
}
