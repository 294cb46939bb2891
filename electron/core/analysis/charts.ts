// Charts rendered to SVG strings with Apache ECharts' server-side renderer (no DOM, no canvas), so the
// report embeds them inline and works offline.
import * as echarts from 'echarts';
import type { RocPoint } from './roc.ts';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // Inline SVG in HTML needs no XML namespace declarations; dropping them keeps the report free of URLs.
  return svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
}

/** Empirical ROC curves (one per reader) with the chance diagonal. */
export function rocChart(title: string, curves: { name: string; points: RocPoint[] }[], width = 420, height = 420): string {
  return render(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0, type: 'plain', textStyle: { fontSize: 10 } },
      grid: { left: 55, right: 20, top: 40, bottom: 62 + 16 * Math.ceil(curves.length / 5) },
      xAxis: { type: 'value', min: 0, max: 1, name: 'false-positive fraction (real called synthetic)', nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'value', min: 0, max: 1, name: 'true-positive fraction', nameLocation: 'middle', nameGap: 35 },
      series: [
        ...curves.map((c) => ({ type: 'line' as const, name: c.name, data: c.points.map((p) => [p.fpf, p.tpf]), showSymbol: false, lineStyle: { width: 1.5 } })),
        { type: 'line' as const, name: 'chance', data: [[0, 0], [1, 1]], showSymbol: false, lineStyle: { type: 'dashed' as const, color: '#999', width: 1 }, itemStyle: { color: '#999' } },
      ],
    },
    width,
    height,
  );
}

/** Share of each realism rating (1–5) per group. */
export function likertChart(title: string, distribution: Record<string, number[]>, width = 560, height = 320): string {
  const groups = Object.keys(distribution);
  return render(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 55, right: 20, top: 40, bottom: 70 },
      xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], name: 'realism (1 = clearly artificial, 5 = fully realistic)', nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'value', min: 0, max: 1, name: 'share of ratings', nameLocation: 'middle', nameGap: 40 },
      series: groups.map((g) => {
        const n = distribution[g].reduce((a, b) => a + b, 0);
        return { type: 'bar' as const, name: g, data: distribution[g].map((k) => (n ? k / n : 0)) };
      }),
    },
    width,
    height,
  );
}

export interface IntervalPoint {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
}

/** Point estimates with 95 % interval bars, on a 0–1 scale, with an optional reference line (e.g. chance). */
export function intervalChart(title: string, yName: string, points: IntervalPoint[], reference?: number, width = 560, height = 320): string {
  return render(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 55, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { interval: 0, rotate: points.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 1, name: yName, nameLocation: 'middle', nameGap: 40 },
      series: [
        {
          type: 'custom',
          name: '95% CI',
          data: points.map((p, i) => [i, p.lower, p.upper]),
          renderItem: (_params, api) => {
            const lo = api.coord([api.value(0), api.value(1)]);
            const hi = api.coord([api.value(0), api.value(2)]);
            const style = { stroke: '#333', lineWidth: 1.2 };
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
                { type: 'line', shape: { x1: lo[0] - 6, y1: lo[1], x2: lo[0] + 6, y2: lo[1] }, style },
                { type: 'line', shape: { x1: hi[0] - 6, y1: hi[1], x2: hi[0] + 6, y2: hi[1] }, style },
              ],
            };
          },
        },
        {
          type: 'scatter',
          name: 'estimate',
          data: points.map((p) => p.estimate),
          symbolSize: 9,
          ...(reference === undefined ? {} : { markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed' as const, color: '#999' }, data: [{ yAxis: reference }], label: { formatter: String(reference) } } }),
        },
      ],
    },
    width,
    height,
  );
}
