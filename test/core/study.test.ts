import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { createDemoStudy, demoModelPath, DEMO_PASSPHRASE } from '../../electron/core/demo.ts';
import { studyKey, unsealStudy } from '../../electron/core/study/studies.ts';
import { DEFAULT_DESIGN } from '../../electron/core/study/design.ts';
import { modelsDir, newCore } from '../support.ts';

async function demo() {
  const core = newCore();
  const { studyId } = await createDemoStudy(core);
  const [study] = await core.call('listStudies', {});
  return { core, studyId, study };
}

const answer = { realism: 3, call: 'real' as const, confidence: 2 as const, freeText: null, roi: null, firstAnswerMs: 100, totalMs: 900, timedOut: false };

test('the demo study mixes phantoms and generated cases, each truth sealed', async () => {
  const { core, studyId, study } = await demo();
  assert.equal(study.caseCount, 20);
  assert.equal(study.readers.length, 2);
  const truths = [...unsealStudy(core.db, studyId, studyKey(core.db, studyId, DEMO_PASSPHRASE)).values()];
  assert.equal(truths.filter((t) => t.kind === 'real').length, 10);
  const synthetic = truths.filter((t) => t.kind === 'synthetic');
  assert.equal(synthetic.length, 10);
  assert.deepEqual(synthetic.map((t) => t.kind === 'synthetic' && t.index).sort((a, b) => Number(a) - Number(b)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(synthetic.every((t) => t.kind === 'synthetic' && /^[0-9a-f]{64}$/.test(t.sha256)));
  assert.throws(() => studyKey(core.db, studyId, 'not the passphrase'), /wrong passphrase/);
  core.close();
});

test('a reader resumes at the first unanswered case and cannot use another reader\'s tokens', async () => {
  const { core, study } = await demo();
  const [a, b] = study.readers;
  const sa = core.desk.open(a.id, null);
  assert.deepEqual(sa.next, { phase: 'study', position: 0 });
  for (let p = 0; p < 3; p++) {
    const view = core.desk.getCase(sa.session, 'study', p, false);
    const result = core.desk.submit({ ...answer, session: sa.session, token: view.token });
    assert.deepEqual(result.next, { phase: 'study', position: p + 1 });
  }
  assert.deepEqual(core.desk.open(a.id, null).next, { phase: 'study', position: 3 });
  const sb = core.desk.open(b.id, null);
  const aView = core.desk.getCase(sa.session, 'study', 3, false);
  assert.throws(() => core.desk.submit({ ...answer, session: sb.session, token: aView.token }), /unknown case token/);
  assert.throws(() => core.desk.getCase(sa.session, 'study', 9, false), /not reached yet/);
  assert.throws(() => core.desk.getCase(sa.session, 'study', 0, false), /does not allow going back/);
  core.close();
});

test('a required answer is enforced, and a PIN protects a profile', async () => {
  const { core, studyId } = await demo();
  const { readerId } = await core.call('addReader', { studyId, passphrase: DEMO_PASSPHRASE, reader: { name: 'Dr PIN', pin: '4321', language: 'fr' } });
  assert.throws(() => core.desk.open(readerId, '0000'), /wrong PIN/);
  const s = core.desk.open(readerId, '4321');
  assert.equal(s.language, 'fr');
  const view = core.desk.getCase(s.session, 'study', 0, false);
  assert.throws(() => core.desk.submit({ ...answer, realism: null, session: s.session, token: view.token }), /realism/);
  await assert.rejects(core.call('addReader', { studyId, passphrase: 'wrong', reader: { name: 'X', pin: null, language: 'en' } }), /wrong passphrase/);
  core.close();
});

test('the design is frozen once a score exists; a new version reuses the cases', async () => {
  const { core, studyId, study } = await demo();
  const design = { ...study.design, options: { ...study.design.options, allowBack: true, repeatFraction: 0.2 } };
  await core.call('updateStudyDesign', { studyId, passphrase: DEMO_PASSPHRASE, design });
  const session = core.desk.open(study.readers[0].id, null);
  assert.equal(session.total, 24, '20 cases + 20% repeats');
  const first = core.desk.getCase(session.session, 'study', 0, false);
  core.desk.submit({ ...answer, session: session.session, token: first.token });
  // Going back is allowed now: an edit keeps the previous answer in the history.
  core.desk.getCase(session.session, 'study', 0, false);
  core.desk.submit({ ...answer, call: 'synthetic', confidence: 3, session: session.session, token: first.token });
  const history = core.db.prepare('SELECT previous FROM score_history').all() as { previous: string }[];
  assert.equal(history.length, 1);
  assert.equal(JSON.parse(history[0].previous).call, 'real');
  const score = core.db.prepare('SELECT call, rating6, visits FROM scores').get() as { call: string; rating6: number; visits: number };
  assert.deepEqual(score, { call: 'synthetic', rating6: 6, visits: 2 });

  await assert.rejects(core.call('updateStudyDesign', { studyId, passphrase: DEMO_PASSPHRASE, design: DEFAULT_DESIGN }), /case format|frozen/);
  await assert.rejects(core.call('updateStudyDesign', { studyId, passphrase: DEMO_PASSPHRASE, design: { ...design, defaultPreset: 'liver' } }), /frozen/);
  const { studyId: v2 } = await core.call('newStudyVersion', { studyId, passphrase: DEMO_PASSPHRASE, design: { ...design, defaultPreset: 'liver' } });
  const studies = await core.call('listStudies', {});
  const second = studies.find((s) => s.id === v2)!;
  assert.equal(second.version, 2);
  assert.equal(second.caseCount, 20);
  assert.equal(second.frozen, false);
  assert.equal(second.design.defaultPreset, 'liver');
  assert.equal(studies.find((s) => s.id === studyId)!.frozen, true);
  core.close();
});

test('the scores CSV carries each case\'s truth, and needs the passphrase', async () => {
  const { core, studyId, study } = await demo();
  const s = core.desk.open(study.readers[0].id, null);
  for (let p = 0; p < 4; p++) core.desk.submit({ ...answer, session: s.session, token: core.desk.getCase(s.session, 'study', p, false).token });
  await assert.rejects(core.call('exportScoresCsv', { studyId, passphrase: 'nope' }), /wrong passphrase/);
  const { path, rows } = await core.call('exportScoresCsv', { studyId, passphrase: DEMO_PASSPHRASE });
  assert.equal(rows, 4);
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(path, 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^reader,case,position,truth,generator,generator_sha256,seed,index,call,confidence,rating6,realism/);
  for (const line of lines.slice(1)) assert.match(line, /^Demo reader,\d+,\d,(real,,,,|synthetic,demo-[\w-]+,[0-9a-f]{64},\d+,\d+),real,2,2,3,/);
  core.close();
});

test('the unsealed analysis writes the report, .imrmc files and quality metrics per generator', async () => {
  const { core, studyId, study } = await demo();
  for (const reader of study.readers) {
    const s = core.desk.open(reader.id, null);
    for (let p = 0; p < s.total; p++) {
      const call = p % 3 === 0 ? 'synthetic' as const : 'real' as const;
      core.desk.submit({ ...answer, call, confidence: ((p % 3) + 1) as 1 | 2 | 3, realism: (p % 5) + 1, session: s.session, token: core.desk.getCase(s.session, 'study', p, false).token });
    }
  }
  await assert.rejects(core.call('analyzeStudy', { studyId, passphrase: 'nope' }), /wrong passphrase/);
  const summary = await core.call('analyzeStudy', { studyId, passphrase: DEMO_PASSPHRASE });
  assert.equal(summary.scores, 40);
  const demoName = basename(demoModelPath(modelsDir), '.onnx');
  assert.deepEqual(summary.files.map((f) => f.slice(summary.dir.length + 1)).sort(), ['analysis.json', `${demoName}.imrmc`, `${demoName}-closest-pairs.png`, 'report.html', 'scores.csv', 'study.imrmc'].sort());
  const [generator] = summary.generators;
  assert.equal(generator.name, demoName);
  assert.ok(generator.foolRate && generator.foolRate.lower <= generator.foolRate.estimate && generator.foolRate.estimate <= generator.foolRate.upper);
  assert.ok(!('missing' in generator.quality), 'quality metrics computed');
  assert.ok(!('missing' in generator.quality) && generator.quality.huWasserstein >= 0 && generator.quality.radiomicFrechet >= 0);
  assert.equal(!('missing' in generator.quality) && Buffer.from(generator.quality.closestPairsPng, 'base64').subarray(1, 4).toString(), 'PNG');
  const { readFileSync } = await import('node:fs');
  const report = readFileSync(summary.files.find((f) => f.endsWith('report.html'))!, 'utf8');
  assert.match(report, /<svg/);
  assert.doesNotMatch(report, /https?:\/\/(?!www\.w3\.org)/, 'no remote URL in the offline report');
  const imrmc = readFileSync(summary.files.find((f) => f.endsWith('study.imrmc'))!, 'utf8');
  assert.match(imrmc, /^NR:2$/m);
  assert.match(imrmc, /BEGIN DATA:/);
  core.close();
});
