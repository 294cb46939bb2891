// Study results for the analysis tests, made from the real Van Dyke reader study.
import { readFileSync } from 'node:fs';
import { parseImrmc } from '../../electron/core/analysis/imrmc.ts';
import type { ScoreRow, StudyResults } from '../../electron/core/analysis/results.ts';

/**
 * A two-generator Turing test made from VanDykeSplitA.imrmc: negatives are real cases (their modality-0
 * scores), positives read under modality 0 are synthetic from generator "A", those under modality 1 from "B".
 * Generator A's data are then exactly VanDykeSplitA's modality 0, so iMRMC's output for it applies.
 * The 1–5 Van Dyke rating serves as the 6-point score; the call is "synthetic" from rating 3 up.
 */
export function vanDykeTuringStudy(): StudyResults {
  const split = parseImrmc(readFileSync('../shared/fixtures/mrmc/VanDykeSplitA.imrmc', 'utf8'), 'VanDykeSplitA.imrmc');
  const truth = new Map(split.cases.map((c) => [c.id, c.truth]));
  const rows: ScoreRow[] = [];
  for (const s of split.scores) {
    const real = truth.get(s.caseId) === 0;
    if (real && s.modality !== '0') continue; // a real case has one score, written under every generator
    rows.push({
      reader: `R${s.reader}`,
      caseId: `c${s.caseId}`,
      truth: real ? { kind: 'real' } : { kind: 'synthetic', generator: s.modality === '0' ? 'A' : 'B', seed: Number(s.caseId) },
      call: s.score >= 3 ? 'synthetic' : 'real',
      confidence: null,
      rating6: s.score,
      realism: 6 - s.score,
      firstAnswerMs: 1000 + 10 * Number(s.caseId),
      totalMs: 2000 + 10 * Number(s.caseId) + 100 * Number(s.reader),
      visits: 1,
      repeatOf: null,
    });
  }
  return { studyName: 'Van Dyke as a Turing test', readers: ['R0', 'R1', 'R2', 'R3', 'R4'], generators: ['A', 'B'], rows };
}
