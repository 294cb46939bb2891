// U-statistic MRMC (Gallas) against iMRMC 4.0.3's own output for the fully crossed Van Dyke study
// and for a split design made from it (VanDykeSplitA): the `Ustat` rows, field by field, to the printed precision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseImrmc } from '../../electron/core/analysis/imrmc.ts';
import { ustatDifference, ustatSingle, type TestResult, type UstatTests } from '../../electron/core/analysis/ustat.ts';
import { isMissing, type Maybe } from '../../electron/core/analysis/missing.ts';

const dir = '../shared/fixtures/mrmc';

function csv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}

function val<T>(x: Maybe<T> | undefined): T {
  if (x === undefined) assert.fail('value absent');
  if (isMissing(x)) assert.fail(`unexpected missing value: ${x.missing}`);
  return x;
}

/**
 * iMRMC prints 9 significant digits (d.dddddddddEx): agree to half a unit in the last one.
 * Per-reader variances it first rounds to 8 decimals (BigDecimal.setScale(8)), so those agree to 0.5e-8.
 */
function sci(actual: Maybe<number> | undefined, text: string, what: string, roundedTo8Decimals = false): void {
  const a = val(actual);
  const [mant, exp] = text.split('E');
  const decimals = mant.split('.')[1]?.length ?? 0;
  const tol = Math.max(0.5 * 10 ** (Number(exp) - decimals), roundedTo8Decimals ? 0.5e-8 : 0) + 1e-15;
  assert.ok(Math.abs(a - Number(text)) <= tol, `${what}: got ${a}, iMRMC prints ${text}`);
}

function checkTests(t: UstatTests, row: Record<string, string>, what: string) {
  const normal = val(t.normal);
  sci(normal.p, row.pValueNormal, `${what} pValueNormal`);
  sci(normal.ci.lower, row.botCInormal, `${what} botCInormal`);
  sci(normal.ci.upper, row.topCInormal, `${what} topCInormal`);
  assert.equal(normal.reject, row.rejectNormal.startsWith('1'), `${what} rejectNormal`);
  const check = (r: TestResult, key: 'BDG' | 'Hillis') => {
    sci(r.df, row[`df${key}`], `${what} df${key}`);
    sci(r.p, row[`pValue${key}`], `${what} pValue${key}`);
    sci(r.ci.lower, row[`botCI${key}`], `${what} botCI${key}`);
    sci(r.ci.upper, row[`topCI${key}`], `${what} topCI${key}`);
    assert.equal(r.reject, row[`reject${key}`].startsWith('1'), `${what} reject${key}`);
  };
  check(val(t.bdg), 'BDG');
  if (row.dfHillis === 'NA') assert.ok(isMissing(t.hillis), `${what}: iMRMC gives no Hillis df, nor should we`);
  else check(val(t.hillis), 'Hillis');
}

for (const name of ['VanDyke', 'VanDykeSplitA']) {
  const study = parseImrmc(readFileSync(`${dir}/${name}.imrmc`, 'utf8'), `${name}.imrmc`);
  const stat = csv(`${dir}/${name}.imrmc-statAnalysis.csv`).filter((r) => r.UstatOrMLE === 'Ustat');
  const perReader = csv(`${dir}/${name}.imrmc-AUCperReader.csv`);

  test(`${name}: single-modality reader-averaged AUC, variance, df, p and intervals`, () => {
    for (const row of stat.filter((r) => r.modalityB === 'NO_MOD')) {
      const res = ustatSingle(study, row.modalityA);
      const what = `${name} modality ${row.modalityA}`;
      assert.deepEqual([res.NR, res.N0, res.N1], [Number(row.NR), Number(row.N0), Number(row.N1)], `${what} sizes`);
      sci(res.auc, row.AUCA, `${what} AUCA`);
      sci(res.tests.variance, row.varAUCA, `${what} varAUCA`);
      checkTests(res.tests, row, what);
    }
  });

  test(`${name}: difference between modalities`, () => {
    const row = stat.find((r) => r.modalityB !== 'NO_MOD')!;
    const res = ustatDifference(study, row.modalityA, row.modalityB);
    const what = `${name} ${row.modalityA} − ${row.modalityB}`;
    sci(res.aucA, row.AUCA, `${what} AUCA`);
    sci(res.varA, row.varAUCA, `${what} varAUCA`);
    sci(res.aucB, row.AUCB, `${what} AUCB`);
    sci(res.varB, row.varAUCB, `${what} varAUCB`);
    sci(res.tests.estimate, row.AUCAminusAUCB, `${what} AUCAminusAUCB`);
    sci(res.tests.variance, row.varAUCAminusAUCB, `${what} varAUCAminusAUCB`);
    checkTests(res.tests, row, what);
  });

  test(`${name}: per-reader AUCs and variances`, () => {
    for (const row of perReader) {
      const what = `${name} reader ${row.readerID} ${row.modalityA}/${row.modalityB}`;
      if (row.modalityB === 'NO_MOD') {
        const r = ustatSingle(study, row.modalityA).readers.find((x) => x.reader === row.readerID)!;
        sci(r.aucA, row.AUCA, `${what} AUC`);
        sci(r.varA, row.varAUCA, `${what} var`, true);
      } else {
        const r = ustatDifference(study, row.modalityA, row.modalityB).readers.find((x) => x.reader === row.readerID)!;
        sci(r.aucA, row.AUCA, `${what} AUCA`);
        sci(r.varA, row.varAUCA, `${what} varA`, true);
        sci(r.aucB, row.AUCB, `${what} AUCB`);
        sci(r.varB, row.varAUCB, `${what} varB`, true);
        sci(r.difference, row.AUCAminusAUCB, `${what} difference`);
        sci(r.varDifference, row.varAUCAminusAUCB, `${what} var difference`, true);
      }
    }
  });
}
