// Blinding leak: everything the renderer observes about a case except its pixel values —
// the case description, the pixel response's headers and size, how long each call and load
// took, and where the case sits in the order — must not tell real from synthetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { addSeries } from '../../electron/core/library.ts';
import { createStudy } from '../../electron/core/study/studies.ts';
import { studyKey, unsealStudy } from '../../electron/core/study/studies.ts';
import { DEFAULT_DESIGN } from '../../electron/core/study/design.ts';
import { demoModelPath } from '../../electron/core/demo.ts';
import { newCore, modelsDir } from '../support.ts';
import { auc, crossValidatedScores } from '../stats/classifier.ts';
import { appForThisFile } from './harness.ts';

// 600 per class keeps a chance AUC's spread at about 0.017, so that AUC ≤ 0.55 tests the app, not luck.
const PER_CLASS = 600;
const DISTINCT_PHANTOMS = 100;
const PASSPHRASE = 'blinding';
const app = appForThisFile(async (dataDir) => {
  const core = newCore(dataDir);
  const generator = await core.registerGenerator(demoModelPath(modelsDir));
  // Pixel content plays no part here: real cases reuse a hundred phantoms.
  const seriesIds = core.db.transaction(() => Array.from({ length: DISTINCT_PHANTOMS }, (_, i) =>
    addSeries(core.db, `phantom ${i}`, 'phantom', renderPhantom(5000 + i, { size: 128, lesion: i % 3 === 0 }))))();
  await createStudy(core.db, {
    name: 'Blinding', passphrase: PASSPHRASE, design: DEFAULT_DESIGN,
    real: Array.from({ length: PER_CLASS }, (_, i) => ({ seriesId: seriesIds[i % DISTINCT_PHANTOMS], slices: 1 })),
    synthetic: [core.generatorSource(generator.id, PER_CLASS, 0)],
    readers: [{ name: 'Observer', pin: null, language: 'en' }],
  });
  core.close();
});

interface Observation {
  token: string;
  features: number[];
  constants: string;
}

test('blinding leak: no classifier separates real from synthetic on what the renderer observes (AUC ≤ 0.55)', async (t) => {
  const { page } = app;
  await page.getByText('Blinding').waitFor();
  // Drive the renderer's own bridge exactly as the reading screen does: describe, load pixels, answer.
  const observations: Observation[] = await page.evaluate(async () => {
    const mirage = (window as unknown as { mirage: import('../../electron/contract.ts').MirageApi }).mirage;
    const [study] = await mirage.listStudies({});
    const session = await mirage.openReading({ readerId: study.readers[0].id, pin: null });
    const out: Observation[] = [];
    for (let position = 0; position < session.total; position++) {
      const t0 = performance.now();
      const view = await mirage.getCase({ session: session.session, phase: 'study', position, prefetch: false });
      const t1 = performance.now();
      const res = await fetch(`pixels/${view.token}`);
      const bytes = (await res.arrayBuffer()).byteLength;
      const t2 = performance.now();
      await mirage.submitScore({ session: session.session, token: view.token, realism: 3, call: 'real', confidence: 2, freeText: null, roi: null, firstAnswerMs: 10, totalMs: 20, timedOut: false });
      const t3 = performance.now();
      const { token, ...rest } = view;
      out.push({
        token,
        features: [position, t1 - t0, t2 - t1, t3 - t2, bytes, view.width, view.height, view.depth, view.pixelSpacingMm, view.sliceThicknessMm, token.length],
        constants: JSON.stringify({ ...rest, position: 0, status: res.status, headers: [...res.headers.entries()] }),
      });
    }
    return out;
  });

  const core = newCore(app.dataDir);
  const truths = unsealStudy(core.db, 1, studyKey(core.db, 1, PASSPHRASE));
  const caseOf = new Map((core.db.prepare('SELECT token, case_id FROM reader_cases').all() as { token: string; case_id: number }[]).map((r) => [r.token, r.case_id]));
  core.close();
  const labels = observations.map((o) => (truths.get(caseOf.get(o.token)!)!.kind === 'synthetic' ? 1 : 0));
  assert.equal(observations.length, 2 * PER_CLASS);
  assert.equal(labels.filter((l) => l === 1).length, PER_CLASS);

  // Metadata and headers: one single value for every case.
  assert.equal(new Set(observations.map((o) => o.constants)).size, 1);
  const x = observations.map((o) => o.features);
  const logistic = auc(crossValidatedScores(x, labels), labels);
  t.diagnostic(`logistic regression AUC ${logistic.toFixed(3)}`);
  assert.ok(logistic <= 0.55, `logistic regression AUC ${logistic.toFixed(3)}`);
  const names = ['position', 'getCase ms', 'pixel load ms', 'submit ms', 'bytes', 'width', 'height', 'depth', 'spacing', 'thickness', 'token length'];
  names.forEach((name, feature) => {
    const rule = auc(crossValidatedScores(x, labels, 5, { feature }), labels);
    t.diagnostic(`${name} rule AUC ${rule.toFixed(3)}`);
    assert.ok(rule <= 0.55, `${name} rule AUC ${rule.toFixed(3)}`);
  });
});
