import type { BacktestDetailView } from '@optionstrader/contracts';
import { describe, expect, test } from 'vitest';
import { compactDollars, compareChartOption, drawdownChartOption, equityChartOption } from './backtest-chart-option';

const colors = {
  text: '#000',
  dimmed: '#666',
  grid: '#eee',
  axis: '#999',
  primary: 'cyan',
  secondary: 'orange',
  loss: 'red',
};

type Point = BacktestDetailView['equity'][number];
const point = (date: string, equity: number, benchmark: number | null, drawdown = 0): Point => ({
  date,
  equity,
  cash: equity,
  benchmark,
  drawdown,
});

const points = [
  point('2015-01-02', 100_000, null),
  point('2015-01-05', 101_000, 100_000),
  point('2015-01-06', 0, 99_000, 1),
];

type Series = { name: string; data: [string, number | null][]; areaStyle?: unknown }[];

describe('backtest charts', () => {
  test('equity and the benchmark, an unknown benchmark value a gap', () => {
    const option = equityChartOption(points, 'KO', { log: false, colors });
    const series = option.series as Series;
    expect(series.map((s) => s.name)).toEqual(['Strategy', 'KO (buy and hold)']);
    expect(series[0]?.data).toEqual([
      ['2015-01-02', 100_000],
      ['2015-01-05', 101_000],
      ['2015-01-06', 0],
    ]);
    expect(series[1]?.data[0]).toEqual(['2015-01-02', null]);
    expect((option.yAxis as { type: string }).type).toBe('value');
  });

  test('on a log scale, values at or below zero are gaps (a log axis cannot place them)', () => {
    const option = equityChartOption(points, 'KO', { log: true, colors });
    expect((option.yAxis as { type: string }).type).toBe('log');
    expect((option.series as Series)[0]?.data[2]).toEqual(['2015-01-06', null]);
  });

  test('without a benchmark: one line, no legend', () => {
    const option = equityChartOption(points, null, { log: false, colors });
    expect((option.series as Series).length).toBe(1);
    expect(option.legend).toBeUndefined();
  });

  test('the drawdown is drawn below zero in percent, filled', () => {
    const option = drawdownChartOption([point('2015-01-02', 1, 1, 0), point('2015-01-05', 1, 1, 0.125)], { colors });
    const [series] = option.series as Series;
    expect(series?.data).toEqual([
      ['2015-01-02', 0],
      ['2015-01-05', -12.5],
    ]);
    expect(series?.areaStyle).toBeDefined();
  });

  test('two runs in dollars when they started alike, else each as growth of 100', () => {
    const a = { name: 'Wheel', equity: [point('2015-01-02', 100_000, null), point('2015-01-05', 110_000, null)] };
    const b = { name: 'Wheel', equity: [point('2015-01-02', 100_000, null), point('2015-01-05', 90_000, null)] };
    const same = compareChartOption(a, b, { colors });
    expect(same.normalized).toBe(false);
    expect((same.option.series as Series).map((s) => s.name)).toEqual(['A: Wheel', 'B: Wheel']);
    expect((same.option.series as Series)[1]?.data[1]).toEqual(['2015-01-05', 90_000]);

    const bigger = {
      name: 'Big',
      equity: [point('2015-01-02', 1_000_000, null), point('2015-01-05', 1_050_000, null)],
    };
    const mixed = compareChartOption(a, bigger, { colors });
    expect(mixed.normalized).toBe(true);
    const [first, second] = (mixed.option.series as Series)[0]?.data ?? [];
    expect(first).toEqual(['2015-01-02', 100]);
    expect(second?.[1]).toBeCloseTo(110, 10);
    expect((mixed.option.series as Series)[1]?.data[1]?.[1]).toBeCloseTo(105, 10);
  });

  test('axis money is short', () => {
    expect(compactDollars(12)).toBe('$12');
    expect(compactDollars(850_000)).toBe('$850k');
    expect(compactDollars(1_250_000)).toBe('$1.25M');
    expect(compactDollars(10_000_000)).toBe('$10M');
    expect(compactDollars(-1_500)).toBe('−$1.5k');
    expect(compactDollars(2_000_000_000)).toBe('$2B');
  });
});
