// `npm run bench -- analysis`: the full study analysis (every metric, split-design U-statistics across
// generators, per-generator OR-DBM) of 10 readers × 2,000 cases × 5 generators, on seeded synthetic data.
import { analyzeStudy } from '../../electron/core/analysis/study.ts';
import type { ScoreRow, StudyResults } from '../../electron/core/analysis/results.ts';
import os from 'node:os';
import { bench } from './machine.ts';

/** Mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Half real, half synthetic split evenly over the generators; every reader reads every case once. */
export function syntheticStudy(readers = 10, cases = 2000, generators = 5, seed = 42): StudyResults {
  const rand = prng(seed);
  const gens = Array.from({ length: generators }, (_, g) => `gen${g + 1}`);
  const nReal = Math.floor(cases / 2);
  const caseList = Array.from({ length: cases }, (_, k) => ({
    id: `case${k + 1}`,
    generator: k < nReal ? null : gens[(k - nReal) % generators],
    difficulty: gaussian(rand) * 0.5,
  }));
  const rows: ScoreRow[] = [];
  for (let r = 0; r < readers; r++) {
    const skill = 0.6 + 0.4 * rand();
    for (const c of caseList) {
      // Better generators (higher index) are harder to spot: smaller separation.
      const shift = c.generator === null ? 0 : skill * (1.6 - 0.25 * gens.indexOf(c.generator));
      const latent = shift + c.difficulty + gaussian(rand);
      const rating6 = Math.min(6, Math.max(1, Math.round(3.5 + latent)));
      rows.push({
        reader: `reader${r + 1}`,
        caseId: c.id,
        truth: c.generator === null ? { kind: 'real' } : { kind: 'synthetic', generator: c.generator, seed: Math.floor(rand() * 1e6) },
        call: rating6 >= 4 ? 'synthetic' : 'real',
        confidence: rating6 === 1 || rating6 === 6 ? 3 : rating6 === 2 || rating6 === 5 ? 2 : 1,
        rating6,
        realism: Math.min(5, Math.max(1, Math.round(3 - latent))),
        firstAnswerMs: Math.round(1500 + 800 * rand()),
        totalMs: Math.round(2500 + 2000 * rand()),
        visits: 1,
        repeatOf: null,
      });
    }
  }
  return { studyName: 'benchmark', readers: Array.from({ length: readers }, (_, r) => `reader${r + 1}`), generators: gens, rows };
}

export async function run(): Promise<void> {
  const study = syntheticStudy();
  // Warm-up (the app's long-lived process has the analysis code compiled), then the median of 5 runs; on a
  // shared machine wall time includes waiting for a core, so CPU time is shown too.
  analyzeStudy(study);
  analyzeStudy(study);
  const runs = [0, 1, 2, 3, 4].map(() => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const analysis = analyzeStudy(study);
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6, analysis };
  });
  const median = [...runs].sort((a, b) => a.seconds - b.seconds)[2];
  const { analysis } = median;
  const missingOrDbm = Object.entries(analysis.mrmc.ordbm).filter(([, v]) => 'missing' in v);
  if (missingOrDbm.length) throw new Error(`benchmark data should be fully crossed per generator: ${JSON.stringify(missingOrDbm)}`);
  console.log(`# ${study.rows.length} scores; ${analysis.generators.length} per-generator OR-DBM, ${analysis.mrmc.ustat.differences.length} U-statistic differences`);
  console.log(`# runs (s): ${runs.map((r) => r.seconds.toFixed(3)).join(', ')}; cpu (s): ${runs.map((r) => r.cpu.toFixed(3)).join(', ')}; load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i & 7;
  console.log(`# calibration: 1e8 integer additions took ${(performance.now() - t).toFixed(0)} ms (${x > 0 ? 'about 100 ms on an idle modern core' : ''})`);
  bench('analysis.full_seconds', median.seconds);
}
