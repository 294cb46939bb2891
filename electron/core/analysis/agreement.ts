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

/**
 * Fleiss (1971) κ; items[i] lists item i's ratings. Items may have different numbers of ratings (readers who
 * skipped a case): each item's agreement is taken over its own rater pairs and the category shares over all
 * ratings, which reduces to Fleiss' formula when every item has the same number. Items with < 2 ratings are skipped.
 */
export function fleissKappa(items: string[][]): Maybe<Kappa & { raters: number }> {
  const used = items.filter((it) => it.length >= 2);
  if (used.length === 0) return missing('no case was rated by at least 2 readers');
  const totals = new Map<string, number>();
  let ratings = 0;
  let pBar = 0;
  for (const it of used) {
    const counts = new Map<string, number>();
    for (const c of it) counts.set(c, (counts.get(c) ?? 0) + 1);
    let s = 0;
    for (const [c, k] of counts) {
      s += k * (k - 1);
      totals.set(c, (totals.get(c) ?? 0) + k);
    }
    pBar += s / (it.length * (it.length - 1));
    ratings += it.length;
  }
  pBar /= used.length;
  const pe = [...totals.values()].reduce((s, k) => s + (k / ratings) ** 2, 0);
  if (pe === 1) return missing('every rating was the same category (κ undefined)');
  return { kappa: (pBar - pe) / (1 - pe), agreement: pBar, n: used.length, raters: Math.max(...used.map((it) => it.length)) };
}
