// OR-DBM on VanDyke.imrmc against the Iowa OR-DBM MRMC 2.5 output (VanDyke.ordbm-reference.txt),
// every printed number compared to the precision it is printed with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseImrmc } from '../../electron/core/analysis/imrmc.ts';
import { gridFromImrmc } from '../../electron/core/analysis/design.ts';
import { orDbm, type Difference, type SingleTreatment } from '../../electron/core/analysis/ordbm.ts';
import { isMissing, type Maybe } from '../../electron/core/analysis/missing.ts';

const dir = '../shared/fixtures/mrmc';
const study = parseImrmc(readFileSync(`${dir}/VanDyke.imrmc`, 'utf8'), 'VanDyke.imrmc');
const res = orDbm(gridFromImrmc(study));

function val<T>(x: Maybe<T>): T {
  if (isMissing(x)) assert.fail(`unexpected missing value: ${x.missing}`);
  return x;
}

/** |actual − printed| ≤ half a unit in the last printed digit. */
function printed(actual: Maybe<number>, text: string, what: string): void {
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  const tol = 0.5 * 10 ** -decimals + 1e-12;
  const a = val(actual);
  assert.ok(Math.abs(a - Number(text)) <= tol, `${what}: got ${a}, reference prints ${text}`);
}

test('reader AUCs, treatment means and difference', () => {
  const ref = [
    ['0.91964573', '0.85877617', '0.90386473', '0.97310789', '0.82979066'],
    ['0.94782609', '0.90531401', '0.92173913', '0.99935588', '0.92995169'],
  ];
  ref.forEach((row, i) => row.forEach((v, j) => printed(res.auc[i][j], v, `AUC t${i + 1} r${j + 1}`)));
  printed(res.treatmentMeans[0], '0.89703704', 'mean t1');
  printed(res.treatmentMeans[1], '0.94083736', 'mean t2');
  printed(res.treatmentMeans[0] - res.treatmentMeans[1], '-0.04380032', 'mean difference');
});

test('treatment × reader ANOVA of AUCs and per-treatment reader mean squares', () => {
  printed(res.anova.ss.T, '0.00479617', 'SS(T)');
  printed(res.anova.ss.R, '0.01534480', 'SS(R)');
  printed(res.anova.ss.TR, '0.00220412', 'SS(T*R)');
  assert.deepEqual(res.anova.df, { T: 1, R: 4, TR: 4 });
  printed(res.anova.ms.T, '0.00479617', 'MS(T)');
  printed(res.anova.ms.R, '0.00383620', 'MS(R)');
  printed(res.anova.ms.TR, '0.00055103', 'MS(T*R)');
  printed(res.anova.msRByTreatment[0], '0.00308263', 'MS(R) t1');
  printed(res.anova.msRByTreatment[1], '0.00130460', 'MS(R) t2');
});

test('OR variance components, covariances and correlations', () => {
  printed(res.or.varR, '0.00153500', 'Var(R)');
  printed(res.or.varTR, '0.00020040', 'Var(T*R)');
  printed(res.or.cov1, '0.00034661', 'Cov1');
  printed(res.or.cov2, '0.00034407', 'Cov2');
  printed(res.or.cov3, '0.00023903', 'Cov3');
  printed(res.or.varError, '0.00080229', 'Var(Error)');
  printed(res.correlations.r1, '0.43203138', 'r1');
  printed(res.correlations.r2, '0.42886683', 'r2');
  printed(res.correlations.r3, '0.29793328', 'r3');
});

test('DBM variance components from the pseudovalue ANOVA', () => {
  const dbm = val(res.dbm).components;
  printed(dbm.varR, '0.00153500', 'DBM Var(R)');
  printed(dbm.varC, '0.02724923', 'DBM Var(C)');
  printed(dbm.varTR, '0.00020040', 'DBM Var(T*R)');
  printed(dbm.varTC, '0.01197530', 'DBM Var(T*C)');
  printed(dbm.varRC, '0.01226473', 'DBM Var(R*C)');
  printed(dbm.varTRCError, '0.03997160', 'DBM Var(T*R*C)+Var(Error)');
  // The DBM test with Hillis's ddf is the OR RRRC test.
  const F = val(res.dbm).rrrc;
  printed(F.F, '4.46', 'DBM F');
  printed(F.df2, '15.26', 'DBM ddf');
  printed(F.p, '0.0517', 'DBM p');
});

function checkDiff(d: Difference, ref: { diff: string; se: string; df?: string; stat: string; p: string; lo: string; hi: string }) {
  printed(d.difference, ref.diff, 'difference');
  printed(d.se, ref.se, 'StdErr');
  if (ref.df) printed(d.df, ref.df, 'df');
  printed(d.statistic, ref.stat, 't/z');
  printed(d.p, ref.p, 'p');
  printed(val(d.ci).lower, ref.lo, 'CI lower');
  printed(val(d.ci).upper, ref.hi, 'CI upper');
}

function checkSingle(s: SingleTreatment, ref: { auc: string; se: string; df?: string; lo: string; hi: string }) {
  printed(s.auc, ref.auc, 'AUC');
  printed(s.se, ref.se, 'StdErr');
  if (ref.df) printed(s.df, ref.df, 'df');
  printed(val(s.ci).lower, ref.lo, 'CI lower');
  printed(val(s.ci).upper, ref.hi, 'CI upper');
}

test('Analysis 1: random readers and random cases', () => {
  const t = val(res.rrrc.test);
  printed(t.F, '4.46', 'F');
  assert.equal(t.df1, 1);
  printed(t.df2, '15.26', 'ddf');
  printed(t.errorTerm, '0.00107626', 'error term');
  printed(t.p, '0.0517', 'p');
  checkDiff(res.rrrc.differences[0], { diff: '-0.04380', se: '0.02075', df: '15.26', stat: '-2.11', p: '0.0517', lo: '-0.08796', hi: '0.00036' });
  const single = val(res.rrrc.single);
  checkSingle(single[0], { auc: '0.89703704', se: '0.03317360', df: '12.74', lo: '0.82522360', hi: '0.96885048' });
  checkSingle(single[1], { auc: '0.94083736', se: '0.02156637', df: '12.71', lo: '0.89413783', hi: '0.98753689' });
  printed(res.byTreatment[0].cov2, '0.00048396', 'Cov2 t1');
  printed(res.byTreatment[1].cov2, '0.00020419', 'Cov2 t2');
});

test('Analysis 2: fixed readers and random cases', () => {
  const t = val(res.frrc.test);
  printed(t.chi2, '5.47595', 'X2');
  assert.equal(t.df, 1);
  printed(t.p, '0.0193', 'p');
  checkDiff(res.frrc.differences[0], { diff: '-0.04380', se: '0.01872', stat: '-2.34', p: '0.0193', lo: '-0.08049', hi: '-0.00711' });
  checkSingle(res.frrc.single[0], { auc: '0.89703704', se: '0.02428971', lo: '0.84943008', hi: '0.94464399' });
  checkSingle(res.frrc.single[1], { auc: '0.94083736', se: '0.01677632', lo: '0.90795637', hi: '0.97371835' });
  printed(res.byTreatment[0].varError, '0.00101410', 'Var(Error) t1');
  printed(res.byTreatment[1].varError, '0.00059047', 'Var(Error) t2');
  const readers = [
    { diff: '-0.02818', se: '0.02551', stat: '-1.10', p: '0.2693', lo: '-0.07818', hi: '0.02182', v: '0.00069890', c1: '0.00037347' },
    { diff: '-0.04654', se: '0.02630', stat: '-1.77', p: '0.0768', lo: '-0.09809', hi: '0.00501', v: '0.00110605', c1: '0.00076016' },
    { diff: '-0.01787', se: '0.03121', stat: '-0.57', p: '0.5668', lo: '-0.07904', hi: '0.04330', v: '0.00084234', c1: '0.00035532' },
    { diff: '-0.02625', se: '0.01729', stat: '-1.52', p: '0.1290', lo: '-0.06014', hi: '0.00764', v: '0.00015058', c1: '0.00000108' },
    { diff: '-0.10016', se: '0.04406', stat: '-2.27', p: '0.0230', lo: '-0.18651', hi: '-0.01381', v: '0.00121357', c1: '0.00024304' },
  ];
  readers.forEach((ref, j) => {
    checkDiff(res.frrc.singleReader[j], ref);
    printed(res.byReader[j].varError, ref.v, `Var(Error) reader ${j + 1}`);
    printed(res.byReader[j].cov1, ref.c1, `Cov1 reader ${j + 1}`);
  });
});

test('Analysis 3: random readers and fixed cases', () => {
  const t = val(res.rrfc.test);
  printed(t.F, '8.70', 'F');
  assert.equal(t.df1, 1);
  assert.equal(t.df2, 4);
  printed(t.p, '0.0420', 'p');
  checkDiff(res.rrfc.differences[0], { diff: '-0.04380', se: '0.01485', df: '4', stat: '-2.95', p: '0.0420', lo: '-0.08502', hi: '-0.00258' });
  const single = val(res.rrfc.single);
  checkSingle(single[0], { auc: '0.89703704', se: '0.02482994', df: '4', lo: '0.82809808', hi: '0.96597599' });
  checkSingle(single[1], { auc: '0.94083736', se: '0.01615303', df: '4', lo: '0.89598936', hi: '0.98568536' });
});

test('one treatment: single-treatment results are given, treatment comparisons are missing with a reason', () => {
  const one = orDbm(gridFromImrmc(study, ['0']));
  assert.ok(isMissing(one.rrrc.test) && /2 treatments/.test(one.rrrc.test.missing));
  assert.ok(isMissing(one.dbm));
  const single = val(one.rrrc.single)[0];
  // Same as treatment 1 of the two-treatment analysis: the single-treatment analysis uses only its own data.
  printed(single.se, '0.03317360', 'StdErr');
  printed(single.df, '12.74', 'df');
  assert.ok(val(single.pVsHalf) < 1e-6);
});

test('a design that is not fully crossed is refused with the first gap named', () => {
  const split = parseImrmc(readFileSync(`${dir}/VanDykeSplitA.imrmc`, 'utf8'), 'VanDykeSplitA.imrmc');
  assert.throws(() => orDbm(gridFromImrmc(split)), /fully crossed.*reader 0 has no score for case/);
});

test('degenerate data (identical treatments, identical readers) gives reasons, not NaN or Infinity', () => {
  const lines = ['N0:3', 'N1:3', 'NR:3', 'NM:2', 'BEGIN DATA:', '-1,1,truth,0', '-1,2,truth,0', '-1,3,truth,0', '-1,4,truth,1', '-1,5,truth,1', '-1,6,truth,1'];
  const scores = [1, 2, 3, 3, 4, 5];
  for (const r of ['a', 'b', 'c']) for (const m of ['x', 'y']) scores.forEach((s, k) => lines.push(`${r},${k + 1},${m},${s}`));
  const res = orDbm(gridFromImrmc(parseImrmc(lines.join('\n'), 'same.imrmc')));
  assert.ok(isMissing(res.rrrc.test) && /MS\(T\*R\) = 0/.test(res.rrrc.test.missing));
  assert.ok(isMissing(res.frrc.test));
  const json = JSON.stringify(res);
  assert.doesNotMatch(json, /null|NaN|Infinity/);
});

test('three treatments: the OR F test with Hillis df equals the DBM pseudovalue F test, and every pair is compared', () => {
  // Van Dyke plus a third treatment: modality 0's scores with case-dependent offsets (a different reader-case pattern).
  const third = study.scores.filter((s) => s.modality === '0').map((s) => ({ ...s, modality: '2', score: s.score + ((Number(s.caseId) * 7 + Number(s.reader) * 3) % 5) - 2 }));
  const three = { ...study, modalities: ['0', '1', '2'], scores: [...study.scores, ...third] };
  const r = orDbm(gridFromImrmc(three));
  const or = val(r.rrrc.test);
  const dbm = val(r.dbm).rrrc;
  assert.equal(or.df1, 2);
  assert.ok(Math.abs(or.F - val(dbm.F)) < 1e-9 * or.F, `OR F ${or.F} vs DBM F ${val(dbm.F)}`);
  assert.ok(Math.abs(or.df2 - val(dbm.df2)) < 1e-9 * or.df2);
  assert.deepEqual(r.rrrc.differences.map((d) => `${d.a}-${d.b}`), ['0-1', '0-2', '1-2']);
  assert.equal(r.frrc.singleReader.length, 5 * 3);
  // Treatments 0 and 1 keep their own single-treatment results.
  printed(val(r.rrrc.single)[1].se, '0.02156637', 'StdErr t2');
});
