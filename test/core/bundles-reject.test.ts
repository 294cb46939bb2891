import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { MirageCore } from '../../electron/core/service.ts';
import { migrations } from '../../electron/core/db/migrations.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { studyIdentity } from '../../electron/core/bundles/identity.ts';
import { readSessionBundle } from '../../electron/core/bundles/session-bundle.ts';
import { PASSPHRASE, countScores, newCore, organizerStudy, read } from './bundles-fixtures.ts';

let org: MirageCore, ws: MirageCore;
let studyId: number, otherId: number, wsStudy: number;
let pkg: string, otherPkg: string, bundle: string;
const scratch = mkdtempSync(join(tmpdir(), 'mirage-bundle-files-'));

before(async () => {
  org = newCore('organizer');
  ws = newCore('ws');
  studyId = await organizerStudy(org);
  otherId = await organizerStudy(org, 'Other study');
  pkg = (await org.call('exportStudyPackage', { studyId })).path;
  otherPkg = (await org.call('exportStudyPackage', { studyId: otherId })).path;
  wsStudy = (await ws.call('importStudyPackage', { path: pkg })).studyId;
  await read(ws, wsStudy, 'Alice', 'training', 2);
  await read(ws, wsStudy, 'Alice', 'study', 3);
  bundle = (await ws.call('exportSessionBundle', { studyId: wsStudy, workstation: 'WS' })).path;
});
after(() => [org, ws].forEach((c) => c.close()));

const copy = (name: string, data: Buffer) => {
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
};
/** The bundle's JSON document, edited by `change`, written back gzipped. */
const rewrite = (name: string, change: (doc: { parts: Record<string, string>; manifest: Record<string, string>; hmac: string }) => void) => {
  const doc = JSON.parse(readFileSync(bundle, 'utf8'));
  change(doc);
  return copy(name, Buffer.from(JSON.stringify(doc)));
};
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const rejects = async (path: string, reason: RegExp, into = studyId) => {
  await assert.rejects(org.call('importSessionBundle', { studyId: into, path }), (err: Error) => {
    assert.ok(err.message.includes(path), `names the file: ${err.message}`);
    assert.match(err.message, reason);
    return true;
  });
  assert.equal(countScores(org, into) + countScores(org, into, 'training'), 0, 'nothing stored');
};

test('a bundle with any one byte changed is rejected, naming the file', async () => {
  const data = readFileSync(bundle);
  const study = studyIdentity(org.db, studyId);
  const path = join(scratch, 'flipped.mirage-session');
  for (let at = 0; at < data.length; at++) {
    const bad = Buffer.from(data);
    bad[at] ^= at % 2 ? 0x01 : 0x20;
    writeFileSync(path, bad);
    assert.throws(() => readSessionBundle(path, study), (err: Error) => err.message.startsWith(`${path}: `) && /rejected/.test(err.message), `byte ${at}`);
  }
  await rejects(path, /rejected/);
});

test('a changed score is caught by the manifest, and a recomputed manifest by the HMAC', async () => {
  const edit = (doc: { parts: Record<string, string> }) => { doc.parts.scores = doc.parts.scores.replace('"call":"real"', '"call":"synthetic"'); };
  await rejects(rewrite('edited.mirage-session', edit), /part "scores" does not match its SHA-256/);
  const forged = rewrite('forged.mirage-session', (doc) => { edit(doc); doc.manifest.scores = sha(doc.parts.scores); });
  await rejects(forged, /HMAC does not verify/);
});

test("a bundle of another study is rejected, naming that study", async () => {
  await rejects(bundle, /rejected: it belongs to another study \("Bundle study"/, otherId);
});

test('a bundle with a reader the organizer does not know is rejected', async () => {
  const { readerId } = await ws.call('addReader', { studyId: wsStudy, passphrase: PASSPHRASE, reader: { name: 'Carol', language: 'en' } });
  assert.ok(readerId > 0);
  await read(ws, wsStudy, 'Carol', 'training', 1);
  const path = (await ws.call('exportSessionBundle', { studyId: wsStudy, workstation: 'WS' })).path;
  await rejects(path, /reader "Carol" is not a reader of "Bundle study" here/);
});

test('a package and a bundle are not mistaken for each other', async () => {
  await rejects(pkg, /study package, not a session bundle/);
  await assert.rejects(org.call('importStudyPackage', { path: bundle }), new RegExp(`${bundle}: this is a session bundle, not a study package`));
});

test('a damaged package, or another study under the same uid, is refused and installs nothing', async () => {
  const before = (ws.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
  const data = readFileSync(pkg);
  const bad = Buffer.from(data);
  bad[Math.floor(bad.length / 2)] ^= 0x40;
  const damaged = copy('damaged.mirage-study', bad);
  await assert.rejects(ws.call('importStudyPackage', { path: damaged }), new RegExp(`${damaged}: not a readable Mirage study package`));
  // The other study's package relabelled with this study's uid: same uid, different content.
  const raw = gunzipSync(readFileSync(otherPkg));
  const magic = raw.indexOf('\n') + 1;
  const length = raw.readUInt32BE(magic);
  const header = JSON.parse(raw.subarray(magic + 4, magic + 4 + length).toString('utf8'));
  header.study.uid = (ws.db.prepare('SELECT uid FROM studies WHERE id = ?').get(wsStudy) as { uid: string }).uid;
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  const clash = copy('clash.mirage-study', gzipSync(Buffer.concat([raw.subarray(0, magic), len, json, raw.subarray(magic + 4 + length)])));
  await assert.rejects(ws.call('importStudyPackage', { path: clash }), /clash\.mirage-study: study [0-9a-f]{32} \("Other study"\) is already installed here with a different (design|seal or secret|set of cases)/);
  assert.equal((ws.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n, before);
});

test('the migration gives studies made before it a uid and a bundle secret', () => {
  const file = join(scratch, 'v1.sqlite');
  const v1 = new Database(file);
  v1.exec(migrations[0]);
  v1.pragma('user_version = 1');
  const add = v1.prepare("INSERT INTO studies (name, design, seal_salt, seal_check) VALUES (?, '{}', x'00', x'00')");
  add.run('a');
  add.run('b');
  v1.close();
  const db = openDatabase(file);
  const rows = db.prepare('SELECT uid, bundle_secret FROM studies').all() as { uid: string; bundle_secret: Buffer }[];
  db.close();
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => /^[0-9a-f]{32}$/.test(r.uid) && r.bundle_secret.length === 32));
  assert.notEqual(rows[0].uid, rows[1].uid);
  assert.ok(!rows[0].bundle_secret.equals(rows[1].bundle_secret));
});
