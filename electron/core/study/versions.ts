import type { Db } from '../db/open.ts';
import { studyDesignSchema, type StudyDesign } from './design.ts';
import { dealOrders, isFrozen, studyDesign, studyKey } from './studies.ts';

/** The case pixels were made in one format; a design change cannot alter it. */
function sameFormat(a: StudyDesign, b: StudyDesign): boolean {
  return JSON.stringify(a.format) === JSON.stringify(b.format);
}

/**
 * Edits a study's design while no score exists. Once the first answer is stored the
 * design is frozen (scores must mean one thing): changes then need a new version.
 */
export function updateStudyDesign(db: Db, studyId: number, passphrase: string, design: StudyDesign): void {
  const key = studyKey(db, studyId, passphrase);
  const next = studyDesignSchema.parse(design);
  if (!sameFormat(studyDesign(db, studyId), next)) throw new Error('the case format (size, depth, HU range, spacing) cannot change: the cases were made in it');
  db.transaction(() => {
    if (isFrozen(db, studyId)) throw new Error('this study is frozen since its first score; create a new version to change its design');
    db.prepare('UPDATE studies SET design = ? WHERE id = ?').run(JSON.stringify(next), studyId);
    // Repeats and seed shape the orders; no one has read yet, so deal them again.
    const readers = db.prepare('SELECT id, name FROM readers WHERE study_id = ?').all(studyId) as { id: number; name: string }[];
    db.prepare('DELETE FROM reader_cases WHERE reader_id IN (SELECT id FROM readers WHERE study_id = ?)').run(studyId);
    for (const r of readers) dealOrders(db, studyId, key, r.id, r.name);
  })();
}

/**
 * A new version of a study: the same cases (pixels and sealed truths), the same
 * readers with fresh orders and tokens, a changed design, no scores. The old
 * version and its scores stay as they are.
 */
export function newStudyVersion(db: Db, studyId: number, passphrase: string, design: StudyDesign): number {
  const key = studyKey(db, studyId, passphrase);
  const next = studyDesignSchema.parse(design);
  if (!sameFormat(studyDesign(db, studyId), next)) throw new Error('a new version keeps the case format (its cases are reused)');
  return db.transaction(() => {
    const old = db.prepare('SELECT * FROM studies WHERE id = ?').get(studyId) as { name: string; version: number; seal_salt: Buffer; seal_check: Buffer };
    const latest = (db.prepare('SELECT MAX(version) AS v FROM studies WHERE id = ? OR parent_id = ?').get(studyId, studyId) as { v: number }).v;
    const newId = Number(db.prepare('INSERT INTO studies (name, version, parent_id, design, seal_salt, seal_check) VALUES (?, ?, ?, ?, ?, ?)')
      .run(old.name, latest + 1, studyId, JSON.stringify(next), old.seal_salt, old.seal_check).lastInsertRowid);
    db.prepare('INSERT INTO cases (study_id, training, width, height, depth, pixels, truth_sealed, training_truth) SELECT ?, training, width, height, depth, pixels, truth_sealed, training_truth FROM cases WHERE study_id = ? ORDER BY random()')
      .run(newId, studyId);
    const readers = db.prepare('SELECT name, pin_hash, pin_salt, language FROM readers WHERE study_id = ?').all(studyId) as { name: string; pin_hash: Buffer | null; pin_salt: Buffer | null; language: string }[];
    for (const r of readers) {
      const readerId = Number(db.prepare('INSERT INTO readers (study_id, name, pin_hash, pin_salt, language) VALUES (?, ?, ?, ?, ?)').run(newId, r.name, r.pin_hash, r.pin_salt, r.language).lastInsertRowid);
      dealOrders(db, newId, key, readerId, r.name);
    }
    return newId;
  })();
}
