// Everything Mirage can compute from one .imrmc file: OR-DBM where the design is fully crossed
// (over all modalities, or else per modality), and U-statistic MRMC for every modality and every pair.
import { crossedGap, gridFromImrmc } from './design.ts';
import { parseImrmc, type ImrmcStudy } from './imrmc.ts';
import { missing, type Maybe } from './missing.ts';
import { orDbm, orDbmApplicable, type OrDbmResult } from './ordbm.ts';
import { ustatDifference, ustatSingle, type UstatDifference, type UstatSingle } from './ustat.ts';

export interface ImrmcAnalysis {
  fileName: string;
  description: string[];
  design: {
    readers: number;
    modalities: string[];
    N0: number;
    N1: number;
    scores: number;
    /** Null when fully crossed; otherwise the first gap. */
    notFullyCrossed: string | null;
  };
  /** OR-DBM over all modalities (fully crossed designs only). */
  ordbm: Maybe<OrDbmResult>;
  /** OR-DBM of each modality on its own cases, when that modality alone is fully crossed. */
  ordbmByModality: { modality: string; result: Maybe<OrDbmResult> }[];
  ustat: {
    single: { modality: string; result: Maybe<UstatSingle> }[];
    differences: { modalityA: string; modalityB: string; result: Maybe<UstatDifference> }[];
  };
}

function attempt<T>(run: () => T): Maybe<T> {
  try {
    return run();
  } catch (err) {
    return missing(err instanceof Error ? err.message : String(err));
  }
}

function orDbmOf(study: ImrmcStudy, modalities: string[]): Maybe<OrDbmResult> {
  const grid = gridFromImrmc(study, modalities);
  const reason = orDbmApplicable(grid);
  return reason ? missing(reason) : orDbm(grid);
}

export function analyzeStudyFile(study: ImrmcStudy, fileName: string): ImrmcAnalysis {
  const all = gridFromImrmc(study);
  const notFullyCrossed = crossedGap(all);
  const pairs: [string, string][] = [];
  study.modalities.forEach((a, i) => study.modalities.slice(i + 1).forEach((b) => pairs.push([a, b])));
  return {
    fileName,
    description: study.description,
    design: {
      readers: study.readers.length,
      modalities: study.modalities,
      N0: study.cases.filter((c) => c.truth === 0).length,
      N1: study.cases.filter((c) => c.truth === 1).length,
      scores: study.scores.length,
      notFullyCrossed,
    },
    ordbm: orDbmOf(study, study.modalities),
    ordbmByModality:
      notFullyCrossed === null
        ? [] // the joint analysis already contains each modality's single-treatment results
        : study.modalities.map((m) => ({ modality: m, result: orDbmOf(study, [m]) })),
    ustat: {
      single: study.modalities.map((m) => ({ modality: m, result: attempt(() => ustatSingle(study, m)) })),
      differences: pairs.map(([a, b]) => ({ modalityA: a, modalityB: b, result: attempt(() => ustatDifference(study, a, b)) })),
    },
  };
}

/** Parses and analyses .imrmc text; malformed input throws an ImrmcFormatError naming the file and line. */
export function analyzeImrmc(text: string, fileName: string): ImrmcAnalysis {
  return analyzeStudyFile(parseImrmc(text, fileName), fileName);
}
