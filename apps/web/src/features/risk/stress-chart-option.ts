// The stress chart's ECharts option: one horizontal bar per scenario, losses red and gains teal; a scenario whose P&L
// is unknown has no bar (and says so in its label), never a bar at 0.
import type { RiskStateView } from '@optionstrader/contracts';
import type { EChartOption } from '../../components/echart';
import { formatFixed, UNKNOWN } from '../dashboard/read-format';
import { formatSignedMoney } from '../calculator/format-number';

export interface StressChartColors {
  text: string;
  dimmed: string;
  grid: string;
  axis: string;
  loss: string;
  gain: string;
}

export interface StressBar {
  label: string;
  pnl: number | null;
}

/** The bars in the order the table lists them (top to bottom). */
export const stressBars = (stress: RiskStateView['stress']): StressBar[] =>
  stress.map((s) => ({ label: s.pnl === null ? `${s.label} (${UNKNOWN})` : s.label, pnl: s.pnl }));

export function stressChartOption(bars: readonly StressBar[], colors: StressChartColors, font?: string): EChartOption {
  // A category y axis lists its first category at the bottom; reversed, the chart reads like the table.
  const rows = [...bars].reverse();
  const axisCommon = {
    axisLine: { lineStyle: { color: colors.axis } },
    axisTick: { lineStyle: { color: colors.axis } },
    splitLine: { lineStyle: { color: colors.grid } },
  };
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: font },
    grid: { left: 8, right: 24, top: 8, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => formatSignedMoney(typeof value === 'number' ? value : null),
    },
    xAxis: {
      type: 'value',
      ...axisCommon,
      axisLabel: { color: colors.dimmed, formatter: (value: number) => formatFixed(value, 0), hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      data: rows.map((bar) => bar.label),
      ...axisCommon,
      axisLabel: { color: colors.dimmed },
    },
    series: [
      {
        name: 'Stress P&L',
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((bar) =>
          bar.pnl === null
            ? { value: null }
            : { value: bar.pnl, itemStyle: { color: bar.pnl < 0 ? colors.loss : colors.gain } },
        ),
      },
    ],
  };
}
