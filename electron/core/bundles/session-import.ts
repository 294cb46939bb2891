import type { Db } from '../db/open.ts';
import { studyIdentity } from './identity.ts';
import { readSessionBundle, scoreState, type BundleScore, type ScoreState } from './session-bundle.ts';
import type { BundleConflict, Phase, ScoreAnswer, SessionBundleImport } from '../../contract.ts';

type Verdict = 'unchanged' | 'newer' | 'conflict';

const answerKey = (s: ScoreState) => JSON.stringify([s.realism, s.call, s.confidence, s.rating6, s.freeText, s.roi]);
const answerOf = (s: ScoreState): ScoreAnswer => ({
  realism: s.realism, call: s.call, confidence: s.confidence, rating6: s.rating6, freeText: s.freeText, roi: s.roi, updatedAt: s.updatedAt,
});

/**
 * How a bundle's score relates to the stored one for the same reader and slot.
 * The same createdAt means the same score from one workstation, seen at two moments:
 * a later edit (their history holds our value) or more visits replace ours, an older
 * snapshot (our history holds theirs) changes nothing. Otherwise only an identical
 * answer is harmless; any other difference is a conflict, and ours is kept.
 */
function compare(ours: ScoreState, oursHistory: ScoreState[], theirs: BundleScore): Verdict {
  const same = (a: ScoreState, b: ScoreState) => answerKey(a) === answerKey(b);
  if (ours.createdAt === theirs.createdAt) {
    if (theirs.updatedAt > ours.updatedAt && theirs.history.some((h) => h.previous.updatedAt === ours.updatedAt && same(h.previous, ours))) return 'newer';
    if (theirs.updatedAt === ours.updatedAt && same(ours, theirs)) return theirs.visits > ours.visits ? 'newer' : 'unchanged';
    if (theirs.updatedAt < ours.updatedAt && oursHistory.some((h) => h.updatedAt === theirs.updatedAt && same(h, theirs))) return 'unchanged';
  }
  return same(ours, theirs) ? 'unchanged' : 'conflict';
}

/** score_history.previous holds the whole scores row as JSON, like the reading desk writes it. */
const rowJson = (s: ScoreState, ids: { id: number; reader_id: number; phase: Phase; position: number; case_id: number }) => JSON.stringify({
  ...ids, realism: s.realism, call: s.call, confidence: s.confidence, rating6: s.rating6, free_text: s.freeText, roi: s.roi,
  first_answer_ms: s.firstAnswerMs, total_ms: s.totalMs, visits: s.visits, created_at: s.createdAt, updated_at: s.updatedAt,
});

function storedConflicts(db: Db, bundleId: number): BundleConflict[] {
  const rows = db.prepare(`SELECT r.name, s.phase, s.position, k.ours, k.theirs FROM bundle_conflicts k JOIN scores s ON s.id = k.score_id
    JOIN readers r ON r.id = s.reader_id WHERE k.bundle_id = ? ORDER BY k.id`).all(bundleId) as { name: string; phase: Phase; position: number; ours: string; theirs: string }[];
  return rows.map((r) => ({ reader: r.name, phase: r.phase, position: r.position + 1, ours: answerOf(JSON.parse(r.ours)), theirs: answerOf(JSON.parse(r.theirs)) }));
}

/**
 * Merges a workstation's session bundle into the organizer's study, in one transaction:
 * new scores are added, conflicting ones reported and recorded (ours kept), and a
 * bundle imported before changes nothing.
 */
export function importSessionBundle(db: Db, studyId: number, path: string): SessionBundleImport {
  const study = studyIdentity(db, studyId);
  const bundle = readSessionBundle(path, study);
  const workstation = bundle.header.workstation;
  return db.transaction((): SessionBundleImport => {
    const prior = db.prepare('SELECT id FROM imported_bundles WHERE study_id = ? AND hmac = ?').get(studyId, bundle.hmac) as { id: number } | undefined;
    if (prior) return { file: path, workstation, alreadyImported: true, imported: 0, updated: 0, unchanged: bundle.scores.length, conflicts: storedConflicts(db, prior.id) };

    const readers = new Map((db.prepare('SELECT id, uid, name FROM readers WHERE study_id = ?').all(studyId) as { id: number; uid: string; name: string }[]).map((r) => [r.uid, r]));
    const named = new Map(bundle.readers.map((r) => [r.uid, r.name]));
    for (const uid of new Set([...named.keys(), ...bundle.scores.map((s) => s.reader)])) {
      if (!readers.has(uid)) {
        throw new Error(`${path}: rejected: reader "${named.get(uid) ?? uid}" is not a reader of "${study.name}" here (added on the workstation?); add readers on the organizer's copy and send a new study package`);
      }
    }
    const bundleId = Number(db.prepare('INSERT INTO imported_bundles (study_id, bundle_uid, hmac, workstation, app_version, file, imported, updated, unchanged) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0)')
      .run(studyId, bundle.header.bundleUid, bundle.hmac, workstation, bundle.header.appVersion, path).lastInsertRowid);
    const slotOf = db.prepare('SELECT rc.case_id, c.uid FROM reader_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.reader_id = ? AND rc.phase = ? AND rc.position = ?');
    const scoreOf = db.prepare('SELECT * FROM scores WHERE reader_id = ? AND phase = ? AND position = ?');
    const historyOf = db.prepare('SELECT previous, replaced_at FROM score_history WHERE score_id = ?');
    const addHistory = db.prepare('INSERT INTO score_history (score_id, previous, replaced_at) VALUES (?, ?, ?)');
    const insertScore = db.prepare(`INSERT INTO scores (reader_id, phase, position, case_id, realism, call, confidence, rating6, free_text, roi, first_answer_ms, total_ms, visits, created_at, updated_at)
      VALUES (@reader_id, @phase, @position, @case_id, @realism, @call, @confidence, @rating6, @freeText, @roi, @firstAnswerMs, @totalMs, @visits, @createdAt, @updatedAt)`);
    const replaceScore = db.prepare(`UPDATE scores SET realism = @realism, call = @call, confidence = @confidence, rating6 = @rating6, free_text = @freeText, roi = @roi,
      first_answer_ms = @firstAnswerMs, total_ms = @totalMs, visits = @visits, updated_at = @updatedAt WHERE id = @id`);
    const result: SessionBundleImport = { file: path, workstation, alreadyImported: false, imported: 0, updated: 0, unchanged: 0, conflicts: [] };

    for (const theirs of bundle.scores) {
      const reader = readers.get(theirs.reader)!;
      const slot = slotOf.get(reader.id, theirs.phase, theirs.position) as { case_id: number; uid: string } | undefined;
      if (!slot || slot.uid !== theirs.case) {
        throw new Error(`${path}: rejected: reader "${reader.name}"'s ${theirs.phase} case ${theirs.position + 1} is not the case at that place in this study's order`);
      }
      const { history, reader: _r, case: _c, ...state } = theirs;
      const ids = { reader_id: reader.id, phase: theirs.phase, position: theirs.position, case_id: slot.case_id };
      const ours = scoreOf.get(reader.id, theirs.phase, theirs.position) as Record<string, unknown> | undefined;
      if (!ours) {
        const scoreId = Number(insertScore.run({ ...state, ...ids }).lastInsertRowid);
        for (const h of history) addHistory.run(scoreId, rowJson(h.previous, { id: scoreId, ...ids }), h.replacedAt);
        result.imported++;
        continue;
      }
      const scoreId = ours.id as number;
      const oursHistory = historyOf.all(scoreId) as { previous: string; replaced_at: string }[];
      const verdict = compare(scoreState(ours), oursHistory.map((h) => scoreState(JSON.parse(h.previous))), theirs);
      if (verdict === 'unchanged') {
        result.unchanged++;
      } else if (verdict === 'newer') {
        // Ours is in their history already; keep every edit either side knows of.
        const known = new Set(oursHistory.map((h) => h.replaced_at));
        for (const h of history) if (!known.has(h.replacedAt)) addHistory.run(scoreId, rowJson(h.previous, { id: scoreId, ...ids }), h.replacedAt);
        replaceScore.run({ ...state, id: scoreId });
        result.updated++;
      } else {
        const oursState = scoreState(ours);
        db.prepare('INSERT INTO bundle_conflicts (bundle_id, score_id, ours, theirs) VALUES (?, ?, ?, ?)').run(bundleId, scoreId, JSON.stringify(oursState), JSON.stringify(theirs));
        result.conflicts.push({ reader: reader.name, phase: theirs.phase, position: theirs.position + 1, ours: answerOf(oursState), theirs: answerOf(state) });
      }
    }
    db.prepare('UPDATE imported_bundles SET imported = ?, updated = ?, unchanged = ? WHERE id = ?').run(result.imported, result.updated, result.unchanged, bundleId);
    return result;
  })();
}
