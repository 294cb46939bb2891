// Test-only statistics for the blinding-leak check: AUC (Mann–Whitney) and a cross-validated
// logistic regression. Written out here because the check needs only these few lines and no
// prediction library fits a test this small without pulling in a framework.

/** Area under the ROC curve of scores for positives (label 1) vs negatives (label 0), ties counted half. */
export function auc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((t, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

function standardize(rows: number[][], ref: number[][]): number[][] {
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, k) => ref.reduce((a, r) => a + r[k], 0) / ref.length);
  const sd = Array.from({ length: d }, (_, k) => Math.sqrt(ref.reduce((a, r) => a + (r[k] - mean[k]) ** 2, 0) / ref.length) || 1);
  return rows.map((r) => r.map((v, k) => (v - mean[k]) / sd[k]));
}

/** L2-regularized logistic regression by gradient descent; returns the weights (bias last). */
function fitLogistic(x: number[][], y: number[], steps = 500, rate = 0.1, l2 = 1e-3): number[] {
  const d = x[0].length;
  const w = new Array(d + 1).fill(0);
  for (let s = 0; s < steps; s++) {
    const grad = new Array(d + 1).fill(0);
    x.forEach((row, i) => {
      const z = row.reduce((a, v, k) => a + v * w[k], w[d]);
      const err = 1 / (1 + Math.exp(-z)) - y[i];
      row.forEach((v, k) => (grad[k] += err * v));
      grad[d] += err;
    });
    for (let k = 0; k <= d; k++) w[k] -= rate * (grad[k] / x.length + (k < d ? l2 * w[k] : 0));
  }
  return w;
}

/** Out-of-fold scores of a model trained on the other folds (k-fold cross-validation). */
export function crossValidatedScores(x: number[][], y: number[], folds = 5, kind: 'logistic' | { feature: number } = 'logistic'): number[] {
  const out = new Array<number>(x.length);
  for (let f = 0; f < folds; f++) {
    const test = x.map((_, i) => i).filter((i) => i % folds === f);
    const train = x.map((_, i) => i).filter((i) => i % folds !== f);
    const trainX = train.map((i) => x[i]);
    if (kind === 'logistic') {
      const w = fitLogistic(standardize(trainX, trainX), train.map((i) => y[i]));
      standardize(test.map((i) => x[i]), trainX).forEach((row, j) => (out[test[j]] = row.reduce((a, v, k) => a + v * w[k], w[row.length])));
    } else {
      // A one-feature threshold rule: its direction is learned on the training folds.
      const k = kind.feature;
      const mean = (label: number) => train.filter((i) => y[i] === label).reduce((a, i) => a + x[i][k], 0) / Math.max(1, train.filter((i) => y[i] === label).length);
      // Equal means (a constant feature, up to rounding) give no direction: the rule says nothing.
      const difference = mean(1) - mean(0);
      const sign = Math.abs(difference) <= 1e-9 * (Math.abs(mean(1)) + Math.abs(mean(0)) + 1) ? 0 : Math.sign(difference);
      for (const i of test) out[i] = sign * x[i][k];
    }
  }
  return out;
}
