import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

function meanAndCovariance(rows: number[][]): { mean: number[]; cov: Matrix } {
  const m = new Matrix(rows);
  const mean = m.mean('column');
  const centred = m.clone().subRowVector(mean);
  const cov = centred.transpose().mmul(centred).div(Math.max(1, rows.length - 1));
  return { mean, cov };
}

function symmetricSqrt(a: Matrix): Matrix {
  const e = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const d = Matrix.diag(e.realEigenvalues.map((x) => Math.sqrt(Math.max(0, x))));
  return v.mmul(d).mmul(v.transpose());
}

/**
 * Fréchet distance between Gaussians fitted to two feature sets (as in FID):
 * ‖μa − μb‖² + Tr(Σa + Σb − 2 (Σa^½ Σb Σa^½)^½). The symmetric form avoids a
 * non-symmetric matrix square root.
 */
export function frechetDistance(a: number[][], b: number[][]): number {
  const A = meanAndCovariance(a);
  const B = meanAndCovariance(b);
  const meanTerm = A.mean.reduce((s, v, i) => s + (v - B.mean[i]) ** 2, 0);
  const sa = symmetricSqrt(A.cov);
  const cross = symmetricSqrt(sa.mmul(B.cov).mmul(sa));
  return Math.max(0, meanTerm + A.cov.trace() + B.cov.trace() - 2 * cross.trace());
}
