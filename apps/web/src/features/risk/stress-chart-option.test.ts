import { describe, expect, it } from 'vitest';
import { stressBars, stressChartOption } from './stress-chart-option';

const colors = { text: '#000', dimmed: '#666', grid: '#eee', axis: '#999', loss: 'red', gain: 'teal' };

const scenario = (scenarioId: string, label: string, pnl: number | null) => ({
  scenarioId,
  label,
  pnl,
  unpricedSymbols: pnl === null ? ['XYZ'] : [],
  byUnderlier: [],
  netLiquidationAfter: null,
  maintenanceMarginAfter: null,
  excessLiquidityAfter: null,
});

describe('stress chart', () => {
  const bars = stressBars([
    scenario('down10', 'Underliers −10%', -12_500),
    scenario('up10', 'Underliers +10%', 8_000),
    scenario('crash', '1987-style day', null),
  ]);

  it('marks a scenario whose P&L is unknown in its label', () => {
    expect(bars.map((b) => b.label)).toEqual(['Underliers −10%', 'Underliers +10%', '1987-style day (—)']);
  });

  it('lists the scenarios top to bottom like the table, losses red, gains teal, unknown without a bar', () => {
    const option = stressChartOption(bars, colors);
    const yAxis = option.yAxis as { data: string[] };
    expect(yAxis.data).toEqual(['1987-style day (—)', 'Underliers +10%', 'Underliers −10%']);
    const series = option.series as { data: unknown[] }[];
    expect(series[0]?.data).toEqual([
      { value: null },
      { value: 8000, itemStyle: { color: 'teal' } },
      { value: -12_500, itemStyle: { color: 'red' } },
    ]);
  });
});
