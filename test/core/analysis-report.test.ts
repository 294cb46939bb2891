// The offline HTML report and its charts (ECharts server-side SVG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vanDykeTuringStudy } from './analysis-fixtures.ts';
import { analyzeStudy } from '../../electron/core/analysis/study.ts';
import { renderReport } from '../../electron/core/analysis/report.ts';
import { intervalChart, rocChart } from '../../electron/core/analysis/charts.ts';

const results = vanDykeTuringStudy();
results.studyName = 'Van Dyke <as> "Turing" & test';
const analysis = analyzeStudy(results);
const html = renderReport(results, analysis, { A: { FID: 12.5 }, B: { FID: 20.25, KID: 0.01 } });

test('the report is self-contained: no scripts, no remote or external resources', () => {
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script|https?:|<link|src=|url\((?!#)/i, 'only in-document references (clip paths)');
  const ids = html.match(/ id="[^"]+"/g) ?? [];
  assert.equal(new Set(ids).size, ids.length, 'element IDs are unique across the inline SVGs');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('the report holds the plots, the methods and the tables, with no NaN or undefined', () => {
  assert.ok((html.match(/<svg /g) ?? []).length >= 6, 'fool rate, accuracy, 3 ROC and realism plots');
  assert.match(html, /<h2>Methods<\/h2><p>5 reader\(s\) viewed 69 real and 45 synthetic/);
  assert.match(html, /Obuchowski–Rockette/);
  assert.match(html, /Generator leaderboard/);
  // Leaderboard sorted by fool rate (A fools more often than B in this data), with the quality metrics and a note for the missing one.
  assert.ok(html.indexOf('<td>A</td><td>23.5%') < html.indexOf('<td>B</td><td>5.5%'));
  assert.match(html, /<td>12.5<\/td><td><span class="na">NA<sup>\d+<\/sup><\/span><\/td>/);
  assert.match(html, /no KID given for generator A/);
  assert.doesNotMatch(html, /NaN|undefined|\[object/);
  assert.match(html, /Van Dyke &#60;as&#62; &#34;Turing&#34; &#38; test/, 'names are escaped');
});

test('charts render to standalone SVG in Node', () => {
  const roc = rocChart('ROC', [{ name: 'r1', points: [{ fpf: 0, tpf: 0 }, { fpf: 0.25, tpf: 0.75 }, { fpf: 1, tpf: 1 }] }]);
  assert.match(roc, /^<svg width="420" height="420"/);
  assert.match(roc, /<path d="M/);
  const ci = intervalChart('x', 'y', [{ label: 'a', estimate: 0.5, lower: 0.4, upper: 0.6 }], 0.5);
  assert.match(ci, />a</);
});
