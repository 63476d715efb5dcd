// The stress P&L bar chart (loaded lazily with the chart library by stress-section.tsx).
import { useComputedColorScheme, useMantineTheme, type MantineTheme } from '@mantine/core';
import type { RiskStateView } from '@optionstrader/contracts';
import { useMemo } from 'react';
import { EChart } from '../../components/echart';
import { stressBars, stressChartOption, type StressChartColors } from './stress-chart-option';

function chartColors(theme: MantineTheme, scheme: 'light' | 'dark'): StressChartColors {
  const { colors } = theme;
  return scheme === 'dark'
    ? {
        text: colors.dark[0],
        dimmed: colors.dark[2],
        grid: colors.dark[5],
        axis: colors.dark[3],
        loss: colors.red[6],
        gain: colors.teal[6],
      }
    : {
        text: theme.black,
        dimmed: colors.gray[6],
        grid: colors.gray[2],
        axis: colors.gray[5],
        loss: colors.red[7],
        gain: colors.teal[7],
      };
}

export default function StressChart({ stress }: { stress: RiskStateView['stress'] }) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  const option = useMemo(
    () => stressChartOption(stressBars(stress), chartColors(theme, scheme), theme.fontFamily),
    [stress, theme, scheme],
  );
  return (
    <EChart
      option={option}
      height={Math.max(160, 28 * stress.length + 40)}
      label="Stress P&L by scenario"
      data-testid="stress-chart"
    />
  );
}
