// The IV smile of one expiry: implied volatility by strike for calls and puts, with the underlier price marked.
import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import type { ChainRow } from '@optionstrader/contracts';
import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../components/echart';
import { formatFixed } from '../dashboard/read-format';

interface IvSmileChartProps {
  rows: ChainRow[];
  spot: number | null;
  height: number;
  label: string;
}

export function IvSmileChart({ rows, spot, height, label }: IvSmileChartProps) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  const option = useMemo((): EChartOption => {
    const dark = scheme === 'dark';
    const dimmed = dark ? theme.colors.dark[2] : theme.colors.gray[6];
    const grid = dark ? theme.colors.dark[5] : theme.colors.gray[2];
    const point = (row: ChainRow, side: 'call' | 'put'): [number, number | null] => {
      const iv = row[side]?.impliedVol ?? null;
      return [Number(row.strike), iv === null ? null : iv * 100];
    };
    const strikes = rows.map((row) => Number(row.strike));
    const axis = {
      axisLabel: { color: dimmed },
      splitLine: { lineStyle: { color: grid } },
      nameTextStyle: { color: dimmed },
    };
    return {
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { fontFamily: theme.fontFamily },
      legend: { top: 0, left: 0, textStyle: { color: dark ? theme.colors.dark[0] : theme.black } },
      grid: { left: 8, right: 16, top: 40, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (typeof value === 'number' ? `${formatFixed(value, 1)}%` : '—'),
      },
      xAxis: {
        type: 'value',
        min: Math.min(...strikes),
        max: Math.max(...strikes),
        name: 'Strike',
        nameLocation: 'middle',
        nameGap: 26,
        ...axis,
      },
      yAxis: { type: 'value', name: 'IV %', scale: true, ...axis },
      series: [
        {
          name: 'Calls',
          type: 'line',
          data: rows.map((row) => point(row, 'call')),
          color: theme.colors.teal[7],
          connectNulls: true,
          symbolSize: 5,
          markLine:
            spot === null
              ? undefined
              : {
                  silent: true,
                  symbol: 'none',
                  data: [
                    {
                      xAxis: spot,
                      lineStyle: { color: theme.colors.orange[7], type: 'dashed', width: 1 },
                      label: { formatter: `S ${formatFixed(spot, 2)}`, color: theme.colors.orange[7], position: 'end' },
                    },
                  ],
                },
        },
        {
          name: 'Puts',
          type: 'line',
          data: rows.map((row) => point(row, 'put')),
          color: theme.colors.red[7],
          connectNulls: true,
          symbolSize: 5,
        },
      ],
    };
  }, [rows, spot, theme, scheme]);
  return <EChart option={option} height={height} label={label} data-testid="iv-smile-chart" />;
}
