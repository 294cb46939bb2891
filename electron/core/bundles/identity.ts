import { createHash, hkdfSync } from 'node:crypto';
import type { Db } from '../db/open.ts';

/** What travels with a study between machines: its stable uid, design version and bundle secret. */
export interface StudyIdentity {
  id: number;
  uid: string;
  name: string;
  version: number;
  /** The design JSON exactly as stored (identical on every machine that installed the study). */
  design: string;
  secret: Buffer;
}

export function studyIdentity(db: Db, studyId: number): StudyIdentity {
  const row = db.prepare('SELECT id, uid, name, version, design, bundle_secret FROM studies WHERE id = ?').get(studyId) as
    | { id: number; uid: string; name: string; version: number; design: string; bundle_secret: Buffer }
    | undefined;
  if (!row) throw new Error(`no study ${studyId}`);
  return { id: row.id, uid: row.uid, name: row.name, version: row.version, design: row.design, secret: row.bundle_secret };
}

/** The session-bundle HMAC key: HKDF-SHA256 of the study's secret, salted with its uid. */
export function bundleKey(study: Pick<StudyIdentity, 'uid' | 'secret'>): Buffer {
  return Buffer.from(hkdfSync('sha256', study.secret, Buffer.from(study.uid, 'utf8'), 'mirage session bundle v1', 32));
}

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** A file-name-safe fragment of a label. */
export const slug = (s: string): string => s.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
