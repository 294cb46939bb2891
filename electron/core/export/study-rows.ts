import type { Db } from '../db/open.ts';
import type { Truth } from '../study/design.ts';
import type { ScoreAnswer } from '../../contract.ts';
import { unsealStudy } from '../study/studies.ts';

/** One study score joined with its unsealed truth: the unit every export and analysis starts from. */
export interface UnsealedScore extends ScoreAnswer {
  reader: string;
  caseId: number;
  position: number;
  truth: Truth;
  firstAnswerMs: number | null;
  totalMs: number | null;
  visits: number;
  /** Position of the first showing when this slot repeats a case. */
  repeatOf: number | null;
  answeredAt: string;
}

/** Study-phase scores (training answers are practice and stay out), with truth. Needs the study key. */
export function unsealedScores(db: Db, studyId: number, key: Buffer): UnsealedScore[] {
  const truths = unsealStudy(db, studyId, key);
  const rows = db.prepare(`
    SELECT r.name AS reader, s.case_id, s.position, s.realism, s.call, s.confidence, s.rating6, s.free_text, s.roi,
           s.first_answer_ms, s.total_ms, s.visits, rc.repeat_of, s.created_at, s.updated_at
    FROM scores s JOIN readers r ON r.id = s.reader_id
    JOIN reader_cases rc ON rc.reader_id = s.reader_id AND rc.phase = s.phase AND rc.position = s.position
    WHERE r.study_id = ? AND s.phase = 'study' ORDER BY r.name, s.position`).all(studyId) as Record<string, never>[];
  return rows.map((r) => ({
    reader: r.reader, caseId: r.case_id, position: r.position, truth: truths.get(r.case_id)!,
    realism: r.realism, call: r.call, confidence: r.confidence, rating6: r.rating6, freeText: r.free_text, roi: r.roi,
    firstAnswerMs: r.first_answer_ms, totalMs: r.total_ms, visits: r.visits, repeatOf: r.repeat_of,
    answeredAt: r.created_at, updatedAt: r.updated_at,
  }));
}
