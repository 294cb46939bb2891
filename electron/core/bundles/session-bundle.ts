import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { Db } from '../db/open.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { bundleKey, sha256, studyIdentity, type StudyIdentity } from './identity.ts';
import type { SessionBundleExport } from '../../contract.ts';

/**
 * A session bundle: one workstation's reading of a study, as one JSON document.
 * Its three parts are stored as JSON strings, so the SHA-256 manifest hashes exactly
 * the text in the file; the HMAC (key derived from the study's secret) covers the
 * manifest, and the file must be the exact serialization of what it parses to, so
 * no byte can change unnoticed. Plain JSON rather than gzip: gzip's header bytes
 * are covered by no checksum. It carries readers' names, answers, timings and edit
 * history: no truth, no pixels, nothing from the source scans.
 */
export const BUNDLE_EXTENSION = '.mirage-session';
const FORMAT = 'mirage-session-bundle';
const PARTS = ['header', 'readers', 'scores'] as const;

const uid = z.string().regex(/^[0-9a-f]{32}$/);
const int = z.number().int();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const stateSchema = z.object({
  realism: int.min(1).max(5).nullable(), call: z.enum(['real', 'synthetic']).nullable(), confidence: int.min(1).max(3).nullable(), rating6: int.min(1).max(6).nullable(),
  freeText: z.string().nullable(), roi: z.string().nullable(), firstAnswerMs: int.min(0).nullable(), totalMs: int.min(0).nullable(), visits: int.min(0),
  createdAt: z.string(), updatedAt: z.string(),
});
/** One stored value of a score (current or an earlier one from its history). */
export type ScoreState = z.infer<typeof stateSchema>;

const headerSchema = z.object({
  studyUid: uid, studyName: z.string(), designVersion: int, designSha256: z.string(),
  appVersion: z.string(), workstation: z.string(), bundleUid: z.string(), exportedAt: z.string(),
});
const readersSchema = z.array(z.object({ uid, name: z.string() }));
const scoresSchema = z.array(stateSchema.extend({
  reader: uid, phase: z.enum(['training', 'study']), position: int.min(0), case: uid,
  history: z.array(z.object({ previous: stateSchema, replacedAt: z.string() })),
}));
export type BundleScore = z.infer<typeof scoresSchema>[number];

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  formatVersion: z.literal(1),
  parts: z.strictObject({ header: z.string(), readers: z.string(), scores: z.string() }),
  manifest: z.strictObject({ header: hex64, readers: hex64, scores: hex64 }),
  // Lower-case only: hex decoding ignores case, so 'a' and 'A' must not both pass.
  hmac: hex64,
});

export interface SessionBundle {
  header: z.infer<typeof headerSchema>;
  readers: z.infer<typeof readersSchema>;
  scores: BundleScore[];
  hmac: string;
}

const macOf = (key: Buffer, manifest: Record<(typeof PARTS)[number], string>) =>
  createHmac('sha256', key).update(JSON.stringify([FORMAT, 1, ...PARTS.map((p) => manifest[p])])).digest('hex');

/** A scores row, or a score_history.previous (the same row as JSON), in portable form. */
export function scoreState(r: Record<string, unknown>): ScoreState {
  return {
    realism: r.realism as number | null, call: r.call as ScoreState['call'], confidence: r.confidence as number | null, rating6: r.rating6 as number | null,
    freeText: r.free_text as string | null, roi: r.roi as string | null, firstAnswerMs: r.first_answer_ms as number | null, totalMs: r.total_ms as number | null,
    visits: r.visits as number, createdAt: r.created_at as string, updatedAt: r.updated_at as string,
  };
}

/** Writes every score of the study on this machine (both phases, with history) to `path`, atomically. */
export function exportSessionBundle(db: Db, studyId: number, path: string, opts: { workstation: string; appVersion: string }): SessionBundleExport {
  const study = studyIdentity(db, studyId);
  const rows = db.prepare(`SELECT s.*, r.uid AS reader_uid, c.uid AS case_uid FROM scores s JOIN readers r ON r.id = s.reader_id JOIN cases c ON c.id = s.case_id
    WHERE r.study_id = ? ORDER BY r.id, s.phase, s.position`).all(studyId) as Record<string, unknown>[];
  const history = db.prepare('SELECT previous, replaced_at FROM score_history WHERE score_id = ? ORDER BY id');
  const scores: BundleScore[] = rows.map((r) => ({
    ...scoreState(r), reader: r.reader_uid as string, phase: r.phase as BundleScore['phase'], position: r.position as number, case: r.case_uid as string,
    history: (history.all(r.id) as { previous: string; replaced_at: string }[]).map((h) => ({ previous: scoreState(JSON.parse(h.previous)), replacedAt: h.replaced_at })),
  }));
  const readers = db.prepare('SELECT uid, name FROM readers r WHERE study_id = ? AND EXISTS (SELECT 1 FROM scores s WHERE s.reader_id = r.id) ORDER BY id').all(studyId) as SessionBundle['readers'];
  const header: SessionBundle['header'] = {
    studyUid: study.uid, studyName: study.name, designVersion: study.version, designSha256: sha256(study.design),
    appVersion: opts.appVersion, workstation: opts.workstation, bundleUid: randomUUID(), exportedAt: new Date().toISOString(),
  };
  const parts = { header: JSON.stringify(header), readers: JSON.stringify(readers), scores: JSON.stringify(scores) };
  const manifest = { header: sha256(parts.header), readers: sha256(parts.readers), scores: sha256(parts.scores) };
  const file = { format: FORMAT, formatVersion: 1, parts, manifest, hmac: macOf(bundleKey(study), manifest) };
  writeFileAtomic(path, Buffer.from(JSON.stringify(file), 'utf8'));
  return { path, readers: readers.length, scores: scores.length };
}

/**
 * Reads a bundle and proves it belongs to `study` and is unaltered: manifest, then
 * study uid, then HMAC, then design version. Every error names the file and the reason.
 */
export function readSessionBundle(path: string, study: StudyIdentity): SessionBundle {
  const fail = (problem: string): never => { throw new Error(`${path}: ${problem}`); };
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    return fail(`cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    let packaged = false;
    try { packaged = gunzipSync(raw).subarray(0, 20).toString('latin1') === 'MIRAGE-STUDY-PACKAGE'; } catch { /* not gzip after all */ }
    fail(packaged ? 'this is a study package, not a session bundle: install it instead' : 'rejected: not a Mirage session bundle (compressed data)');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString('utf8'));
  } catch {
    return fail('rejected: not a Mirage session bundle, or damaged (invalid JSON)');
  }
  const parsed = fileSchema.safeParse(doc);
  if (!parsed.success) fail('rejected: not a Mirage session bundle, or damaged (unknown layout)');
  if (!Buffer.from(JSON.stringify(doc), 'utf8').equals(raw)) fail('rejected: the file was altered after export (not as written)');
  const file = parsed.data!;
  for (const p of PARTS) {
    if (sha256(file.parts[p]) !== file.manifest[p]) fail(`rejected: part "${p}" does not match its SHA-256 in the manifest; the file was altered after export`);
  }
  const parse = <T>(schema: z.ZodType<T>, part: (typeof PARTS)[number]): T => {
    try {
      return schema.parse(JSON.parse(file.parts[part]));
    } catch {
      return fail(`rejected: part "${part}" is malformed`);
    }
  };
  const header = parse(headerSchema, 'header');
  if (header.studyUid !== study.uid) {
    fail(`rejected: it belongs to another study ("${header.studyName}", ${header.studyUid}), not to "${study.name}" (${study.uid})`);
  }
  const expected = Buffer.from(macOf(bundleKey(study), file.manifest), 'hex');
  const given = Buffer.from(file.hmac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    fail("rejected: its HMAC does not verify; the bundle was altered or was not made from this study's package");
  }
  if (header.designVersion !== study.version || header.designSha256 !== sha256(study.design)) {
    fail(`rejected: it was read on a different design (version ${header.designVersion}) than this study's (version ${study.version})`);
  }
  return { header, readers: parse(readersSchema, 'readers'), scores: parse(scoresSchema, 'scores'), hmac: file.hmac };
}
