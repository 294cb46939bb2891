import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from '../command.ts';
import { analyzeImrmc, type ImrmcAnalysis } from '../../core/analysis/imrmc-analysis.ts';
import { Formatter, table } from '../format.ts';
import { openCore, resolveStudy } from '../open-core.ts';
import { isMissing, type Maybe } from '../../core/analysis/missing.ts';
import { parseScoresCsv } from '../../core/analysis/csv-input.ts';
import { analyzeStudy } from '../../core/analysis/study.ts';
import { renderReport } from '../../core/analysis/report.ts';
import type { Proportion } from '../../core/analysis/proportions.ts';
import type { OrDbmResult } from '../../core/analysis/ordbm.ts';
import type { UstatTests } from '../../core/analysis/ustat.ts';

interface Options {
  imrmc?: string;
  csv?: string;
  report?: string;
  study?: string;
  data?: string;
  json: boolean;
}

const usage = `Usage: mirage analyze --imrmc FILE [--json]
       mirage analyze --study ID|UID [--data DIR]    (passphrase from $MIRAGE_PASSPHRASE)
       mirage analyze --csv SCORES.csv [--report OUT.html] [--json]

Analyses a reader study in iMRMC format (.imrmc):
  - OR-DBM (Obuchowski-Rockette, jackknife covariance, Hillis df, and the equivalent DBM):
    random readers & cases, fixed readers, fixed cases; over all modalities when the design is
    fully crossed, otherwise for each modality that is fully crossed on its own cases;
  - U-statistic MRMC (Gallas; as iMRMC) for each modality and each pair of modalities, for any design.

With --study, unseals a study of the app's database and writes its full analysis (report.html,
analysis.json, scores.csv, study.imrmc and one fully crossed .imrmc per generator) to a folder
under the data folder's exports/, as the organizer workspace does.

With --csv, analyses a scores table as Mirage exports it (reader, case, truth, generator, call,
confidence, rating6, realism, ...), for instance after merging or editing exports by hand.

Options:
  --imrmc FILE  the .imrmc file to analyse
  --csv FILE    a scores CSV to analyse (every Turing-test figure and the MRMC analyses)
  --report OUT  with --csv: also write the HTML report there
  --study ID    a study of the app's database (its id or uid; see \`mirage study list\`)
  --data DIR    the data folder (default: $MIRAGE_DATA_DIR, else the app's)
  --json        print every result as JSON instead of tables`;

function parse(args: string[]): Options {
  const options: Options = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--imrmc' || arg === '--study' || arg === '--data' || arg === '--csv' || arg === '--report') {
      const value = args[++i];
      if (!value || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      options[arg.slice(2) as 'imrmc' | 'study' | 'data' | 'csv' | 'report'] = value;
    } else throw new Error(`unknown option "${arg}"\n\n${usage}`);
  }
  return options;
}

function orDbmText(r: OrDbmResult, f: Formatter): string {
  const out: string[] = [];
  out.push(`${r.treatments.length} treatment(s), ${r.readers.length} reader(s), ${r.n0 + r.n1} cases (${r.n0} negative, ${r.n1} positive); trapezoidal AUC, jackknife covariance`);
  out.push('', 'Reader AUCs', table(['reader', ...r.treatments.map((t) => `T ${t}`)], r.readers.map((rd, j) => [rd, ...r.auc.map((a) => a[j].toFixed(8))])));
  out.push(table(['mean', ...r.treatments.map((t) => `T ${t}`)], [['', ...r.treatmentMeans.map((m) => m.toFixed(8))]]));
  const a = r.anova;
  out.push('', 'Treatment × reader ANOVA of AUCs', table(['source', 'SS', 'df', 'MS'], [
    ['T', f.num(a.ss.T, 8), String(a.df.T), f.num(a.ms.T, 8)],
    ['R', f.num(a.ss.R, 8), String(a.df.R), f.num(a.ms.R, 8)],
    ['T*R', f.num(a.ss.TR, 8), String(a.df.TR), f.num(a.ms.TR, 8)],
  ]));
  out.push('', 'OR variance components', table(['component', 'estimate', 'correlation'], [
    ['Var(R)', f.num(r.or.varR, 8), ''],
    ['Var(T*R)', f.num(r.or.varTR, 8), ''],
    ['Cov1', f.num(r.or.cov1, 8), f.num(r.correlations.r1, 8)],
    ['Cov2', f.num(r.or.cov2, 8), f.num(r.correlations.r2, 8)],
    ['Cov3', f.num(r.or.cov3, 8), f.num(r.correlations.r3, 8)],
    ['Var(Error)', r.or.varError.toFixed(8), ''],
  ]));
  if (!isMissing(r.dbm)) {
    const c = r.dbm.components;
    out.push('', 'DBM variance components', table(['component', 'estimate'], [
      ['Var(R)', c.varR.toFixed(8)], ['Var(C)', c.varC.toFixed(8)], ['Var(T*R)', c.varTR.toFixed(8)],
      ['Var(T*C)', c.varTC.toFixed(8)], ['Var(R*C)', c.varRC.toFixed(8)], ['Var(T*R*C)+Var(Error)', c.varTRCError.toFixed(8)],
    ]));
  }
  const diffs = (d: OrDbmResult['rrrc']['differences']) =>
    table(['comparison', 'difference', 'StdErr', 'df', 't/z', 'p', '95% CI'], d.map((x) => [`${x.a} - ${x.b}`, x.difference.toFixed(5), f.num(x.se, 5), f.num(x.df, 2), f.num(x.statistic, 2), f.p(x.p), f.ci(x.ci, 5)]));
  const single = (s: OrDbmResult['frrc']['single']) =>
    table(['treatment', 'AUC', 'StdErr', 'df', '95% CI', 'p (AUC = 0.5)'], s.map((x) => [x.treatment, x.auc.toFixed(8), f.num(x.se, 8), f.num(x.df, 2), f.ci(x.ci, 8), f.p(x.pVsHalf)]));
  const rrrc = r.rrrc.test;
  out.push('', 'Analysis 1 (RRRC): random readers and random cases');
  out.push(isMissing(rrrc) ? `  F test: NA (${rrrc.missing})` : `  F(${rrrc.df1}, ${rrrc.df2.toFixed(2)}) = ${rrrc.F.toFixed(2)}, p = ${f.p(rrrc.p)}; error term ${rrrc.errorTerm.toFixed(8)}`);
  if (r.rrrc.differences.length) out.push(diffs(r.rrrc.differences));
  out.push(isMissing(r.rrrc.single) ? `  single treatment: NA (${r.rrrc.single.missing})` : single(r.rrrc.single));
  const frrc = r.frrc.test;
  out.push('', 'Analysis 2 (FRRC): fixed readers and random cases');
  out.push(isMissing(frrc) ? `  chi-square test: NA (${frrc.missing})` : `  X2(${frrc.df}) = ${frrc.chi2.toFixed(5)}, p = ${f.p(frrc.p)}`);
  if (r.frrc.differences.length) out.push(diffs(r.frrc.differences));
  out.push(single(r.frrc.single));
  if (r.frrc.singleReader.length) {
    out.push('Single-reader differences', table(['reader', 'comparison', 'difference', 'StdErr', 'z', 'p', '95% CI'],
      r.frrc.singleReader.map((x) => [x.reader, `${x.a} - ${x.b}`, x.difference.toFixed(5), f.num(x.se, 5), f.num(x.statistic, 2), f.p(x.p), f.ci(x.ci, 5)])));
  }
  const rrfc = r.rrfc.test;
  out.push('', 'Analysis 3 (RRFC): random readers and fixed cases');
  out.push(isMissing(rrfc) ? `  F test: NA (${rrfc.missing})` : `  F(${rrfc.df1}, ${rrfc.df2}) = ${rrfc.F.toFixed(2)}, p = ${f.p(rrfc.p)}`);
  if (r.rrfc.differences.length) out.push(diffs(r.rrfc.differences));
  out.push(isMissing(r.rrfc.single) ? `  single treatment: NA (${r.rrfc.single.missing})` : single(r.rrfc.single));
  return out.join('\n');
}

function ustatRow(label: string, t: UstatTests, f: Formatter): string[] {
  const get = (k: 'bdg' | 'hillis') => (isMissing(t[k]) ? t[k] : t[k].df);
  const test = t.bdg;
  const h = t.hillis;
  return [
    label, t.estimate.toFixed(6), t.variance.toExponential(5),
    f.num(get('bdg'), 2), isMissing(test) ? f.num(test, 0) : f.p(test.p), isMissing(test) ? f.num(test, 0) : f.ci(test.ci, 5),
    f.num(get('hillis'), 2), isMissing(h) ? f.num(h, 0) : f.p(h.p), isMissing(h) ? f.num(h, 0) : f.ci(h.ci, 5),
  ];
}

function text(a: ImrmcAnalysis): string {
  const f = new Formatter();
  const d = a.design;
  const out: string[] = [];
  out.push(`${a.fileName}: ${d.readers} readers, ${d.modalities.length} modalities (${d.modalities.join(', ')}), ${d.N0} negative and ${d.N1} positive cases, ${d.scores} scores`);
  out.push(d.notFullyCrossed ? `Design: ${d.notFullyCrossed}` : 'Design: fully crossed');
  out.push('', '== OR-DBM ==');
  if (!isMissing(a.ordbm)) out.push(orDbmText(a.ordbm, f));
  else {
    out.push(`Across modalities: NA (${a.ordbm.missing})`);
    for (const m of a.ordbmByModality) {
      out.push('', `-- modality ${m.modality} alone --`);
      out.push(isMissing(m.result) ? `NA (${m.result.missing})` : orDbmText(m.result, f));
    }
  }
  out.push('', '== U-statistic MRMC (Gallas; as iMRMC) ==');
  const header = ['analysis', 'AUC / diff', 'variance', 'df BDG', 'p BDG', '95% CI BDG', 'df Hillis', 'p Hillis', '95% CI Hillis'];
  const rows: string[][] = [];
  const failures: string[] = [];
  for (const s of a.ustat.single) {
    if (isMissing(s.result)) failures.push(`modality ${s.modality}: ${s.result.missing}`);
    else rows.push(ustatRow(`${s.modality} vs 0.5`, s.result.tests, f));
  }
  for (const s of a.ustat.differences) {
    if (isMissing(s.result)) failures.push(`${s.modalityA} - ${s.modalityB}: ${s.result.missing}`);
    else rows.push(ustatRow(`${s.modalityA} - ${s.modalityB}`, s.result.tests, f));
  }
  out.push(table(header, rows));
  for (const x of failures) out.push(`NA: ${x}`);
  if (f.reasons.length) out.push('', 'NA means:', ...f.reasons.map((r) => `  - ${r}`));
  return out.join('\n');
}

/** The passphrase never goes on the command line (shell history, process list): it comes from the environment. */
async function analyzeStudyCommand(study: string, data: string | undefined, json: boolean): Promise<number> {
  const passphrase = process.env.MIRAGE_PASSPHRASE;
  if (!passphrase) throw new Error('set MIRAGE_PASSPHRASE to the study\'s organizer passphrase');
  const core = openCore(data);
  try {
    const summary = await core.call('analyzeStudy', { studyId: resolveStudy(core, study), passphrase });
    if (json) console.log(JSON.stringify(summary, null, 2));
    else {
      console.log(`${summary.scores} scores analysed; files in ${summary.dir}`);
      for (const g of summary.generators) {
        const fool = g.foolRate ? `${(g.foolRate.estimate * 100).toFixed(1)} % [${(g.foolRate.lower * 100).toFixed(1)}, ${(g.foolRate.upper * 100).toFixed(1)}]` : 'NA';
        const quality = 'missing' in g.quality ? `quality NA (${g.quality.missing})` : `HU W1 ${g.quality.huWasserstein.toFixed(1)}, SSIM spread ratio ${g.quality.spreadRatio.toFixed(2)}, near-copies ${g.quality.copiesFlagged}, radiomic FD ${g.quality.radiomicFrechet.toFixed(2)}`;
        console.log(`  ${g.name}: fool rate ${fool}; ${quality}`);
        for (const flag of 'missing' in g.quality ? [] : g.quality.flags) console.log(`    ! ${flag}`);
      }
      for (const w of summary.warnings) console.log(`warning: ${w}`);
    }
    return 0;
  } finally {
    core.close();
  }
}

async function analyzeCsvCommand(file: string, report: string | undefined, json: boolean): Promise<number> {
  const results = parseScoresCsv(await readFile(file, 'utf8'), basename(file));
  const analysis = analyzeStudy(results);
  if (report) await writeFile(report, renderReport(results, analysis), { flag: 'wx' });
  if (json) {
    console.log(JSON.stringify(analysis, null, 2));
    return 0;
  }
  const f = new Formatter();
  const rate = (p: Maybe<Proportion>) => (isMissing(p) ? f.num(p, 0) : `${(p.estimate * 100).toFixed(1)} % [${(p.lower * 100).toFixed(1)}, ${(p.upper * 100).toFixed(1)}]`);
  const pooled = analysis.rates.pooled;
  console.log(`${file}: ${results.readers.length} readers, ${analysis.counts.realCases} real cases, generators ${results.generators.join(', ') || 'none'}`);
  console.log(table(['group', 'accuracy', 'sensitivity', 'specificity', 'fool rate'], [
    ['all', rate(pooled.overall.accuracy), rate(pooled.overall.sensitivity), rate(pooled.overall.specificity), rate(pooled.overall.foolRate)],
    ...results.generators.map((g) => [g, rate(pooled.byGenerator[g].accuracy), rate(pooled.byGenerator[g].sensitivity), rate(pooled.byGenerator[g].specificity), rate(pooled.byGenerator[g].foolRate)]),
  ]));
  for (const w of analysis.warnings) console.log(`warning: ${w}`);
  if (f.reasons.length) console.log('NA means:', ...f.reasons.map((r) => `\n  - ${r}`));
  if (report) console.log(`report written to ${report}`);
  return 0;
}

export const analyze: Command = {
  name: 'analyze',
  summary: 'MRMC analysis (OR-DBM and U-statistics) of an .imrmc reader study',
  usage,
  async run(args) {
    const options = parse(args);
    if (options.study) return analyzeStudyCommand(options.study, options.data, options.json);
    if (options.csv) return analyzeCsvCommand(options.csv, options.report, options.json);
    if (!options.imrmc) throw new Error(`nothing to analyse: give --imrmc FILE, --csv FILE or --study ID\n\n${usage}`);
    const analysis = analyzeImrmc(await readFile(options.imrmc, 'utf8'), basename(options.imrmc));
    console.log(options.json ? JSON.stringify(analysis, null, 2) : text(analysis));
    return 0;
  },
};
