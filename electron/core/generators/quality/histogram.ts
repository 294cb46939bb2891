import type { Slice } from './image.ts';

const LO = -1024;
const HI = 3071;

/** Normalised histogram (1-HU bins, −1024…3071) of the HU values inside the body masks. */
function bodyHistogram(slices: Slice[]): Float64Array {
  const h = new Float64Array(HI - LO + 1);
  let n = 0;
  for (const s of slices) {
    for (let i = 0; i < s.hu.length; i++) {
      if (!s.body[i]) continue;
      h[Math.min(HI, Math.max(LO, Math.round(s.hu[i]))) - LO]++;
      n++;
    }
  }
  if (n === 0) throw new Error('no body pixels found (every image is air?)');
  return h.map((v) => v / n);
}

/**
 * 1-Wasserstein distance (HU) between the in-body HU distributions of two sets:
 * W1 = ∫ |F_a(x) − F_b(x)| dx over the two cumulative histograms.
 */
export function huWasserstein(a: Slice[], b: Slice[]): number {
  const ha = bodyHistogram(a);
  const hb = bodyHistogram(b);
  let ca = 0;
  let cb = 0;
  let w = 0;
  for (let k = 0; k < ha.length; k++) {
    ca += ha[k];
    cb += hb[k];
    w += Math.abs(ca - cb);
  }
  return w;
}
