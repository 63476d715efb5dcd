// The ECharts options of the backtest charts: equity against its benchmark (optionally on a log scale), the drawdown
// below the running peak as an area, and two runs' equity on one chart. Unknown benchmark values are gaps, not zeros.
import type { BacktestDetailView } from '@optionstrader/contracts';
import type { EChartOption } from '../../components/echart';
import { formatFixed, formatPercent } from '../calculator/format-number';
import { formatDollars } from './backtest-format';

export interface BacktestChartColors {
  text: string;
  dimmed: string;
  grid: string;
  axis: string;
  primary: string;
  secondary: string;
  loss: string;
}

type Point = BacktestDetailView['equity'][number];
type Pair = [string, number | null];

/** "$1.25M", "$850k", "$12": axis ticks, short enough for a phone. */
export function compactDollars(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  const trim = (text: string) => text.replace(/\.0+$|(\.\d*?)0+$/, '$1');
  if (abs >= 1e9) return `${sign}$${trim(formatFixed(abs / 1e9, 2))}B`;
  if (abs >= 1e6) return `${sign}$${trim(formatFixed(abs / 1e6, 2))}M`;
  if (abs >= 1e3) return `${sign}$${trim(formatFixed(abs / 1e3, 1))}k`;
  return `${sign}$${formatFixed(abs, 0)}`;
}

function base(colors: BacktestChartColors, font: string | undefined, legend: boolean) {
  const axisCommon = {
    axisLine: { lineStyle: { color: colors.axis } },
    axisTick: { lineStyle: { color: colors.axis } },
    splitLine: { lineStyle: { color: colors.grid } },
  };
  return {
    option: {
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { color: colors.text, fontFamily: font },
      grid: {
        left: 8,
        right: 16,
        top: legend ? 36 : 12,
        bottom: 8,
        outerBoundsMode: 'same' as const,
        outerBoundsContain: 'axisLabel' as const,
      },
      ...(legend ? { legend: { top: 0, left: 0, textStyle: { color: colors.text }, itemWidth: 18 } } : {}),
    },
    xAxis: { type: 'time' as const, ...axisCommon, axisLabel: { color: colors.dimmed, hideOverlap: true } },
    axisCommon,
  };
}

const lineSeries = (name: string, data: Pair[], color: string) => ({
  name,
  type: 'line' as const,
  data,
  showSymbol: false,
  sampling: 'lttb' as const,
  lineStyle: { width: 1.5, color },
  itemStyle: { color },
  // A gap where the value is unknown.
  connectNulls: false,
});

/** Equity and, when the run has one, its benchmark (bought and held with the same starting equity). */
export function equityChartOption(
  points: readonly Point[],
  benchmarkSymbol: string | null,
  options: { log: boolean; colors: BacktestChartColors; font?: string | undefined },
): EChartOption {
  const { colors, log } = options;
  const hasBenchmark = benchmarkSymbol !== null && points.some((p) => p.benchmark !== null);
  const { option, xAxis, axisCommon } = base(colors, options.font, hasBenchmark);
  // A log axis cannot show values ≤ 0 (an account wiped out): those become gaps.
  const positive = (value: number | null) => (value === null || (log && value <= 0) ? null : value);
  return {
    ...option,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => formatDollars(typeof value === 'number' ? value : null),
    },
    xAxis,
    yAxis: {
      type: log ? 'log' : 'value',
      scale: true,
      ...axisCommon,
      axisLabel: { color: colors.dimmed, formatter: (value: number) => compactDollars(value), hideOverlap: true },
    },
    series: [
      lineSeries(
        'Strategy',
        points.map((p): Pair => [p.date, positive(p.equity)]),
        colors.primary,
      ),
      ...(hasBenchmark
        ? [
            lineSeries(
              `${benchmarkSymbol} (buy and hold)`,
              points.map((p): Pair => [p.date, positive(p.benchmark)]),
              colors.secondary,
            ),
          ]
        : []),
    ],
  };
}

/** The drawdown as a negative percentage below zero, filled. */
export function drawdownChartOption(
  points: readonly Point[],
  options: { colors: BacktestChartColors; font?: string | undefined },
): EChartOption {
  const { colors } = options;
  const { option, xAxis, axisCommon } = base(colors, options.font, false);
  return {
    ...option,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? formatPercent(value / 100, 2) : '—'),
    },
    xAxis,
    yAxis: {
      type: 'value',
      max: 0,
      ...axisCommon,
      axisLabel: { color: colors.dimmed, formatter: (value: number) => `${formatFixed(value, 0)}%`, hideOverlap: true },
    },
    series: [
      {
        ...lineSeries(
          'Drawdown',
          points.map((p): Pair => [p.date, p.drawdown === 0 ? 0 : -p.drawdown * 100]),
          colors.loss,
        ),
        areaStyle: { color: colors.loss, opacity: 0.25 },
      },
    ],
  };
}

export interface CompareRun {
  name: string;
  equity: readonly Point[];
}

/**
 * Two runs' equity curves. In dollars when both started with the same equity; otherwise each as growth of 100 (the
 * same money would hide which did better).
 */
export function compareChartOption(
  a: CompareRun,
  b: CompareRun,
  options: { colors: BacktestChartColors; font?: string | undefined },
): { option: EChartOption; normalized: boolean } {
  const { colors } = options;
  const startA = a.equity[0]?.equity ?? null;
  const startB = b.equity[0]?.equity ?? null;
  const normalized = startA !== startB;
  const scaled = (points: readonly Point[], start: number | null) =>
    points.map((p): Pair => [p.date, !normalized ? p.equity : start && start > 0 ? (p.equity / start) * 100 : null]);
  const { option, xAxis, axisCommon } = base(colors, options.font, true);
  const format = normalized ? (value: number) => formatFixed(value, 1) : (value: number) => compactDollars(value);
  return {
    normalized,
    option: {
      ...option,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) =>
          typeof value !== 'number' ? '—' : normalized ? formatFixed(value, 2) : formatDollars(value),
      },
      xAxis,
      yAxis: {
        type: 'value',
        scale: true,
        ...axisCommon,
        axisLabel: { color: colors.dimmed, formatter: format, hideOverlap: true },
      },
      // Two runs may share a name: the legend tells them apart by A and B.
      series: [
        lineSeries(`A: ${a.name}`, scaled(a.equity, startA), colors.primary),
        lineSeries(`B: ${b.name}`, scaled(b.equity, startB), colors.secondary),
      ],
    },
  };
}
