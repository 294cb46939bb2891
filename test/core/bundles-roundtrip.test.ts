import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { MirageCore } from '../../electron/core/service.ts';
import { PASSPHRASE, countScores, newCore, organizerStudy, read, readerId } from './bundles-fixtures.ts';

// One organizer, two workstations installed from its package; the same objects flow through every step.
let org: MirageCore, ws1: MirageCore, ws2: MirageCore;
let studyId: number, ws1Study: number, ws2Study: number;
let packagePath: string;
const bundles: Record<string, string> = {};

before(async () => {
  org = newCore('organizer');
  ws1 = newCore('ws1');
  ws2 = newCore('ws2');
  studyId = await organizerStudy(org);
});
after(() => [org, ws1, ws2].forEach((c) => c.close()));

test('a study package installs the study on workstations with the same uids, and nothing of the library', async () => {
  const pkg = await org.call('exportStudyPackage', { studyId });
  packagePath = pkg.path;
  assert.match(pkg.path, /exports\/.*\.mirage-study$/);
  assert.equal(pkg.cases, 14);
  assert.equal(pkg.readers, 2);
  const i1 = await ws1.call('importStudyPackage', { path: pkg.path });
  const i2 = await ws2.call('importStudyPackage', { path: pkg.path });
  assert.deepEqual([i1.created, i1.readersAdded, i1.studyUid], [true, ['Alice', 'Bob'], pkg.studyUid]);
  ws1Study = i1.studyId;
  ws2Study = i2.studyId;
  const uids = (c: MirageCore, id: number) => c.db.prepare('SELECT c.uid, c.pixels, c.truth_sealed FROM cases c WHERE study_id = ? ORDER BY c.id').all(id);
  assert.deepEqual(uids(ws1, ws1Study), uids(org, studyId));
  const tokens = (c: MirageCore, id: number) => c.db.prepare('SELECT r.name, rc.phase, rc.position, rc.token FROM reader_cases rc JOIN readers r ON r.id = rc.reader_id WHERE r.study_id = ? ORDER BY 1, 2, 3').all(id);
  assert.deepEqual(tokens(ws2, ws2Study), tokens(org, studyId));
  for (const table of ['library_series', 'generators']) assert.equal((ws1.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, 0, table);
  const header = gunzipSync(readFileSync(pkg.path)).toString('latin1');
  assert.doesNotMatch(header, /phantom \d|model_path|\.onnx/);
  // The workstation knows the study is sealed like the organizer's: the passphrase opens it there too.
  assert.equal((await ws1.call('listStudies', {}))[0].readers.find((r) => r.name === 'Bob')?.hasPin, true);
});

test('installing the same package again changes nothing', async () => {
  const before = ws1.db.prepare('SELECT (SELECT COUNT(*) FROM studies) AS s, (SELECT COUNT(*) FROM cases) AS c, (SELECT COUNT(*) FROM reader_cases) AS rc').get();
  const again = await ws1.call('importStudyPackage', { path: packagePath });
  assert.deepEqual([again.created, again.readersAdded, again.studyId], [false, [], ws1Study]);
  assert.deepEqual(ws1.db.prepare('SELECT (SELECT COUNT(*) FROM studies) AS s, (SELECT COUNT(*) FROM cases) AS c, (SELECT COUNT(*) FROM reader_cases) AS rc').get(), before);
});

test('a reader the organizer adds later reaches an installed workstation through a new package', async () => {
  await org.call('addReader', { studyId, passphrase: PASSPHRASE, reader: { name: 'Dana', language: 'en' } });
  const pkg = await org.call('exportStudyPackage', { studyId });
  const r = await ws1.call('importStudyPackage', { path: pkg.path });
  assert.deepEqual([r.created, r.readersAdded, r.studyId], [false, ['Dana'], ws1Study]);
});

test('readers score on each workstation and export session bundles without truth', async () => {
  await read(ws1, ws1Study, 'Alice', 'training', 2);
  await read(ws1, ws1Study, 'Alice', 'study', 12);
  await read(ws2, ws2Study, 'Bob', 'training', 2);
  await read(ws2, ws2Study, 'Bob', 'study', 6, 'synthetic');
  // Alice also sat at workstation 2 and answered her first study case differently there.
  await read(ws2, ws2Study, 'Alice', 'training', 2);
  await read(ws2, ws2Study, 'Alice', 'study', 1, 'synthetic');
  const b1 = await ws1.call('exportSessionBundle', { studyId: ws1Study, workstation: 'WS 1' });
  const b2 = await ws2.call('exportSessionBundle', { studyId: ws2Study, workstation: 'WS 2' });
  assert.deepEqual([b1.scores, b1.readers, b2.scores, b2.readers], [14, 1, 11, 2]); // readers who scored
  bundles.ws1 = b1.path;
  bundles.ws2 = b2.path;
  const text = readFileSync(b1.path, 'utf8');
  assert.doesNotMatch(text, /truth|pixels|series|phantom|seed|generator/i);
  assert.match(text, /"hmac":"[0-9a-f]{64}"/);
});

test('the organizer merges both bundles; a second import of one changes nothing', async () => {
  const r1 = await org.call('importSessionBundle', { studyId, path: bundles.ws1 });
  assert.deepEqual({ ...r1, file: undefined }, { file: undefined, workstation: 'WS 1', alreadyImported: false, imported: 14, updated: 0, unchanged: 0, conflicts: [] });
  const again = await org.call('importSessionBundle', { studyId, path: bundles.ws1 });
  assert.equal(again.alreadyImported, true);
  assert.equal(again.imported, 0);
  assert.equal(countScores(org, studyId), 12);
  assert.equal((org.db.prepare('SELECT COUNT(*) AS n FROM imported_bundles').get() as { n: number }).n, 1);
});

test('a conflicting score for the same reader and case is reported and recorded, and the stored one kept', async () => {
  const r2 = await org.call('importSessionBundle', { studyId, path: bundles.ws2 });
  assert.equal(r2.imported, 8); // Bob: 2 training + 6 study
  assert.equal(r2.unchanged, 2); // Alice's training answers, the same on both machines
  assert.equal(r2.conflicts.length, 1);
  const [c] = r2.conflicts;
  assert.deepEqual([c.reader, c.phase, c.position, c.ours.call, c.theirs.call], ['Alice', 'study', 1, 'real', 'synthetic']);
  const alice = readerId(org, studyId, 'Alice');
  assert.equal((org.db.prepare("SELECT call FROM scores WHERE reader_id = ? AND phase = 'study' AND position = 0").get(alice) as { call: string }).call, 'real');
  assert.equal((org.db.prepare('SELECT COUNT(*) AS n FROM bundle_conflicts').get() as { n: number }).n, 1);
  const again = await org.call('importSessionBundle', { studyId, path: bundles.ws2 });
  assert.deepEqual([again.alreadyImported, again.conflicts.length], [true, 1]);
  assert.equal((org.db.prepare('SELECT COUNT(*) AS n FROM bundle_conflicts').get() as { n: number }).n, 1);
});

test('a later edit on the workstation updates the score and keeps its history', async () => {
  const stale = await ws1.call('exportSessionBundle', { studyId: ws1Study, workstation: 'WS 1' });
  await read(ws1, ws1Study, 'Alice', 'study', 1, 'synthetic', 3);
  const b = await ws1.call('exportSessionBundle', { studyId: ws1Study, workstation: 'WS 1' });
  const r = await org.call('importSessionBundle', { studyId, path: b.path });
  assert.deepEqual([r.imported, r.updated, r.unchanged, r.conflicts.length], [0, 1, 13, 0]);
  const alice = readerId(org, studyId, 'Alice');
  const row = org.db.prepare("SELECT id, call FROM scores WHERE reader_id = ? AND phase = 'study' AND position = 3").get(alice) as { id: number; call: string };
  assert.equal(row.call, 'synthetic');
  const history = org.db.prepare('SELECT previous FROM score_history WHERE score_id = ?').all(row.id) as { previous: string }[];
  assert.deepEqual(history.map((h) => JSON.parse(h.previous).call), ['real']);
  // An older snapshot of the same scores, imported afterwards, cannot undo the edit.
  const old = await org.call('importSessionBundle', { studyId, path: stale.path });
  assert.deepEqual([old.alreadyImported, old.unchanged, old.conflicts.length], [false, 14, 0]);
  assert.equal((org.db.prepare('SELECT call FROM scores WHERE id = ?').get(row.id) as { call: string }).call, 'synthetic');
});

test('the CSV export afterwards holds the merged scores with their truth', async () => {
  const { path, rows } = await org.call('exportScoresCsv', { studyId, passphrase: PASSPHRASE });
  assert.equal(rows, 18);
  const lines = readFileSync(path, 'utf8').trim().split('\r\n').slice(1).map((l) => l.split(','));
  assert.deepEqual([...new Set(lines.map((l) => l[0]))].sort(), ['Alice', 'Bob']);
  const truths = new Set(lines.map((l) => l[3]));
  assert.ok(truths.has('real') && truths.size === 2, `truths: ${[...truths]}`);
  const aliceFirst = lines.find((l) => l[0] === 'Alice' && l[2] === '1')!;
  assert.equal(aliceFirst[8], 'real');
  assert.equal(lines.filter((l) => l[0] === 'Bob').every((l) => l[8] === 'synthetic'), true);
});
