/**
 * Charts as inline SVG strings, drawn by Apache ECharts' server-side renderer (no DOM, no
 * network; bundled into dist/report). The renderer is registered on first use, not at load.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

let ready = false;
const PALETTE = ['#2f6fb0', '#d9822b', '#3a9d5d', '#c23b3b', '#7a5bb5', '#8a8a8a', '#d4b106'];

/** A bar (or line) chart of `series` over `categories`, stacked when asked. @internal */
export function _barChart(o: {
  categories: string[];
  series: { name: string; data: number[]; type?: 'bar' | 'line' }[];
  stack?: boolean;
  horizontal?: boolean;
  width?: number;
  height?: number;
}): string {
  if (!ready) {
    echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);
    ready = true;
  }
  const width = o.width ?? 720;
  const height = o.height ?? Math.max(260, o.horizontal ? 60 + o.categories.length * 26 : 260);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const cat = { type: 'category' as const, data: o.categories, axisLabel: { interval: 0, fontSize: 11 } };
  const val = { type: 'value' as const, minInterval: 1 };
  chart.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' },
    legend: { top: 0, show: o.series.length > 1 },
    grid: { left: o.horizontal ? 150 : 50, right: 20, top: o.series.length > 1 ? 36 : 16, bottom: 40 },
    xAxis: o.horizontal ? val : cat,
    yAxis: o.horizontal ? { ...cat, inverse: true } : val,
    series: o.series.map((s) => ({ name: s.name, type: s.type ?? 'bar', data: s.data, ...(o.stack ? { stack: 'all' } : {}), label: { show: !o.stack && o.categories.length <= 16, position: o.horizontal ? 'right' : 'top', fontSize: 10 } })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
