// One self-contained HTML report (inline CSS and SVG, no scripts, no remote resources): plots, a methods
// paragraph, and the tables a paper or a challenge leaderboard needs. Every missing value says why.
import { intervalChart, likertChart, rocChart, type IntervalPoint } from './charts.ts';
import { isMissing, type Maybe } from './missing.ts';
import type { OrDbmResult } from './ordbm.ts';
import type { Proportion } from './proportions.ts';
import type { StudyResults } from './results.ts';
import type { Rates, StudyAnalysis } from './study.ts';
import type { UstatTests } from './ustat.ts';

/** Optional dataset-quality metrics per generator (e.g. FID, KID), shown in the leaderboard. */
export type QualityMetrics = Record<string, Record<string, number>>;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

class Notes {
  private readonly reasons: string[] = [];
  /** A table cell: the value, or "NA" with a footnote number pointing at the reason. */
  na(m: { missing: string }): string {
    let k = this.reasons.indexOf(m.missing);
    if (k < 0) k = this.reasons.push(m.missing) - 1;
    return `<span class="na">NA<sup>${k + 1}</sup></span>`;
  }
  num(x: Maybe<number> | undefined, decimals: number): string {
    if (x === undefined) return '';
    return isMissing(x) ? this.na(x) : x.toFixed(decimals);
  }
  p(x: Maybe<number>): string {
    return typeof x === 'number' && x < 0.0001 ? '&lt;0.0001' : this.num(x, 4);
  }
  prop(x: Maybe<Proportion>): string {
    return isMissing(x) ? this.na(x) : `${(100 * x.estimate).toFixed(1)}% <span class="ci">(${(100 * x.lower).toFixed(1)}–${(100 * x.upper).toFixed(1)}; ${x.k}/${x.n})</span>`;
  }
  ci(x: Maybe<{ lower: number; upper: number }>, decimals: number): string {
    return isMissing(x) ? this.na(x) : `${x.lower.toFixed(decimals)}–${x.upper.toFixed(decimals)}`;
  }
  html(): string {
    if (!this.reasons.length) return '';
    return `<section><h2>Notes on missing values</h2><ol class="notes">${this.reasons.map((r) => `<li>${escape(r)}</li>`).join('')}</ol></section>`;
  }
}

function table(head: string[], rows: string[][], caption?: string): string {
  return `<table>${caption ? `<caption>${caption}</caption>` : ''}<thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const interval = (label: string, p: Maybe<Proportion>): IntervalPoint[] => (isMissing(p) ? [] : [{ label, estimate: p.estimate, lower: p.lower, upper: p.upper }]);

function ratesRow(label: string, r: Rates, n: Notes): string[] {
  return [escape(label), String(r.readings), String(r.unanswered), n.prop(r.accuracy), n.p(r.accuracyVsChanceP), n.prop(r.sensitivity), n.prop(r.specificity), n.prop(r.foolRate)];
}
const RATES_HEAD = ['', 'readings', 'unanswered', 'accuracy (95% CI)', 'p (vs 50%)', 'sensitivity', 'specificity', 'fool rate'];

function ustatCells(t: UstatTests, n: Notes): string[] {
  const bdg = t.bdg;
  const h = t.hillis;
  return [
    t.estimate.toFixed(4),
    n.num(t.se, 4),
    isMissing(bdg) ? n.na(bdg) : bdg.df.toFixed(2),
    isMissing(bdg) ? n.na(bdg) : n.ci(bdg.ci, 4),
    isMissing(bdg) ? n.na(bdg) : n.p(bdg.p),
    isMissing(h) ? n.na(h) : h.df.toFixed(2),
    isMissing(h) ? n.na(h) : n.ci(h.ci, 4),
    isMissing(h) ? n.na(h) : n.p(h.p),
  ];
}

function ordbmRows(g: string, r: OrDbmResult, n: Notes): string[][] {
  const rows: string[][] = [];
  const add = (label: string, s: Maybe<OrDbmResult['frrc']['single']>) => {
    if (isMissing(s)) return rows.push([escape(g), label, n.na(s), '', '', '', '']);
    const x = s[0];
    rows.push([escape(g), label, x.auc.toFixed(4), n.num(x.se, 4), n.num(x.df, 2), n.ci(x.ci, 4), n.p(x.pVsHalf)]);
  };
  add('random readers, random cases', r.rrrc.single);
  add('fixed readers, random cases', r.frrc.single);
  add('random readers, fixed cases', r.rrfc.single);
  return rows;
}

function methods(a: StudyAnalysis): string {
  const realCases = a.counts.realCases;
  const synth = Object.entries(a.counts.syntheticCases).map(([g, k]) => `${k} from ${escape(g)}`).join(', ');
  return `<p>${a.readers.length} reader(s) viewed ${realCases} real and ${Object.values(a.counts.syntheticCases).reduce((x, y) => x + y, 0)} synthetic image(s) (${synth}), blinded to their origin, and called each real or synthetic with a confidence (combined into a 6-point score, 1 = definitely real … 6 = definitely synthetic) and rated its realism (1–5). Repeated showings (${a.counts.repeats}) measure intra-reader agreement only.
  Accuracy, sensitivity (synthetic called synthetic), specificity (real called real) and fool rate (synthetic called real) are given with Wilson score 95% intervals, per reader and pooled, overall and per generator (real cases plus that generator's synthetic cases); accuracy is tested against chance (50%) with an exact two-sided binomial test. Pooled proportions treat readings as independent and are descriptive.
  Inter-reader agreement on the calls is Fleiss' κ (over the cases answered by at least two readers) and Cohen's κ for each pair of readers; intra-reader agreement compares each repeat with the reader's first call (percent agreement with Wilson interval, Cohen's κ).
  Realism ratings of each generator are compared with those of real images by the Mann–Whitney U test (normal approximation with tie and continuity corrections) with the rank-biserial correlation as effect size (positive = rated more realistic than real images).
  Per-reader ROC curves use the 6-point score with synthetic as the positive class; the area is the trapezoidal (Wilcoxon) AUC with DeLong's variance and 95% Wald interval.
  Multi-reader multi-case analysis: for each generator, the real cases and that generator's synthetic cases form a fully crossed study, analysed by the Obuchowski–Rockette method with jackknife error covariances and Hillis's denominator degrees of freedom (equivalently DBM), for random readers and cases, fixed readers, and fixed cases; the single-generator interval shows whether readers distinguish the generator's images from real ones (AUC = 0.5 means they cannot). Generators are compared on the split design (real cases shared by all generators, synthetic cases nested in their generator) with the U-statistic MRMC variance of Gallas (2006) and Gallas, Bandos et al. (2009) as implemented in iMRMC, with BDG and, where fully crossed, Hillis degrees of freedom. Lower AUC and a higher fool rate mean more realistic synthetic images.</p>`;
}

export function renderReport(results: StudyResults, a: StudyAnalysis, quality?: QualityMetrics): string {
  const n = new Notes();
  const gens = a.generators;
  const pooled = a.rates.pooled;
  const parts: string[] = [];

  parts.push(`<h1>${escape(a.studyName)}: visual Turing test report</h1>`);
  parts.push(`<p class="meta">${a.readers.length} readers · ${gens.length} generator(s) · ${a.counts.readings} readings (${results.rows.length} score rows, ${a.counts.repeats} repeats)</p>`);
  if (a.warnings.length) parts.push(`<section class="warn"><h2>Data warnings</h2><ul>${a.warnings.map((w) => `<li>${escape(w)}</li>`).join('')}</ul></section>`);
  parts.push(`<section><h2>Methods</h2>${methods(a)}</section>`);

  // Leaderboard
  const qualityKeys = quality ? [...new Set(Object.values(quality).flatMap((m) => Object.keys(m)))] : [];
  const leaderboard = gens
    .map((g) => {
      const r = pooled.byGenerator[g];
      const o = a.mrmc.ordbm[g];
      const single = isMissing(o) ? o : o.rrrc.single;
      const s = isMissing(single) ? single : single[0];
      const realismTest = a.realism.tests[g];
      return {
        g,
        fool: isMissing(r.foolRate) ? -1 : r.foolRate.estimate,
        cells: [
          escape(g),
          n.prop(r.foolRate),
          isMissing(s) ? n.na(s) : s.auc.toFixed(4),
          isMissing(s) ? n.na(s) : n.ci(s.ci, 4),
          isMissing(s) ? n.na(s) : n.p(s.pVsHalf),
          n.num(a.realism.mean[g], 2),
          isMissing(realismTest) ? n.na(realismTest) : `${realismTest.rankBiserial.toFixed(3)} (p ${n.p(realismTest.p)})`,
          ...qualityKeys.map((k) => (quality?.[g]?.[k] === undefined ? n.na({ missing: `no ${k} given for generator ${g}` }) : String(Number(quality[g][k].toPrecision(4))))),
        ],
      };
    })
    .sort((x, y) => y.fool - x.fool);
  parts.push(`<section><h2>Generator leaderboard</h2>${table(
    ['generator', 'fool rate (95% CI)', 'reader-averaged AUC', '95% CI (OR-DBM RRRC)', 'p (AUC = 0.5)', 'mean realism', 'realism vs real: rank-biserial', ...qualityKeys.map(escape)],
    leaderboard.map((l) => l.cells),
    'Sorted by fool rate. AUC: readers telling real from synthetic on the 6-point score; 0.5 = indistinguishable.',
  )}<div class="plots">${intervalChart('Fool rate per generator', 'fool rate', gens.flatMap((g) => interval(g, pooled.byGenerator[g].foolRate)), 0.5)}</div></section>`);

  // Accuracy
  parts.push(`<section><h2>Accuracy</h2>${table(RATES_HEAD, [ratesRow('all generators', pooled.overall, n), ...gens.map((g) => ratesRow(`generator ${g}`, pooled.byGenerator[g], n))], 'Pooled over readers')}
  ${table(RATES_HEAD, a.rates.byReader.map((r) => ratesRow(r.reader, r.overall, n)), 'Per reader, all generators')}
  ${gens.length > 1 ? table(['reader', ...gens.map(escape)], a.rates.byReader.map((r) => [escape(r.reader), ...gens.map((g) => n.prop(r.byGenerator[g].accuracy))]), 'Accuracy per reader and generator') : ''}
  <div class="plots">${intervalChart('Accuracy per reader', 'accuracy', a.rates.byReader.flatMap((r) => interval(r.reader, r.overall.accuracy)), 0.5)}</div></section>`);

  // ROC
  const rocPlots = ['all', ...gens].map((g) => {
    const curves = a.roc.filter((r) => r.curves[g]).map((r) => ({ name: r.reader, points: r.curves[g] }));
    return curves.length ? rocChart(g === 'all' ? 'ROC: real vs all synthetic' : `ROC: real vs ${g}`, curves) : '';
  });
  parts.push(`<section><h2>ROC per reader</h2>${table(
    ['reader', 'all synthetic', ...gens.map(escape)],
    a.roc.map((r) => [escape(r.reader), ...[r.overall, ...gens.map((g) => r.byGenerator[g])].map((x) => (isMissing(x) ? n.na(x) : `${x.auc.toFixed(3)} <span class="ci">(${x.lower.toFixed(3)}–${x.upper.toFixed(3)})</span>`))]),
    'Trapezoidal AUC with DeLong 95% interval',
  )}<div class="plots">${rocPlots.join('')}</div></section>`);

  // MRMC
  const ordbmTable = gens.flatMap((g) => {
    const o = a.mrmc.ordbm[g];
    return isMissing(o) ? [[escape(g), '', n.na(o), '', '', '', '']] : ordbmRows(g, o, n);
  });
  const ustatHead = ['estimate', 'SE', 'df BDG', '95% CI (BDG)', 'p (BDG)', 'df Hillis', '95% CI (Hillis)', 'p (Hillis)'];
  parts.push(`<section><h2>Multi-reader multi-case analysis</h2>
  ${table(['generator', 'analysis', 'AUC', 'SE', 'df', '95% CI', 'p (AUC = 0.5)'], ordbmTable, 'Per generator, OR-DBM (real cases + the generator’s synthetic cases, fully crossed)')}
  ${table(['generator', ...ustatHead], gens.map((g) => {
    const s = a.mrmc.ustat.single[g];
    return [escape(g), ...(isMissing(s) ? [n.na(s), '', '', '', '', '', '', ''] : ustatCells(s.tests, n))];
  }), 'Reader-averaged AUC per generator, U-statistic MRMC on the split design (H0: AUC = 0.5)')}
  ${a.mrmc.ustat.differences.length ? table(['comparison', ...ustatHead], a.mrmc.ustat.differences.map((d) => [`${escape(d.a)} − ${escape(d.b)}`, ...(isMissing(d.result) ? [n.na(d.result), '', '', '', '', '', '', ''] : ustatCells(d.result.tests, n))]), 'Differences in reader-averaged AUC between generators (U-statistic MRMC, split design)') : ''}
  ${a.mrmc.skipped.length ? `<p>${a.mrmc.skipped.length} reading(s) without a score were left out of the MRMC analysis.</p>` : ''}</section>`);

  // Agreement
  const f = a.interReader.fleiss;
  parts.push(`<section><h2>Agreement</h2>
  <p>Fleiss' κ across readers: ${isMissing(f) ? n.na(f) : `${f.kappa.toFixed(3)} (${f.n} cases, up to ${f.raters} readers each)`}.</p>
  ${table(['reader pair', "Cohen's κ", 'agreement', 'cases'], a.interReader.cohen.map((c) => [`${escape(c.a)} – ${escape(c.b)}`, isMissing(c.kappa) ? n.na(c.kappa) : c.kappa.kappa.toFixed(3), isMissing(c.kappa) ? '' : `${(100 * c.kappa.agreement).toFixed(1)}%`, isMissing(c.kappa) ? '' : String(c.kappa.n)]), 'Inter-reader agreement on the real/synthetic call')}
  ${table(['reader', 'repeat pairs', 'same call (95% CI)', "Cohen's κ"], [...a.intraReader.byReader, { reader: 'all readers', ...a.intraReader.pooled }].map((r) => [escape(r.reader), String(r.pairs), n.prop(r.agreement), isMissing(r.kappa) ? n.na(r.kappa) : r.kappa.kappa.toFixed(3)]), 'Intra-reader agreement on repeated cases')}</section>`);

  // Realism
  const labels = ['real', ...gens];
  parts.push(`<section><h2>Realism ratings</h2>
  ${table(['', 'n', '1', '2', '3', '4', '5', 'mean', 'Mann–Whitney U vs real', 'p', 'rank-biserial'], labels.map((l) => {
    const d = a.realism.distribution[l];
    const t = l === 'real' ? undefined : a.realism.tests[l];
    return [escape(l), String(d.reduce((x, y) => x + y, 0)), ...d.map(String), n.num(a.realism.mean[l], 2),
      t === undefined ? '' : isMissing(t) ? n.na(t) : t.U.toFixed(1), t === undefined || isMissing(t) ? '' : n.p(t.p), t === undefined || isMissing(t) ? '' : t.rankBiserial.toFixed(3)];
  }))}
  <div class="plots">${likertChart('Realism ratings: real vs each generator', a.realism.distribution)}</div></section>`);

  // Reading time
  const time = (s: StudyAnalysis['readingTime']['totalMs']['pooled'][string]) => (isMissing(s) ? [n.na(s), '', '', ''] : [String(s.n), (s.median / 1000).toFixed(2), `${(s.q1 / 1000).toFixed(2)}–${(s.q3 / 1000).toFixed(2)}`, (s.mean / 1000).toFixed(2)]);
  parts.push(`<section><h2>Reading time per case</h2>
  ${table(['', 'n', 'median (s)', 'IQR (s)', 'mean (s)', 'first answer: median (s)'], labels.map((l) => {
    const fa = a.readingTime.firstAnswerMs.pooled[l];
    return [escape(l), ...time(a.readingTime.totalMs.pooled[l]), isMissing(fa) ? n.na(fa) : (fa.median / 1000).toFixed(2)];
  }), 'Total time on the case, pooled over readers')}
  ${table(['reader', ...labels.map((l) => `${escape(l)}: median (s)`)], a.readers.map((r) => [escape(r), ...labels.map((l) => {
    const s = a.readingTime.totalMs.byReader[r][l];
    return isMissing(s) ? n.na(s) : (s.median / 1000).toFixed(2);
  })]), 'Per reader')}</section>`);

  parts.push(n.html());
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escape(a.studyName)}: visual Turing test report</title>
<style>
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:1em 0;font-size:.88em}caption{text-align:left;font-weight:600;margin-bottom:.3em}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
.ci{color:#666;font-size:.9em}.na{color:#a33}.meta{color:#555}.warn{background:#fff6e0;padding:.2em 1em;border:1px solid #e8c36a}
.plots{display:flex;flex-wrap:wrap;gap:1em}.plots svg{max-width:100%;height:auto}.notes{font-size:.88em;color:#444}
@media print{.plots{break-inside:avoid}section{break-inside:avoid-page}}
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}
