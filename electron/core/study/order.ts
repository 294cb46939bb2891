import { createHash } from 'node:crypto';

/**
 * Deterministic random numbers from a text seed: SHA-256 in counter mode.
 * Used for reader orders only (the generator latents have their own documented PRNG);
 * a hash keeps each reader's order reproducible from (study seed, reader) alone.
 */
export class HashRandom {
  private counter = 0;
  private pool: number[] = [];
  constructor(private readonly seed: string) {}

  uint32(): number {
    if (this.pool.length === 0) {
      const digest = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      for (let i = 0; i < 32; i += 4) this.pool.push(digest.readUInt32LE(i));
    }
    return this.pool.pop()!;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.uint32() / 2 ** 32) * n);
  }

  shuffle<T>(items: T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

export interface OrderedCase {
  caseId: number;
  /** caseId's first showing position when this slot is a repeat. */
  repeatOf: number | null;
}

export const BLOCK_SIZE = 10;

/**
 * A reader's order. Cases are dealt class by class (real, then each generator)
 * so that every block of BLOCK_SIZE holds the classes in the study's overall
 * ratio (largest-remainder dealing), then shuffled within the block. Repeats are
 * re-inserted later, never next to their first showing.
 */
export function readerOrder(classes: Map<string, number[]>, repeatFraction: number, seed: string): OrderedCase[] {
  const rng = new HashRandom(seed);
  const pools = [...classes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, ids]) => rng.shuffle(ids));
  const total = pools.reduce((n, p) => n + p.length, 0);
  const taken = pools.map(() => 0);
  const dealt: number[] = [];
  for (let k = 1; k <= total; k++) {
    let best = -1;
    let bestDeficit = -Infinity;
    pools.forEach((pool, c) => {
      if (taken[c] >= pool.length) return;
      const deficit = (pool.length * k) / total - taken[c];
      if (deficit > bestDeficit) [best, bestDeficit] = [c, deficit];
    });
    dealt.push(pools[best][taken[best]++]);
  }
  const order: number[] = [];
  for (let start = 0; start < dealt.length; start += BLOCK_SIZE) order.push(...rng.shuffle(dealt.slice(start, start + BLOCK_SIZE)));

  const slots: OrderedCase[] = order.map((caseId) => ({ caseId, repeatOf: null }));
  let repeatsLeft = Math.round(total * repeatFraction);
  // Cases are tried in random order; one shown last has no room after it and is passed over.
  for (const caseId of rng.shuffle(order)) {
    if (repeatsLeft === 0) break;
    const first = slots.findIndex((s) => s.caseId === caseId && s.repeatOf === null);
    // Insert at least two slots after the first showing, and never beside another showing of it.
    const candidates: number[] = [];
    for (let at = first + 2; at <= slots.length; at++) {
      if (slots[at - 1]?.caseId !== caseId && slots[at]?.caseId !== caseId) candidates.push(at);
    }
    if (candidates.length === 0) continue;
    slots.splice(candidates[rng.below(candidates.length)], 0, { caseId, repeatOf: first });
    repeatsLeft--;
  }
  // repeatOf was recorded before later insertions shifted positions: resolve it to the final index.
  return slots.map((s) => (s.repeatOf === null ? s : { caseId: s.caseId, repeatOf: slots.findIndex((t) => t.caseId === s.caseId && t.repeatOf === null) }));
}
