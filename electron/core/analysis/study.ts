// The analysis of a visual Turing test: how often readers told real from synthetic, per reader and
// pooled, overall and per generator; agreement; realism ratings; reading times; ROC; and MRMC
// (split-design U-statistics across generators, per-generator fully crossed OR-DBM).
import { cohenKappa, fleissKappa, type Kappa } from './agreement.ts';
import { gridFromImrmc } from './design.ts';
import { imrmcStudies, primaryRows } from './exports.ts';
import { isMissing, missing, type Maybe } from './missing.ts';
import { orDbm, orDbmApplicable, type OrDbmResult } from './ordbm.ts';
import { binomialTest, wilson, type Proportion } from './proportions.ts';
import { mannWhitney, type MannWhitney } from './ranks.ts';
import { score6, truthLabel, type ScoreRow, type StudyResults } from './results.ts';
import { aucDelong, rocCurve, type AucWithCi, type RocPoint } from './roc.ts';
import { summarize, type Summary } from './summary.ts';
import { ustatDifference, ustatSingle, type UstatDifference, type UstatSingle } from './ustat.ts';

export interface Rates {
  /** Readings in the group (first showings). */
  readings: number;
  /** Readings without a real/synthetic call. */
  unanswered: number;
  accuracy: Maybe<Proportion>;
  /** Exact two-sided binomial test of accuracy against chance (0.5). */
  accuracyVsChanceP: Maybe<number>;
  /** Synthetic called synthetic. */
  sensitivity: Maybe<Proportion>;
  /** Real called real. */
  specificity: Maybe<Proportion>;
  /** Synthetic called real (1 − sensitivity). */
  foolRate: Maybe<Proportion>;
}

export interface RatesBlock {
  overall: Rates;
  byGenerator: Record<string, Rates>;
}

export interface ReaderRoc {
  reader: string;
  /** Real vs all synthetic. */
  overall: Maybe<AucWithCi>;
  byGenerator: Record<string, Maybe<AucWithCi>>;
  curves: Record<string, RocPoint[]>;
}

export interface Agreement {
  pairs: number;
  agreement: Maybe<Proportion>;
  kappa: Maybe<Kappa>;
}

export interface StudyAnalysis {
  studyName: string;
  readers: string[];
  generators: string[];
  counts: { rows: number; readings: number; repeats: number; realCases: number; syntheticCases: Record<string, number> };
  /** Problems in the data that the analysis worked around. */
  warnings: string[];
  rates: { pooled: RatesBlock; byReader: ({ reader: string } & RatesBlock)[] };
  roc: ReaderRoc[];
  interReader: { fleiss: Maybe<Kappa & { raters: number }>; cohen: { a: string; b: string; kappa: Maybe<Kappa> }[] };
  intraReader: { pooled: Agreement; byReader: ({ reader: string } & Agreement)[] };
  realism: {
    /** Counts of ratings 1..5, for "real" and each generator. */
    distribution: Record<string, number[]>;
    mean: Record<string, Maybe<number>>;
    /** Each generator vs real; positive rank-biserial = the generator rated more realistic. */
    tests: Record<string, Maybe<MannWhitney>>;
  };
  readingTime: {
    totalMs: { pooled: Record<string, Maybe<Summary>>; byReader: Record<string, Record<string, Maybe<Summary>>> };
    firstAnswerMs: { pooled: Record<string, Maybe<Summary>> };
  };
  mrmc: {
    /** U-statistic MRMC on the split design (real cases shared by all generators). */
    ustat: { single: Record<string, Maybe<UstatSingle>>; differences: { a: string; b: string; result: Maybe<UstatDifference> }[] };
    /** OR-DBM per generator on its fully crossed data: real cases plus the generator's synthetic cases. */
    ordbm: Record<string, Maybe<OrDbmResult>>;
    skipped: { reader: string; caseId: string; reason: string }[];
    /** The integer IDs of the .imrmc files (and of reasons quoting them) for readers, cases and generators. */
    ids: { readers: Record<string, number>; cases: Record<string, number>; modalities: Record<string, number> };
  };
}

const isSynthetic = (r: ScoreRow) => r.truth.kind === 'synthetic';

/** Counts of one group of readings (real, or one generator's synthetic). */
interface Tally {
  readings: number;
  answered: number;
  calledSynthetic: number;
}

const add = (a: Tally, b: Tally): Tally => ({ readings: a.readings + b.readings, answered: a.answered + b.answered, calledSynthetic: a.calledSynthetic + b.calledSynthetic });

function rates(real: Tally, synthetic: Tally, who: string): Rates {
  const answered = real.answered + synthetic.answered;
  const correct = real.answered - real.calledSynthetic + synthetic.calledSynthetic;
  const noSynthetic = `${who} has no answered synthetic case`;
  return {
    readings: real.readings + synthetic.readings,
    unanswered: real.readings + synthetic.readings - answered,
    accuracy: wilson(correct, answered, `${who} has no answered case`),
    accuracyVsChanceP: binomialTest(correct, answered, `${who} has no answered case`),
    sensitivity: wilson(synthetic.calledSynthetic, synthetic.answered, noSynthetic),
    specificity: wilson(real.answered - real.calledSynthetic, real.answered, `${who} has no answered real case`),
    foolRate: wilson(synthetic.answered - synthetic.calledSynthetic, synthetic.answered, noSynthetic),
  };
}

/** Rates overall and per generator (a generator's rates use all real readings plus its own synthetic ones). */
function ratesBlock(rows: ScoreRow[], generators: string[], who: string): RatesBlock {
  const tally = new Map<string, Tally>(['real', ...generators].map((l) => [l, { readings: 0, answered: 0, calledSynthetic: 0 }]));
  for (const r of rows) {
    const t = tally.get(truthLabel(r.truth))!;
    t.readings++;
    if (r.call !== null) t.answered++;
    if (r.call === 'synthetic') t.calledSynthetic++;
  }
  const real = tally.get('real')!;
  const synthetic = generators.map((g) => tally.get(g)!).reduce(add, { readings: 0, answered: 0, calledSynthetic: 0 });
  return {
    overall: rates(real, synthetic, who),
    byGenerator: Object.fromEntries(generators.map((g) => [g, rates(real, tally.get(g)!, `${who}, generator ${g},`)])),
  };
}

function readerRoc(rows: ScoreRow[], generators: string[], reader: string): ReaderRoc {
  const scored = rows.filter((r) => score6(r) !== null);
  const neg = scored.filter((r) => !isSynthetic(r)).map((r) => score6(r)!);
  const auc = (pos: number[], what: string): Maybe<AucWithCi> => {
    if (neg.length < 2 || pos.length < 2) return missing(`reader ${reader} has ${neg.length} scored real and ${pos.length} scored ${what} case(s); the AUC and its DeLong interval need at least 2 of each`);
    return aucDelong(neg, pos);
  };
  const allPos = scored.filter(isSynthetic).map((r) => score6(r)!);
  const byGenerator: Record<string, Maybe<AucWithCi>> = {};
  const curves: Record<string, RocPoint[]> = {};
  if (neg.length && allPos.length) curves.all = rocCurve(neg, allPos);
  for (const g of generators) {
    const pos = scored.filter((r) => r.truth.kind === 'synthetic' && r.truth.generator === g).map((r) => score6(r)!);
    byGenerator[g] = auc(pos, `${g}`);
    if (neg.length && pos.length) curves[g] = rocCurve(neg, pos);
  }
  return { reader, overall: auc(allPos, 'synthetic'), byGenerator, curves };
}

function agreementOf(pairs: [string, string][], who: string): Agreement {
  const same = pairs.filter(([a, b]) => a === b).length;
  return {
    pairs: pairs.length,
    agreement: wilson(same, pairs.length, `${who} has no repeated case with both calls answered`),
    kappa: pairs.length ? cohenKappa(pairs.map((p) => p[0]), pairs.map((p) => p[1])) : missing(`${who} has no repeated case with both calls answered`),
  };
}

const RANGES: { field: 'confidence' | 'rating6' | 'realism'; min: number; max: number }[] = [
  { field: 'confidence', min: 1, max: 3 },
  { field: 'rating6', min: 1, max: 6 },
  { field: 'realism', min: 1, max: 5 },
];

/** Out-of-range answers and negative times become null (not analysed), each kind reported once with its count. */
function sanitize(results: StudyResults, warnings: string[]): StudyResults {
  const bad = new Map<string, number>();
  const note = (what: string) => bad.set(what, (bad.get(what) ?? 0) + 1);
  const rows = results.rows.map((row) => {
    let clean = row;
    for (const { field, min, max } of RANGES) {
      const v = row[field];
      if (v !== null && !(Number.isInteger(v) && v >= min && v <= max)) {
        note(`${field} outside the integers ${min}–${max}`);
        clean = { ...clean, [field]: null };
      }
    }
    for (const field of ['firstAnswerMs', 'totalMs'] as const) {
      const v = row[field];
      if (v !== null && !(Number.isFinite(v) && v >= 0)) {
        note(`${field} negative or not a number`);
        clean = { ...clean, [field]: null };
      }
    }
    return clean;
  });
  for (const [what, n] of bad) warnings.push(`${n} score(s) with ${what} were treated as unanswered for that item`);
  return bad.size ? { ...results, rows } : results;
}

export function analyzeStudy(input: StudyResults): StudyAnalysis {
  const warnings: string[] = [];
  const results = sanitize(input, warnings);
  const primary = primaryRows(results);
  const repeats = results.rows.filter((r) => r.repeatOf !== null);
  const generators = [...results.generators];
  for (const r of primary) {
    if (r.truth.kind === 'synthetic' && !generators.includes(r.truth.generator)) {
      warnings.push(`generator ${r.truth.generator} appears in the scores but not in the study's generator list; it is analysed too`);
      generators.push(r.truth.generator);
    }
  }
  const readers = [...results.readers];
  for (const r of primary) if (!readers.includes(r.reader)) (warnings.push(`reader ${r.reader} has scores but is not in the study's reader list; analysed too`), readers.push(r.reader));
  const byReader = new Map(readers.map((r) => [r, primary.filter((x) => x.reader === r)]));
  for (const [r, rows] of byReader) if (rows.length === 0) warnings.push(`reader ${r} has no scores`);
  const caseTruth = new Map(primary.map((r) => [r.caseId, r.truth]));
  const syntheticCases = Object.fromEntries(generators.map((g) => [g, [...caseTruth.values()].filter((t) => t.kind === 'synthetic' && t.generator === g).length]));
  for (const g of generators) if (syntheticCases[g] === 0) warnings.push(`generator ${g} has no scored case`);
  const labels = ['real', ...generators];

  // Inter-reader agreement on calls: Fleiss over every case answered by at least 2 readers, Cohen over each pair's common cases.
  const calls = new Map<string, Map<string, string>>();
  for (const r of primary) if (r.call !== null) (calls.get(r.caseId) ?? calls.set(r.caseId, new Map()).get(r.caseId)!).set(r.reader, r.call);
  const activeReaders = readers.filter((r) => byReader.get(r)!.length > 0);
  const perCase = [...calls.values()].map((m) => [...m.values()]);
  const cohen = activeReaders.flatMap((a, i) =>
    activeReaders.slice(i + 1).map((b) => {
      const both = [...calls.values()].filter((m) => m.has(a) && m.has(b));
      return { a, b, kappa: cohenKappa(both.map((m) => m.get(a)!), both.map((m) => m.get(b)!)) };
    }),
  );

  // Intra-reader agreement: each repeat against the same reader's first showing.
  const first = new Map(primary.map((r) => [`${r.reader}\u0000${r.caseId}`, r]));
  const repeatPairs = new Map<string, [string, string][]>(readers.map((r) => [r, []]));
  for (const rep of repeats) {
    const orig = first.get(`${rep.reader}\u0000${rep.repeatOf}`);
    if (!orig) {
      warnings.push(`reader ${rep.reader}'s repeat ${rep.caseId} refers to case ${rep.repeatOf}, which the reader has no first score for`);
      continue;
    }
    if (orig.call !== null && rep.call !== null) repeatPairs.get(rep.reader)!.push([orig.call, rep.call]);
  }

  // Realism: pooled ratings per truth label.
  const realism = new Map(labels.map((l) => [l, [] as number[]]));
  for (const r of primary) if (r.realism !== null) realism.get(truthLabel(r.truth))!.push(r.realism);
  const distribution = Object.fromEntries(labels.map((l) => [l, [1, 2, 3, 4, 5].map((v) => realism.get(l)!.filter((x) => x === v).length)]));
  const mean = Object.fromEntries(labels.map((l) => {
    const v = realism.get(l)!;
    return [l, v.length ? v.reduce((a, b) => a + b, 0) / v.length : missing(`no realism rating for ${l}`)];
  }));
  const tests = Object.fromEntries(generators.map((g) => [g, mannWhitney(realism.get(g)!, realism.get('real')!)]));

  // Reading times per truth label.
  const times = (rows: ScoreRow[], key: 'totalMs' | 'firstAnswerMs', who: string) => {
    const byLabel = new Map(labels.map((l) => [l, [] as number[]]));
    for (const r of rows) if (r[key] !== null) byLabel.get(truthLabel(r.truth))!.push(r[key]!);
    return Object.fromEntries(labels.map((l) => [l, summarize(byLabel.get(l)!, `${who} has no timed ${l} reading`)]));
  };

  // MRMC.
  const imrmc = imrmcStudies(results, false);
  const modalityOf = (g: string) => String(imrmc.ids.modalities[g]);
  const attempt = <T,>(run: () => T): Maybe<T> => {
    try {
      return run();
    } catch (err) {
      return missing(err instanceof Error ? err.message : String(err));
    }
  };
  const single = Object.fromEntries(generators.map((g) => [g, attempt(() => ({ ...ustatSingle(imrmc.split, modalityOf(g)), modality: g }))]));
  const differences = generators.flatMap((a, i) =>
    generators.slice(i + 1).map((b) => ({ a, b, result: attempt(() => ({ ...ustatDifference(imrmc.split, modalityOf(a), modalityOf(b)), modalityA: a, modalityB: b })) })),
  );
  // A generator's modality in the split study is exactly its fully crossed data: the real cases and its own synthetic ones.
  const ordbm = Object.fromEntries(
    generators.map((generator) => {
      const grid = gridFromImrmc(imrmc.split, [modalityOf(generator)]);
      const reason = orDbmApplicable(grid);
      return [generator, reason ? missing(`generator ${generator}: ${reason}`) : { ...orDbm(grid), treatments: [generator] }];
    }),
  );
  // The .imrmc files use integer reader IDs; report the readers' names.
  const readerById = new Map(Object.entries(imrmc.ids.readers).map(([name, id]) => [String(id), name]));
  for (const r of Object.values(single)) if (!isMissing(r)) r.readers.forEach((x) => (x.reader = readerById.get(x.reader) ?? x.reader));
  for (const d of differences) if (!isMissing(d.result)) d.result.readers.forEach((x) => (x.reader = readerById.get(x.reader) ?? x.reader));
  for (const o of Object.values(ordbm)) if (!isMissing(o)) o.readers = o.readers.map((x) => readerById.get(x) ?? x);

  return {
    studyName: results.studyName,
    readers,
    generators,
    counts: { rows: results.rows.length, readings: primary.length, repeats: repeats.length, realCases: [...caseTruth.values()].filter((t) => t.kind === 'real').length, syntheticCases },
    warnings,
    rates: {
      pooled: ratesBlock(primary, generators, 'the pooled data'),
      byReader: readers.map((r) => ({ reader: r, ...ratesBlock(byReader.get(r)!, generators, `reader ${r}`) })),
    },
    roc: readers.map((r) => readerRoc(byReader.get(r)!, generators, r)),
    interReader: { fleiss: fleissKappa(perCase), cohen },
    intraReader: {
      pooled: agreementOf([...repeatPairs.values()].flat(), 'the study'),
      byReader: readers.map((r) => ({ reader: r, ...agreementOf(repeatPairs.get(r)!, `reader ${r}`) })),
    },
    realism: { distribution, mean, tests },
    readingTime: {
      totalMs: { pooled: times(primary, 'totalMs', 'the study'), byReader: Object.fromEntries(readers.map((r) => [r, times(byReader.get(r)!, 'totalMs', `reader ${r}`)])) },
      firstAnswerMs: { pooled: times(primary, 'firstAnswerMs', 'the study') },
    },
    mrmc: { ustat: { single, differences }, ordbm, skipped: imrmc.skipped, ids: imrmc.ids },
  };
}
