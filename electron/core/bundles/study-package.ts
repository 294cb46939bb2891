import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { z } from 'zod';
import type { Db } from '../db/open.ts';
import { studyDesignSchema } from '../study/design.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { sha256, studyIdentity } from './identity.ts';
import type { StudyPackageExport, StudyPackageInstall } from '../../contract.ts';

// Compression runs on libuv's thread pool: a large study must not freeze the app's main process.
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/**
 * A study package carries one study to a reading workstation. Layout, gzipped:
 * MAGIC, a 4-byte big-endian header length, the JSON header, then every case's
 * pixels back to back (the header gives each one's offset, length and SHA-256).
 * Pixels stay binary so a large study never becomes one giant JSON string.
 * It holds what reading needs and nothing of the organizer's library or models.
 */
const MAGIC = Buffer.from('MIRAGE-STUDY-PACKAGE\n', 'utf8');
export const PACKAGE_EXTENSION = '.mirage-study';

const uid = z.string().regex(/^[0-9a-f]{32}$/);
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const count = z.number().int().min(0);

const headerSchema = z.object({
  format: z.literal('mirage-study-package'),
  formatVersion: z.literal(1),
  appVersion: z.string(),
  exportedAt: z.string(),
  study: z.object({
    uid, name: z.string().min(1), version: z.number().int().positive(), design: z.string(),
    sealSalt: b64, sealCheck: b64, bundleSecret: b64, createdAt: z.string(),
  }),
  cases: z.array(z.object({
    uid, training: z.boolean(), width: count, height: count, depth: count,
    pixels: z.object({ offset: count, length: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    truthSealed: b64, trainingTruth: z.enum(['real', 'synthetic']).nullable(),
  })),
  readers: z.array(z.object({
    uid, name: z.string().min(1), pinHash: b64.nullable(), pinSalt: b64.nullable(), language: z.string(), createdAt: z.string(),
    slots: z.array(z.object({ phase: z.enum(['training', 'study']), position: count, case: uid, token: z.string().min(16), repeatOf: count.nullable() })),
  })),
});
type Header = z.infer<typeof headerSchema>;
type PackageCase = Header['cases'][number];
type PackageReader = Header['readers'][number];

const b64of = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
const buf = (s: string) => Buffer.from(s, 'base64');

interface CaseRow { id: number; uid: string; training: number; width: number; height: number; depth: number; pixels: Buffer; truth_sealed: Buffer; training_truth: 'real' | 'synthetic' | null }

function readersOf(db: Db, studyId: number): PackageReader[] {
  const readers = db.prepare('SELECT id, uid, name, pin_hash, pin_salt, language, created_at FROM readers WHERE study_id = ? ORDER BY id').all(studyId) as
    { id: number; uid: string; name: string; pin_hash: Buffer | null; pin_salt: Buffer | null; language: string; created_at: string }[];
  const slots = db.prepare('SELECT rc.phase, rc.position, c.uid AS "case", rc.token, rc.repeat_of AS repeatOf FROM reader_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.reader_id = ? ORDER BY rc.phase, rc.position');
  return readers.map((r) => ({
    uid: r.uid, name: r.name, pinHash: b64of(r.pin_hash), pinSalt: b64of(r.pin_salt), language: r.language, createdAt: r.created_at,
    slots: slots.all(r.id) as PackageReader['slots'],
  }));
}

/** Writes the study's package to `path` (atomically). */
export async function exportStudyPackage(db: Db, studyId: number, path: string, appVersion: string): Promise<StudyPackageExport> {
  const study = studyIdentity(db, studyId);
  const row = db.prepare('SELECT seal_salt, seal_check, created_at FROM studies WHERE id = ?').get(studyId) as { seal_salt: Buffer; seal_check: Buffer; created_at: string };
  // Row order is kept (it was shuffled at creation so that ids reveal nothing).
  const cases = db.prepare('SELECT * FROM cases WHERE study_id = ? ORDER BY id').all(studyId) as CaseRow[];
  let offset = 0;
  const header: Header = {
    format: 'mirage-study-package', formatVersion: 1, appVersion, exportedAt: new Date().toISOString(),
    study: {
      uid: study.uid, name: study.name, version: study.version, design: study.design, createdAt: row.created_at,
      sealSalt: row.seal_salt.toString('base64'), sealCheck: row.seal_check.toString('base64'), bundleSecret: study.secret.toString('base64'),
    },
    cases: cases.map((c) => {
      const pixels = { offset, length: c.pixels.length, sha256: sha256(c.pixels) };
      offset += c.pixels.length;
      return { uid: c.uid, training: c.training === 1, width: c.width, height: c.height, depth: c.depth, pixels, truthSealed: c.truth_sealed.toString('base64'), trainingTruth: c.training_truth };
    }),
    readers: readersOf(db, studyId),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  writeFileAtomic(path, await gzip(Buffer.concat([MAGIC, length, json, ...cases.map((c) => c.pixels)])));
  return { path, studyUid: study.uid, cases: cases.length, readers: header.readers.length };
}

/** Reads and checks a package file; every error names the file. */
async function readPackage(path: string): Promise<{ header: Header; pixels: Buffer[] }> {
  const fail = (problem: string): never => { throw new Error(`${path}: ${problem}`); };
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (err) {
    return fail(`cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
  if (file.subarray(0, 40).includes('"mirage-session-bundle"')) fail('this is a session bundle, not a study package: import it into the study instead');
  let raw: Buffer;
  try {
    raw = await gunzip(file);
  } catch (err) {
    return fail(`not a readable Mirage study package (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) fail('not a Mirage study package');
  const start = MAGIC.length + 4;
  const end = start + (raw.length >= start ? raw.readUInt32BE(MAGIC.length) : 0);
  if (raw.length < end) fail('truncated');
  let header: Header;
  try {
    header = headerSchema.parse(JSON.parse(raw.subarray(start, end).toString('utf8')));
    studyDesignSchema.parse(JSON.parse(header.study.design));
  } catch (err) {
    return fail(`damaged or unsupported header (${err instanceof Error ? err.message.slice(0, 300) : String(err)})`);
  }
  const pixels = header.cases.map((c, i) => {
    const p = raw.subarray(end + c.pixels.offset, end + c.pixels.offset + c.pixels.length);
    if (p.length !== c.pixels.length || sha256(p) !== c.pixels.sha256) fail(`case ${i + 1}'s pixels are damaged (SHA-256 mismatch)`);
    return p;
  });
  return { header, pixels };
}

const caseFingerprint = (c: { uid: string; training: boolean; width: number; height: number; depth: number; pixelsSha256: string; truthSealed: string; trainingTruth: string | null }) =>
  [c.uid, c.training, c.width, c.height, c.depth, c.pixelsSha256, c.truthSealed, c.trainingTruth].join('|');
const slotsFingerprint = (slots: PackageReader['slots']) =>
  slots.map((s) => [s.phase, s.position, s.case, s.token, s.repeatOf].join(':')).sort().join(',');

/** Fails unless the study stored under this uid is the package's study, case for case. */
function checkSameStudy(db: Db, path: string, studyId: number, header: Header): void {
  const clash = (what: string) => new Error(`${path}: study ${header.study.uid} ("${header.study.name}") is already installed here with a different ${what}; refusing to mix them`);
  const s = db.prepare('SELECT version, design, seal_salt, seal_check, bundle_secret FROM studies WHERE id = ?').get(studyId) as { version: number; design: string; seal_salt: Buffer; seal_check: Buffer; bundle_secret: Buffer };
  if (s.version !== header.study.version || s.design !== header.study.design) throw clash('design');
  if (!s.seal_salt.equals(buf(header.study.sealSalt)) || !s.seal_check.equals(buf(header.study.sealCheck)) || !s.bundle_secret.equals(buf(header.study.bundleSecret))) throw clash('seal or secret');
  const ours = (db.prepare('SELECT * FROM cases WHERE study_id = ?').all(studyId) as CaseRow[]).map((c) => caseFingerprint({
    uid: c.uid, training: c.training === 1, width: c.width, height: c.height, depth: c.depth, pixelsSha256: sha256(c.pixels), truthSealed: c.truth_sealed.toString('base64'), trainingTruth: c.training_truth,
  })).sort();
  const theirs = header.cases.map((c) => caseFingerprint({ ...c, pixelsSha256: c.pixels.sha256 })).sort();
  if (ours.join('\n') !== theirs.join('\n')) throw clash('set of cases');
}

/**
 * Installs a study package: recreates the study with the same uids, so that session
 * bundles map back to the organizer's rows. Installing it again changes nothing;
 * readers the organizer added since are added. One transaction.
 */
export async function importStudyPackage(db: Db, path: string): Promise<StudyPackageInstall> {
  const { header, pixels } = await readPackage(path);
  const s = header.study;
  return db.transaction((): StudyPackageInstall => {
    const existing = db.prepare('SELECT id FROM studies WHERE uid = ?').get(s.uid) as { id: number } | undefined;
    let studyId: number;
    if (existing) {
      studyId = existing.id;
      checkSameStudy(db, path, studyId, header);
    } else {
      studyId = Number(db.prepare('INSERT INTO studies (uid, name, version, design, seal_salt, seal_check, bundle_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(s.uid, s.name, s.version, s.design, buf(s.sealSalt), buf(s.sealCheck), buf(s.bundleSecret), s.createdAt).lastInsertRowid);
      const insert = db.prepare('INSERT INTO cases (uid, study_id, training, width, height, depth, pixels, truth_sealed, training_truth) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      header.cases.forEach((c: PackageCase, i) => {
        if (db.prepare('SELECT 1 FROM cases WHERE uid = ?').get(c.uid)) throw new Error(`${path}: case ${c.uid} already belongs to another study here`);
        insert.run(c.uid, studyId, c.training ? 1 : 0, c.width, c.height, c.depth, pixels[i], buf(c.truthSealed), c.trainingTruth);
      });
    }
    const caseIds = new Map((db.prepare('SELECT id, uid FROM cases WHERE study_id = ?').all(studyId) as { id: number; uid: string }[]).map((c) => [c.uid, c.id]));
    const local = new Map(readersOf(db, studyId).map((r) => [r.uid, r]));
    const added: string[] = [];
    for (const r of header.readers) {
      const mine = local.get(r.uid);
      if (mine) {
        if (slotsFingerprint(mine.slots) !== slotsFingerprint(r.slots)) throw new Error(`${path}: reader "${r.name}" is installed here with a different reading order`);
        continue;
      }
      if (db.prepare('SELECT 1 FROM readers WHERE uid = ? OR (study_id = ? AND name = ?)').get(r.uid, studyId, r.name)) {
        throw new Error(`${path}: a different reader "${r.name}" already exists here; it was not created by the organizer`);
      }
      const readerId = Number(db.prepare('INSERT INTO readers (uid, study_id, name, pin_hash, pin_salt, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(r.uid, studyId, r.name, r.pinHash === null ? null : buf(r.pinHash), r.pinSalt === null ? null : buf(r.pinSalt), r.language, r.createdAt).lastInsertRowid);
      const slot = db.prepare('INSERT INTO reader_cases (reader_id, phase, position, case_id, token, repeat_of) VALUES (?, ?, ?, ?, ?, ?)');
      for (const x of r.slots) {
        const caseId = caseIds.get(x.case);
        if (caseId === undefined) throw new Error(`${path}: reader "${r.name}" has a case that is not in the package`);
        slot.run(readerId, x.phase, x.position, caseId, x.token, x.repeatOf);
      }
      added.push(r.name);
    }
    return { studyId, studyUid: s.uid, name: s.name, created: !existing, readersAdded: added };
  })();
}
