import os from 'node:os';

/** One line naming the machine a benchmark ran on. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return [
    `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `${os.platform()} ${os.release()} ${os.arch()}`,
    `node ${process.version}`,
  ].join(', ');
}

/** Prints one benchmark figure on a line of its own. */
export function bench(name: string, value: number): void {
  console.log(`BENCH ${name} ${Number.isInteger(value) ? value : value.toPrecision(4)}`);
}

/** The p-th percentile (0–100) of a sample, by linear interpolation. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
