// Trapezoidal AUC from placement values: the O(n log n) jackknife equals leave-one-out recomputation,
// and DeLong's variance matches a hand computation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseImrmc } from '../../electron/core/analysis/imrmc.ts';
import { gridFromImrmc, split } from '../../electron/core/analysis/design.ts';
import { aucDelong, delongVariance, jackknifeAucs, placements, rocCurve } from '../../electron/core/analysis/roc.ts';

function bruteAuc(x0: ArrayLike<number>, x1: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x0.length; i++) for (let j = 0; j < x1.length; j++) s += x1[j] > x0[i] ? 1 : x1[j] === x0[i] ? 0.5 : 0;
  return s / (x0.length * x1.length);
}

test('placement-value jackknife equals recomputing the AUC without each case (Van Dyke, every reader and treatment)', () => {
  const grid = gridFromImrmc(parseImrmc(readFileSync('../shared/fixtures/mrmc/VanDyke.imrmc', 'utf8'), 'VanDyke.imrmc'));
  for (let m = 0; m < 2; m++)
    for (let r = 0; r < 5; r++) {
      const [x0, x1] = split(grid, m, r);
      const p = placements(x0, x1);
      assert.ok(Math.abs(p.auc - bruteAuc(x0, x1)) < 1e-15);
      const jack = jackknifeAucs(p);
      for (let k = 0; k < x0.length; k++) {
        const without = [...x0.slice(0, k), ...x0.slice(k + 1)];
        assert.ok(Math.abs(jack[k] - bruteAuc(without, x1)) < 1e-12, `reader ${r} without negative ${k}`);
      }
      for (let k = 0; k < x1.length; k++) {
        const without = [...x1.slice(0, k), ...x1.slice(k + 1)];
        assert.ok(Math.abs(jack[x0.length + k] - bruteAuc(x0, without)) < 1e-12, `reader ${r} without positive ${k}`);
      }
    }
});

test('DeLong variance and interval on a hand-worked example', () => {
  // negatives 1,2,3; positives 2,4: V10 = (0.5, 1), V01 = (1, 0.75, 0.5), AUC = 0.75
  const p = placements([1, 2, 3], [2, 4]);
  assert.equal(p.auc, 0.75);
  assert.deepEqual([...p.positives], [0.5, 1]);
  assert.deepEqual([...p.negatives], [1, 0.75, 0.5]);
  assert.ok(Math.abs(delongVariance(p) - (0.125 / 2 + 0.0625 / 3)) < 1e-15);
  const ci = aucDelong([1, 2, 3], [2, 4]);
  assert.equal(ci.upper, 1, 'clipped to 1');
  assert.ok(Math.abs(ci.lower - (0.75 - 1.959963984540054 * Math.sqrt(0.0625 + 0.0625 / 3))) < 1e-12);
});

test('empirical ROC points', () => {
  assert.deepEqual(rocCurve([1, 2, 3], [2, 4]), [
    { fpf: 0, tpf: 0 },
    { fpf: 0, tpf: 0.5 },
    { fpf: 1 / 3, tpf: 0.5 },
    { fpf: 2 / 3, tpf: 1 },
    { fpf: 1, tpf: 1 },
  ]);
});
