// The payoff chart: P&L per contract at expiry and today, with the strike, the breakeven and the spot marked.
import { useComputedColorScheme, useMantineTheme, type MantineTheme } from '@mantine/core';
import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../components/echart';
import { formatFixed, formatSignedMoney } from './format-number';
import type { PayoffSeries } from './payoff';

interface ChartColors {
  text: string;
  dimmed: string;
  grid: string;
  axis: string;
  expiry: string;
  today: string;
  breakeven: string;
}

function chartColors(theme: MantineTheme, scheme: 'light' | 'dark'): ChartColors {
  const { colors } = theme;
  return scheme === 'dark'
    ? {
        text: colors.dark[0],
        dimmed: colors.dark[2],
        grid: colors.dark[5],
        axis: colors.dark[3],
        expiry: colors.cyan[5],
        today: colors.orange[5],
        breakeven: colors.teal[5],
      }
    : {
        text: theme.black,
        dimmed: colors.gray[6],
        grid: colors.gray[2],
        axis: colors.gray[5],
        expiry: colors.cyan[8],
        today: colors.orange[7],
        breakeven: colors.teal[8],
      };
}

interface PayoffChartProps {
  series: PayoffSeries;
  strike: number;
  spot: number;
  from: number;
  to: number;
  height: number;
  label: string;
}

export function PayoffChart({ series, strike, spot, from, to, height, label }: PayoffChartProps) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  const option = useMemo(
    () =>
      payoffChartOption({ series, strike, spot, from, to, colors: chartColors(theme, scheme), font: theme.fontFamily }),
    [series, strike, spot, from, to, theme, scheme],
  );
  return <EChart option={option} height={height} label={label} data-testid="payoff-chart" />;
}

interface OptionArgs {
  series: PayoffSeries;
  strike: number;
  spot: number;
  from: number;
  to: number;
  colors: ChartColors;
  font: string | undefined;
}

const price = (value: number) => formatFixed(value, 2);
/** Axis ticks: no trailing zeros (50, 62.5). */
const tick = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

function payoffChartOption({ series, strike, spot, from, to, colors, font }: OptionArgs): EChartOption {
  const axisCommon = {
    axisLine: { lineStyle: { color: colors.axis } },
    axisTick: { lineStyle: { color: colors.axis } },
    axisLabel: { color: colors.dimmed },
    splitLine: { lineStyle: { color: colors.grid } },
    nameTextStyle: { color: colors.dimmed },
  };
  const verticalMark = (
    x: number,
    text: string,
    color: string,
    position: 'end' | 'insideEndTop' | 'insideStartTop',
  ) => ({
    xAxis: x,
    lineStyle: { color, type: 'dashed' as const, width: 1 },
    label: { formatter: text, color, position },
  });

  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: font },
    legend: { top: 0, left: 0, textStyle: { color: colors.text }, itemWidth: 18 },
    grid: { left: 8, right: 16, top: 48, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => formatSignedMoney(typeof value === 'number' ? value : Number.NaN),
    },
    xAxis: {
      type: 'value',
      min: from,
      max: to,
      name: 'Underlying price',
      nameLocation: 'middle',
      nameGap: 26,
      ...axisCommon,
      axisLabel: { color: colors.dimmed, formatter: tick, hideOverlap: true },
      axisPointer: { label: { formatter: ({ value }) => `S ${price(Number(value))}` } },
    },
    yAxis: {
      type: 'value',
      name: 'P&L per contract',
      nameLocation: 'end',
      ...axisCommon,
      axisLabel: { color: colors.dimmed, formatter: tick },
    },
    series: [
      {
        name: 'At expiry',
        type: 'line',
        data: series.expiry,
        showSymbol: false,
        color: colors.expiry,
        lineStyle: { width: 2 },
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          data: [
            { yAxis: 0, lineStyle: { color: colors.axis, type: 'solid', width: 1 }, label: { show: false } },
            verticalMark(strike, `K ${price(strike)}`, colors.dimmed, 'end'),
            ...(series.breakeven === null
              ? []
              : [verticalMark(series.breakeven, `BE ${price(series.breakeven)}`, colors.breakeven, 'insideEndTop')]),
            ...(Math.abs(spot - strike) / (to - from) > 0.01
              ? [verticalMark(spot, `S ${price(spot)}`, colors.today, 'insideStartTop')]
              : []),
          ],
        },
      },
      ...(series.today
        ? [
            {
              name: 'Today',
              type: 'line' as const,
              data: series.today,
              showSymbol: false,
              color: colors.today,
              lineStyle: { width: 1.5, type: 'dashed' as const },
            },
          ]
        : []),
    ],
  };
}
