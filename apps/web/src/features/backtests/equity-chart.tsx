// The backtest charts (loaded lazily with the chart library, see backtest-charts.tsx): equity vs benchmark, drawdown,
// and two runs compared.
import { useComputedColorScheme, useMantineTheme, type MantineTheme } from '@mantine/core';
import type { BacktestDetailView } from '@optionstrader/contracts';
import { useMemo } from 'react';
import { EChart } from '../../components/echart';
import {
  compareChartOption,
  drawdownChartOption,
  equityChartOption,
  type BacktestChartColors,
  type CompareRun,
} from './backtest-chart-option';

function chartColors(theme: MantineTheme, scheme: 'light' | 'dark'): BacktestChartColors {
  const { colors } = theme;
  return scheme === 'dark'
    ? {
        text: colors.dark[0],
        dimmed: colors.dark[2],
        grid: colors.dark[5],
        axis: colors.dark[3],
        primary: colors.cyan[5],
        secondary: colors.orange[5],
        loss: colors.red[6],
      }
    : {
        text: theme.black,
        dimmed: colors.gray[6],
        grid: colors.gray[2],
        axis: colors.gray[5],
        primary: colors.cyan[8],
        secondary: colors.orange[7],
        loss: colors.red[7],
      };
}

function useChartColors(): { colors: BacktestChartColors; font: string | undefined } {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  return useMemo(() => ({ colors: chartColors(theme, scheme), font: theme.fontFamily }), [theme, scheme]);
}

type Points = BacktestDetailView['equity'];

export function EquityChart({ points, benchmark, log }: { points: Points; benchmark: string | null; log: boolean }) {
  const { colors, font } = useChartColors();
  const option = useMemo(
    () => equityChartOption(points, benchmark, { log, colors, font }),
    [points, benchmark, log, colors, font],
  );
  return (
    <EChart
      option={option}
      height={300}
      label={`Equity curve${benchmark ? ` against ${benchmark}` : ''}${log ? ', log scale' : ''}`}
      data-testid="equity-chart"
    />
  );
}

export function DrawdownChart({ points }: { points: Points }) {
  const { colors, font } = useChartColors();
  const option = useMemo(() => drawdownChartOption(points, { colors, font }), [points, colors, font]);
  return <EChart option={option} height={160} label="Drawdown below the running peak" data-testid="drawdown-chart" />;
}

export function CompareChart({ a, b }: { a: CompareRun; b: CompareRun }) {
  const { colors, font } = useChartColors();
  const { option, normalized } = useMemo(() => compareChartOption(a, b, { colors, font }), [a, b, colors, font]);
  return (
    <EChart
      option={option}
      height={300}
      label={`Equity of ${a.name} and ${b.name}${normalized ? ', each as growth of 100' : ''}`}
      data-testid="compare-chart"
    />
  );
}
