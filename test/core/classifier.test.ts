// The blinding-leak check is only as good as its classifiers: show they find a leak when there is one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auc, crossValidatedScores } from '../stats/classifier.ts';

const n = 400;
const labels = Array.from({ length: n }, (_, i) => (i * 7919) % 2);
const noise = (i: number) => ((i * 2654435761) % 1000) / 1000;

test('a constant feature carries no information: AUC exactly 0.5', () => {
  const x = labels.map(() => [0.78]);
  assert.equal(auc(crossValidatedScores(x, labels, 5, { feature: 0 }), labels), 0.5);
  assert.equal(auc(crossValidatedScores(x, labels), labels), 0.5);
});

test('a leaking feature is found by the one-feature rule and by logistic regression', () => {
  // A small timing difference buried in noise, like a slower load for synthetic cases.
  const x = labels.map((l, i) => [noise(i), noise(i * 31 + 7) + 0.6 * l]);
  assert.ok(auc(crossValidatedScores(x, labels, 5, { feature: 1 }), labels) > 0.8);
  assert.ok(auc(crossValidatedScores(x, labels), labels) > 0.8);
  assert.ok(Math.abs(auc(crossValidatedScores(x, labels, 5, { feature: 0 }), labels) - 0.5) < 0.1);
});

test('a feature pointing the other way is found too', () => {
  const x = labels.map((l, i) => [noise(i) - 0.6 * l]);
  assert.ok(auc(crossValidatedScores(x, labels, 5, { feature: 0 }), labels) > 0.8);
});
