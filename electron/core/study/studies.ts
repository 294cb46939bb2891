import { createHmac, randomBytes, randomInt, scryptSync } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { Volume } from '../imaging/volume.ts';
import { toCaseImage, type CaseImage } from '../imaging/case-format.ts';
import { centralSlices, loadSeries, sliceOf } from '../library.ts';
import { deriveKey, newSalt, seal, sealCheck, unseal, verifyKey } from './seal.ts';
import { studyDesignSchema, type StudyDesign, type Truth } from './design.ts';
import { readerOrder } from './order.ts';
import type { StudySummary } from '../../contract.ts';

/** Real cases: `slices` slices of a library series (2D studies), or the series as a volume (3D). */
export interface RealSource {
  seriesId: number;
  slices: number;
}

/** A generator as the study sees it: a name for the sealed truth and a way to make images. */
export interface SyntheticSource {
  name: string;
  sha256: string;
  count: number;
  trainingCount?: number;
  generate(seed: number, firstIndex: number, count: number): Promise<Volume[]>;
}

export interface ReaderInput {
  name: string;
  pin?: string | null;
  language: 'en' | 'fr';
}

export interface CreateStudyInput {
  name: string;
  passphrase: string;
  design: StudyDesign;
  real: RealSource[];
  synthetic: SyntheticSource[];
  /** Real series reserved for the training set (its truth is shown to readers). */
  trainingReal?: RealSource[];
  readers: ReaderInput[];
}

interface PendingCase {
  image: CaseImage;
  truth: Truth;
  training: boolean;
}

// Sealed truths are padded to one length, so a ciphertext's size cannot tell real from synthetic.
const TRUTH_PAD = 480;

function sealTruth(key: Buffer, truth: Truth): Buffer {
  const text = JSON.stringify(truth);
  if (text.length > TRUTH_PAD) throw new Error('truth record too long to seal');
  return seal(key, text.padEnd(TRUTH_PAD, ' '));
}

export function unsealTruth(key: Buffer, sealed: Buffer): Truth {
  return JSON.parse(unseal(key, sealed)) as Truth;
}

function realCases(db: Db, sources: RealSource[], design: StudyDesign, training: boolean): PendingCase[] {
  const out: PendingCase[] = [];
  for (const src of sources) {
    const v = loadSeries(db, src.seriesId);
    if (design.format.depth > 1) {
      if (v.depth < design.format.depth) {
        throw new Error(`series ${src.seriesId} has ${v.depth} slices; the study's case format needs ${design.format.depth}`);
      }
      out.push({ image: toCaseImage(v, design.format), truth: { kind: 'real', series: src.seriesId, slice: -1 }, training });
      continue;
    }
    for (const z of centralSlices(v.depth, src.slices)) {
      out.push({ image: toCaseImage(sliceOf(v, z), design.format), truth: { kind: 'real', series: src.seriesId, slice: z }, training });
    }
  }
  return out;
}

async function syntheticCases(src: SyntheticSource, seed: number, firstIndex: number, count: number, design: StudyDesign, training: boolean): Promise<PendingCase[]> {
  if (count === 0) return [];
  const volumes = await src.generate(seed, firstIndex, count);
  return volumes.map((v, i) => {
    if (design.format.depth > 1 && v.depth < design.format.depth) {
      throw new Error(`generator ${src.name} makes ${v.depth} slices; the study's case format needs ${design.format.depth}`);
    }
    return {
      image: toCaseImage(v, design.format),
      truth: { kind: 'synthetic', generator: src.name, sha256: src.sha256, seed, index: firstIndex + i },
      training,
    };
  });
}

/** Secret, stable seed of one reader's order: only the passphrase holder can recompute it. */
function orderSeed(key: Buffer, studyId: number, readerName: string): string {
  return createHmac('sha256', key).update(`order:${studyId}:${readerName}`).digest('hex');
}

/**
 * Builds a study: every case normalized to the study's case format, truths sealed,
 * rows inserted in a random order (row ids must not reveal real vs synthetic),
 * and the readers' orders dealt. All or nothing: one transaction.
 */
export async function createStudy(db: Db, input: CreateStudyInput): Promise<number> {
  const design = studyDesignSchema.parse(input.design);
  if (!input.name.trim()) throw new Error('a study needs a name');
  const salt = newSalt();
  const key = deriveKey(input.passphrase, salt);
  const pending = [...realCases(db, input.real, design, false), ...realCases(db, input.trainingReal ?? [], design, true)];
  for (const src of input.synthetic) {
    pending.push(...(await syntheticCases(src, design.seed, 0, src.count, design, false)));
    pending.push(...(await syntheticCases(src, design.seed, src.count, src.trainingCount ?? 0, design, true)));
  }
  if (!pending.some((c) => !c.training)) throw new Error('a study needs at least one case');
  for (let i = pending.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pending[i], pending[j]] = [pending[j], pending[i]];
  }
  return db.transaction(() => {
    const studyId = Number(
      db.prepare('INSERT INTO studies (name, design, seal_salt, seal_check) VALUES (?, ?, ?, ?)')
        .run(input.name.trim(), JSON.stringify(design), salt, sealCheck(key)).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO cases (study_id, training, width, height, depth, pixels, truth_sealed, training_truth) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const c of pending) {
      const { pixels } = c.image;
      insert.run(studyId, c.training ? 1 : 0, c.image.width, c.image.height, c.image.depth,
        Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), sealTruth(key, c.truth),
        c.training ? c.truth.kind : null);
    }
    for (const r of input.readers) insertReader(db, studyId, key, r);
    return studyId;
  })();
}

/** Opens a study's seal; throws WrongPassphraseError, never a partial result. */
export function studyKey(db: Db, studyId: number, passphrase: string): Buffer {
  const row = db.prepare('SELECT seal_salt, seal_check FROM studies WHERE id = ?').get(studyId) as { seal_salt: Buffer; seal_check: Buffer } | undefined;
  if (!row) throw new Error(`no study ${studyId}`);
  const key = deriveKey(passphrase, row.seal_salt);
  verifyKey(key, row.seal_check);
  return key;
}

/** Every case's truth, by case id. Needs the study key. */
export function unsealStudy(db: Db, studyId: number, key: Buffer): Map<number, Truth> {
  const rows = db.prepare('SELECT id, truth_sealed FROM cases WHERE study_id = ?').all(studyId) as { id: number; truth_sealed: Buffer }[];
  return new Map(rows.map((r) => [r.id, unsealTruth(key, r.truth_sealed)]));
}

/** PINs are short: scrypt makes guessing one from a copied database slow. */
export function hashPin(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin, salt, 32, { N: 1 << 14, r: 8, p: 1 });
}

function insertReader(db: Db, studyId: number, key: Buffer, r: ReaderInput): number {
  const name = r.name.trim();
  if (!name) throw new Error('a reader needs a name');
  if (db.prepare('SELECT 1 FROM readers WHERE study_id = ? AND name = ?').get(studyId, name)) {
    throw new Error(`reader "${name}" already exists in this study`);
  }
  const pinSalt = r.pin ? randomBytes(16) : null;
  const readerId = Number(
    db.prepare('INSERT INTO readers (study_id, name, pin_hash, pin_salt, language) VALUES (?, ?, ?, ?, ?)')
      .run(studyId, name, r.pin && pinSalt ? hashPin(r.pin, pinSalt) : null, pinSalt, r.language).lastInsertRowid,
  );
  dealOrders(db, studyId, key, readerId, name);
  return readerId;
}

export function studyDesign(db: Db, studyId: number): StudyDesign {
  const row = db.prepare('SELECT design FROM studies WHERE id = ?').get(studyId) as { design: string } | undefined;
  if (!row) throw new Error(`no study ${studyId}`);
  return studyDesignSchema.parse(JSON.parse(row.design));
}

/** Deals a reader's training and study orders, balanced by truth (hence the key), each slot with a fresh token. */
export function dealOrders(db: Db, studyId: number, key: Buffer, readerId: number, name: string): void {
  const design = studyDesign(db, studyId);
  const truths = unsealStudy(db, studyId, key);
  const cases = db.prepare('SELECT id, training FROM cases WHERE study_id = ?').all(studyId) as { id: number; training: number }[];
  const insert = db.prepare('INSERT INTO reader_cases (reader_id, phase, position, case_id, token, repeat_of) VALUES (?, ?, ?, ?, ?, ?)');
  const seed = orderSeed(key, studyId, name);
  for (const phase of ['training', 'study'] as const) {
    const classes = new Map<string, number[]>();
    for (const c of cases.filter((c) => (c.training === 1) === (phase === 'training'))) {
      const t = truths.get(c.id)!;
      const cls = t.kind === 'real' ? 'real' : `gen:${t.generator}`;
      classes.set(cls, [...(classes.get(cls) ?? []), c.id]);
    }
    const order = readerOrder(classes, phase === 'study' ? design.options.repeatFraction : 0, `${seed}:${phase}`);
    order.forEach((slot, position) => insert.run(readerId, phase, position, slot.caseId, randomBytes(16).toString('hex'), slot.repeatOf));
  }
}

/** Adds a reader profile; dealing a balanced order needs the truth, hence the passphrase. */
export function addReader(db: Db, studyId: number, passphrase: string, r: ReaderInput): number {
  const key = studyKey(db, studyId, passphrase);
  return db.transaction(() => insertReader(db, studyId, key, r))();
}

/** A study's design is frozen from its first stored answer. */
export function isFrozen(db: Db, studyId: number): boolean {
  return !!db.prepare('SELECT 1 FROM scores JOIN readers ON readers.id = scores.reader_id WHERE readers.study_id = ? LIMIT 1').get(studyId);
}

export function listStudies(db: Db): StudySummary[] {
  const studies = db.prepare('SELECT id, name, version, design FROM studies ORDER BY id').all() as { id: number; name: string; version: number; design: string }[];
  return studies.map((s) => {
    const counts = db.prepare('SELECT SUM(training = 0) AS n, SUM(training = 1) AS t FROM cases WHERE study_id = ?').get(s.id) as { n: number; t: number | null };
    const readers = db.prepare('SELECT id, name, pin_hash IS NOT NULL AS hasPin, language FROM readers WHERE study_id = ? ORDER BY name').all(s.id) as { id: number; name: string; hasPin: number; language: string }[];
    return {
      id: s.id, name: s.name, version: s.version, caseCount: counts.n ?? 0, trainingCount: counts.t ?? 0, frozen: isFrozen(db, s.id),
      readers: readers.map((r) => ({ ...r, hasPin: r.hasPin === 1 })),
      design: studyDesignSchema.parse(JSON.parse(s.design)),
    };
  });
}
