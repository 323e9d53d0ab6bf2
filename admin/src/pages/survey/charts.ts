import type { PeriodRow, ShareEstimate } from '@cchc/contract/surveys';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { ci, pct } from './format';

echarts.use([
  BarChart,
  LineChart,
  CustomChart,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** The echarts core with exactly the charts below registered (keeps the bundle small). */
export { echarts };

/** Bars with the Wilson interval as whiskers and the target as a dashed line: the dashboard's main chart. */
export function shareChart(rows: (ShareEstimate & { label: string })[], target: number) {
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const r = rows[params[0]?.dataIndex ?? 0];
        return r ? `${r.label}<br/>${pct(r.p)} (n = ${r.n})<br/>KTC 95%: ${ci(r)}` : '';
      },
    },
    grid: { left: 50, right: 20, top: 30, bottom: 60 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({
          value: r.p ?? 0,
          itemStyle: {
            color: r.status === 'met' ? '#2e7d32' : r.status === 'not_met' ? '#c62828' : '#f9a825',
          },
        })),
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#1565c0', width: 2 },
          label: { position: 'insideEndTop', formatter: `Chỉ tiêu ${Math.round(target * 100)}%` },
          data: [{ yAxis: target }],
        },
      },
      {
        type: 'custom',
        renderItem: (
          _params: unknown,
          api: { value: (i: number) => number; coord: (p: number[]) => number[] },
        ) => {
          const x = api.value(0);
          const lo = api.coord([x, api.value(1)]);
          const hi = api.coord([x, api.value(2)]);
          const w = 8;
          const style = { stroke: '#000', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
              { type: 'line', shape: { x1: lo[0]! - w, y1: lo[1], x2: lo[0]! + w, y2: lo[1] }, style },
              { type: 'line', shape: { x1: hi[0]! - w, y1: hi[1], x2: hi[0]! + w, y2: hi[1] }, style },
            ],
          };
        },
        data: rows.flatMap((r, i) => (r.interval ? [[i, r.interval.lower, r.interval.upper]] : [])),
        z: 10,
      },
    ],
  };
}

/** The share by quarter with its interval as a band, and the target as a dashed line. */
export function trendChart(rows: PeriodRow[], target: number) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        name: 'Cận dưới',
        type: 'line',
        data: rows.map((r) => r.interval?.lower ?? null),
        lineStyle: { opacity: 0 },
        stack: 'ci',
        symbol: 'none',
      },
      {
        name: 'KTC 95%',
        type: 'line',
        data: rows.map((r) => (r.interval ? r.interval.upper - r.interval.lower : null)),
        lineStyle: { opacity: 0 },
        areaStyle: { color: '#90caf9', opacity: 0.5 },
        stack: 'ci',
        symbol: 'none',
      },
      {
        name: 'Tỷ lệ hiểu',
        type: 'line',
        data: rows.map((r) => r.p),
        lineStyle: { color: '#0d47a1', width: 2 },
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#1565c0', width: 2 },
          label: { position: 'insideEndTop', formatter: `Chỉ tiêu ${Math.round(target * 100)}%` },
          data: [{ yAxis: target }],
        },
      },
    ],
  };
}
