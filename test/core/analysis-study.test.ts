// Analysis of a Turing-test result set: MRMC built from the rows (checked against iMRMC), exports,
// accuracy metrics with Wilson intervals, agreement, realism and the reporting of what cannot be computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { vanDykeTuringStudy } from './analysis-fixtures.ts';
import { analyzeStudy } from '../../electron/core/analysis/study.ts';
import { analyzeImrmc } from '../../electron/core/analysis/imrmc-analysis.ts';
import { parseImrmc } from '../../electron/core/analysis/imrmc.ts';
import { gridFromImrmc } from '../../electron/core/analysis/design.ts';
import { orDbm } from '../../electron/core/analysis/ordbm.ts';
import { exportCsv, exportImrmc, exportJson } from '../../electron/core/analysis/exports.ts';
import { cohenKappa, fleissKappa } from '../../electron/core/analysis/agreement.ts';
import { binomialTest, wilson } from '../../electron/core/analysis/proportions.ts';
import { mannWhitney } from '../../electron/core/analysis/ranks.ts';
import { isMissing, type Maybe } from '../../electron/core/analysis/missing.ts';
import type { ScoreRow, StudyResults } from '../../electron/core/analysis/results.ts';

function val<T>(x: Maybe<T>): T {
  if (isMissing(x)) assert.fail(`unexpected missing value: ${x.missing}`);
  return x;
}
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

const results = vanDykeTuringStudy();
const analysis = analyzeStudy(results);

test('split-design U-statistics built from the rows reproduce iMRMC for generator A (= VanDykeSplitA modality 0)', () => {
  const [head, ...rows] = readFileSync('../shared/fixtures/mrmc/VanDykeSplitA.imrmc-statAnalysis.csv', 'utf8').trim().split('\n').map((l) => l.split(','));
  const ref = Object.fromEntries(head.map((h, k) => [h, rows[0][k]]));
  assert.equal(ref.modalityA, '0');
  const a = val(analysis.mrmc.ustat.single.A);
  assert.deepEqual([a.NR, a.N0, a.N1], [5, 69, 23]);
  close(a.auc, Number(ref.AUCA), 5e-10, 'AUC');
  close(a.tests.variance, Number(ref.varAUCA), 5e-12, 'variance');
  const bdg = val(a.tests.bdg);
  close(bdg.df, Number(ref.dfBDG), 5e-8, 'df BDG');
  close(bdg.p, Number(ref.pValueBDG), 5e-13, 'p BDG');
  close(bdg.ci.lower, Number(ref.botCIBDG), 5e-10, 'CI BDG');
  close(val(a.tests.hillis).df, Number(ref.dfHillis), 5e-9, 'df Hillis');
  assert.deepEqual(a.readers.map((r) => r.reader), ['R0', 'R1', 'R2', 'R3', 'R4']);
});

test('per-generator fully crossed OR-DBM equals OR-DBM of the same data read from the .imrmc fixture', () => {
  const split = parseImrmc(readFileSync('../shared/fixtures/mrmc/VanDykeSplitA.imrmc', 'utf8'), 'VanDykeSplitA.imrmc');
  const direct = orDbm(gridFromImrmc(split, ['0']));
  const ours = val(analysis.mrmc.ordbm.A);
  assert.deepEqual(ours.auc, direct.auc);
  assert.deepEqual(ours.treatments, ['A']);
  assert.deepEqual({ ...val(ours.rrrc.single)[0], treatment: '0' }, val(direct.rrrc.single)[0]);
  assert.deepEqual(ours.or, direct.or);
  assert.ok(isMissing(ours.rrrc.test), 'one generator per file: no between-treatment test');
});

test('.imrmc exports: integer IDs, truth rows, header; the split file re-analysed gives the same U-statistics', () => {
  const out = exportImrmc(results);
  for (const text of [out.split, ...out.perGenerator.map((p) => p.text)]) {
    const data = text.slice(text.indexOf('BEGIN DATA:\n') + 12).trim().split('\n');
    assert.ok(data.every((l) => /^(-1,\d+,truth,[01]|\d+,\d+,\d+,\d+(\.\d+)?)$/.test(l)), 'integer IDs and numeric scores only');
  }
  assert.match(out.split, /\nN0:69\nN1:45\nNR:5\nNM:2\nBEGIN DATA:\n/);
  assert.match(out.perGenerator[0].text, /\nN0:69\nN1:23\nNR:5\nNM:1\nBEGIN DATA:\n/);
  assert.deepEqual(out.ids.modalities, { A: 1, B: 2 });
  assert.deepEqual(out.perGenerator.map((p) => p.notFullyCrossed), [null, null]);
  // Real cases appear under both modalities, synthetic ones only under their generator's.
  const real = out.ids.cases.c1;
  assert.equal(out.split.split('\n').filter((l) => l.startsWith(`1,${real},`)).length, 2);
  const again = analyzeImrmc(out.split, 'split.imrmc');
  const single = again.ustat.single.find((s) => s.modality === '1')!.result;
  assert.equal(val(single).auc, val(analysis.mrmc.ustat.single.A).auc);
  assert.equal(val(single).tests.variance, val(analysis.mrmc.ustat.single.A).tests.variance);
  const diff = val(again.ustat.differences[0].result);
  assert.equal(diff.tests.variance, val(analysis.mrmc.ustat.differences[0].result).tests.variance);
  assert.ok(isMissing(again.ordbm) && isMissing(val(again.ordbmByModality[0].result).rrrc.test));
});

test('pooled rates count correctly and their intervals are Wilson intervals', () => {
  const o = analysis.rates.pooled.overall;
  const answered = results.rows.filter((r) => r.call !== null);
  const correct = answered.filter((r) => (r.call === 'synthetic') === (r.truth.kind === 'synthetic')).length;
  assert.equal(val(o.accuracy).k, correct);
  assert.equal(val(o.accuracy).n, answered.length);
  assert.equal(val(o.sensitivity).k + val(o.foolRate).k, 225);
  const a = analysis.rates.pooled.byGenerator.A;
  assert.equal(val(a.sensitivity).n, 5 * 23);
  assert.equal(val(a.specificity).n, 5 * 69);
  // scipy.stats.binomtest(7, 10).proportion_ci(method="wilson") and .pvalue
  const w = val(wilson(7, 10, ''));
  close(w.lower, 0.39677814746114526, 1e-12, 'Wilson lower');
  close(w.upper, 0.892208732593699, 1e-12, 'Wilson upper');
  close(val(binomialTest(7, 10, '')), 0.34375, 1e-12, 'binomial p');
  close(val(binomialTest(2, 12, '')), 0.03857421875, 1e-12, 'binomial p 2/12');
  close(val(binomialTest(30, 40, '', 0.3)), 5.702976426557347e-9, 1e-15, 'binomial p vs 0.3');
  close(val(wilson(0, 5, '')).upper, 0.43448246478317476, 1e-12, 'Wilson 0/5');
});

test('agreement: Cohen and Fleiss κ on their textbook examples; inter-reader κ present', () => {
  // Cohen: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ = 0.4
  const a = [...Array(25).fill('y'), ...Array(25).fill('n')];
  const b = [...Array(20).fill('y'), ...Array(5).fill('n'), ...Array(10).fill('y'), ...Array(15).fill('n')];
  close(val(cohenKappa(a, b)).kappa, 0.4, 1e-12, 'Cohen κ');
  // Fleiss (1971) worked example as on Wikipedia: 10 subjects, 14 raters, 5 categories → κ ≈ 0.210
  const counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]];
  const items = counts.map((row) => row.flatMap((k, c) => Array(k).fill(String(c + 1))));
  close(val(fleissKappa(items)).kappa, 0.20993070442, 1e-9, 'Fleiss κ');
  // Cases read by different numbers of readers: perfect agreement is still κ = 1; single ratings are skipped.
  assert.deepEqual(val(fleissKappa([['a', 'a'], ['b', 'b', 'b'], ['a']])), { kappa: 1, agreement: 1, n: 2, raters: 3 });
  const f = val(analysis.interReader.fleiss);
  assert.equal(f.raters, 5);
  assert.equal(analysis.interReader.cohen.length, 10);
});

test('Mann–Whitney U matches scipy (asymptotic, tie and continuity corrections)', () => {
  const x = [5, 4, 4, 3, 5, 2, 4, 4, 3, 5];
  const y = [3, 2, 4, 1, 2, 3, 3, 2, 1, 2, 4, 3];
  const m = val(mannWhitney(x, y));
  assert.equal(m.U, 100);
  close(m.p, 0.007420665867393534, 1e-12, 'p');
  close(m.rankBiserial, 2 * 100 / 120 - 1, 1e-12, 'rank-biserial');
  // Realism: synthetic images rated less realistic than real ones in this data set.
  assert.ok(val(analysis.realism.tests.A).rankBiserial < 0);
  assert.equal(analysis.realism.distribution.real.reduce((s, k) => s + k, 0), 5 * 69);
});

function row(reader: string, caseId: string, synthetic: boolean, call: ScoreRow['call'], extra: Partial<ScoreRow> = {}): ScoreRow {
  return {
    reader, caseId, truth: synthetic ? { kind: 'synthetic', generator: 'G', seed: 7 } : { kind: 'real' }, call,
    confidence: call ? 2 : null, rating6: null, realism: null, firstAnswerMs: null, totalMs: null, visits: 1, repeatOf: null, ...extra,
  };
}

test('what cannot be computed is reported missing with a reason, never NaN', () => {
  const study: StudyResults = {
    studyName: 'gaps',
    readers: ['onlyReal', 'both', 'idle'],
    generators: ['G', 'H'],
    rows: [
      row('onlyReal', 'r1', false, 'real'), row('onlyReal', 'r2', false, 'synthetic'), row('onlyReal', 'r3', false, null),
      row('both', 'r1', false, 'real'), row('both', 's1', true, 'real'), row('both', 's2', true, 'synthetic'),
      row('both', 'r1-again', false, 'synthetic', { repeatOf: 'r1' }),
      row('both', 'r4', false, 'real', { realism: 9, rating6: 2.5, totalMs: -5 }),
    ],
  };
  const a = analyzeStudy(study);
  const onlyReal = a.rates.byReader.find((r) => r.reader === 'onlyReal')!;
  assert.ok(isMissing(onlyReal.overall.sensitivity) && /reader onlyReal has no answered synthetic case/.test(onlyReal.overall.sensitivity.missing));
  assert.equal(onlyReal.overall.unanswered, 1);
  assert.equal(val(onlyReal.overall.specificity).estimate, 0.5);
  assert.ok(a.warnings.some((w) => /reader idle has no scores/.test(w)));
  assert.ok(a.warnings.some((w) => /generator H has no scored case/.test(w)));
  assert.ok(a.warnings.includes('1 score(s) with realism outside the integers 1–5 were treated as unanswered for that item'));
  assert.ok(a.warnings.some((w) => /rating6 outside the integers 1–6/.test(w)) && a.warnings.some((w) => /totalMs negative/.test(w)));
  assert.deepEqual(a.realism.distribution.real, [0, 0, 0, 0, 0]);
  assert.ok(isMissing(a.mrmc.ordbm.G), 'onlyReal read no synthetic case: not fully crossed');
  assert.match(exportImrmc(study).perGenerator.find((p) => p.generator === 'G')!.notFullyCrossed!, /not fully crossed.*reader 1 has no score for case/);
  assert.equal(a.intraReader.byReader.find((r) => r.reader === 'both')!.pairs, 1);
  assert.equal(val(a.intraReader.pooled.agreement).estimate, 0);
  const json = exportJson(study, a);
  assert.doesNotMatch(json, /NaN|Infinity/);
  assert.doesNotMatch(JSON.stringify(a), /null/, 'no value silently null');
});

test('CSV export: one row per score, quoted and spreadsheet-safe', () => {
  const study: StudyResults = {
    studyName: 'csv', readers: ['a'], generators: ['G'],
    rows: [row('a', 's1', true, 'real', { freeText: '=HYPERLINK("x"), "quoted"', totalMs: 1234, realism: 4 })],
  };
  const csv = exportCsv(study).split('\r\n');
  assert.equal(csv[0], 'reader,case,position,truth,generator,generator_sha256,seed,index,call,confidence,rating6,realism,first_answer_ms,total_ms,visits,repeat_of,free_text,answered_at');
  assert.equal(csv[1], `a,s1,,synthetic,G,,7,,real,2,,4,,1234,1,,"'=HYPERLINK(""x""), ""quoted""",`);
  assert.equal(exportCsv(results).trim().split('\r\n').length, results.rows.length + 1);
});
