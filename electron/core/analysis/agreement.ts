// Chance-corrected agreement between readers (Cohen's κ for a pair, Fleiss' κ for many).
import { missing, type Maybe } from './missing.ts';

export interface Kappa {
  kappa: number;
  /** Observed proportion of agreement. */
  agreement: number;
  /** Items compared. */
  n: number;
}

/** Cohen (1960) κ of two raters over the same items (a[i] and b[i] rate item i). */
export function cohenKappa(a: string[], b: string[]): Maybe<Kappa> {
  const n = a.length;
  if (n === 0) return missing('no item rated by both');
  const categories = [...new Set([...a, ...b])];
  let agree = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) agree++;
  const po = agree / n;
  const pe = categories.reduce((s, c) => s + (a.filter((x) => x === c).length / n) * (b.filter((x) => x === c).length / n), 0);
  if (pe === 1) return missing('both raters used a single category throughout (κ undefined)');
  return { kappa: (po - pe) / (1 - pe), agreement: po, n };
}

/** Fleiss (1971) κ: each item rated by the same number (≥ 2) of raters; items[i] lists item i's ratings. */
export function fleissKappa(items: string[][]): Maybe<Kappa & { raters: number }> {
  if (items.length === 0) return missing('no item rated by every reader');
  const m = items[0].length;
  if (m < 2) return missing('Fleiss κ needs at least 2 raters');
  if (items.some((it) => it.length !== m)) throw new Error('fleissKappa: every item needs the same number of ratings');
  const categories = [...new Set(items.flat())];
  const totals = new Map(categories.map((c) => [c, 0]));
  let pBar = 0;
  for (const it of items) {
    const counts = new Map<string, number>();
    for (const c of it) counts.set(c, (counts.get(c) ?? 0) + 1);
    let s = 0;
    for (const [c, k] of counts) {
      s += k * (k - 1);
      totals.set(c, totals.get(c)! + k);
    }
    pBar += s / (m * (m - 1));
  }
  pBar /= items.length;
  const pe = [...totals.values()].reduce((s, k) => s + (k / (items.length * m)) ** 2, 0);
  if (pe === 1) return missing('every rating was the same category (κ undefined)');
  return { kappa: (pBar - pe) / (1 - pe), agreement: pBar, n: items.length, raters: m };
}
