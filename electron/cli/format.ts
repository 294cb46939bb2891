// Number formatting for the CLI's tables: a Missing value prints as "NA" and its
// reason is collected, so tables stay aligned and no gap goes unexplained.
import { isMissing, type Maybe } from '../core/analysis/missing.ts';

export class Formatter {
  readonly reasons: string[] = [];

  /** Fixed decimals, or "NA" (noting the reason once). */
  num(x: Maybe<number> | undefined, decimals: number): string {
    if (x === undefined) return 'NA';
    if (isMissing(x)) {
      if (!this.reasons.includes(x.missing)) this.reasons.push(x.missing);
      return 'NA';
    }
    return x.toFixed(decimals);
  }

  /** p-values: 4 decimals, or "<0.0001". */
  p(x: Maybe<number> | undefined): string {
    if (typeof x === 'number' && x < 0.0001) return '<0.0001';
    return this.num(x, 4);
  }

  ci(x: Maybe<{ lower: number; upper: number }> | undefined, decimals: number): string {
    if (x === undefined || isMissing(x)) return this.num(x as Maybe<number> | undefined, decimals);
    return `(${x.lower.toFixed(decimals)}, ${x.upper.toFixed(decimals)})`;
  }
}

/** Left-aligned first column, right-aligned others, separated by two spaces. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
