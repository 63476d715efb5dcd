import type { BacktestDetailView, BacktestStatsView } from '@optionstrader/contracts';
import { backtestRequestSchema } from '@optionstrader/contracts';
import { describe, expect, test } from 'vitest';
import {
  differenceColor,
  formatDollars,
  formatRunDuration,
  formatStat,
  formatStatDifference,
  parseCompare,
  progressPercent,
  requestDifferences,
  STAT_DEFS,
  tradeInstrument,
} from './backtest-format';

const stats = (over: Partial<BacktestStatsView> = {}): BacktestStatsView => ({
  startEquity: 100_000,
  endEquity: 112_000,
  totalReturn: 0.12,
  cagr: 0.058,
  volatility: 0.11,
  sharpe: 0.42,
  sortino: null,
  calmar: 0.5,
  maxDrawdown: 0.116,
  maxDrawdownDays: 120,
  longestDrawdownDays: 300,
  trades: 40,
  winRate: 0.8,
  profitFactor: 2.5,
  averageTrade: 300,
  timeInMarket: 0.95,
  benchmark: null,
  counters: {
    premiumCollected: 15_000,
    assignments: 3,
    callsAway: 2,
    rolls: 5,
    feesPaid: 120.5,
    riskBlocked: 0,
    dividendsReceived: 800,
    interestEarned: 1_200,
  },
  ...over,
});

const def = (key: string) => {
  const found = STAT_DEFS.find((d) => d.key === key);
  if (!found) throw new Error(`no stat ${key}`);
  return found;
};

describe('statistics', () => {
  test('each statistic has its own key (they name the test ids)', () => {
    const keys = STAT_DEFS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('the headline figures the screen promises are all there', () => {
    const keys = new Set(STAT_DEFS.map((d) => d.key));
    for (const key of [
      'totalReturn',
      'cagr',
      'volatility',
      'sharpe',
      'sortino',
      'calmar',
      'maxDrawdown',
      'maxDrawdownDays',
      'winRate',
      'profitFactor',
      'averageTrade',
      'premiumCollected',
      'assignments',
      'callsAway',
      'rolls',
      'timeInMarket',
      'feesPaid',
      'benchmarkReturn',
      'benchmarkCagr',
      'benchmarkVolatility',
      'benchmarkMaxDrawdown',
      'alpha',
      'beta',
    ]) {
      expect(keys.has(key), key).toBe(true);
    }
  });

  test('read from the stats; benchmark figures are unknown without a benchmark, never 0', () => {
    const s = stats();
    expect(def('feesPaid').value(s)).toBe(120.5);
    expect(def('sortino').value(s)).toBeNull();
    for (const d of STAT_DEFS.filter((x) => x.group === 'benchmark')) expect(d.value(s), d.key).toBeNull();
    const withBenchmark = stats({
      benchmark: {
        symbol: 'KO',
        totalReturn: 0.3,
        cagr: 0.14,
        volatility: 0.16,
        maxDrawdown: 0.2,
        sharpe: 0.7,
        alpha: -0.02,
        beta: 0.45,
      },
    });
    expect(def('benchmarkReturn').value(withBenchmark)).toBe(0.3);
    expect(def('beta').value(withBenchmark)).toBe(0.45);
  });

  test('formatted in their unit; unknown is a dash', () => {
    expect(formatStat('percent', 0.1234)).toBe('12.34%');
    expect(formatStat('percent', -0.05)).toBe('-5.00%');
    expect(formatStat('money', 1_234_567.891)).toBe('$1,234,567.89');
    expect(formatStat('money', -12)).toBe('−$12.00');
    expect(formatStat('ratio', 1.236)).toBe('1.24');
    expect(formatStat('count', 1234)).toBe('1,234');
    expect(formatStat('days', 45)).toBe('45 d');
    expect(formatStat('ratio', null)).toBe('—');
    expect(formatStat('percent', Number.NaN)).toBe('—');
    expect(formatDollars(-0.001)).toBe('$0.00');
  });

  test('the difference B − A is signed in the unit; unknown on either side is a dash', () => {
    expect(formatStatDifference('percent', 0.1, 0.122)).toBe('+2.20 pp');
    expect(formatStatDifference('percent', 0.1, 0.1)).toBe('0.00 pp');
    expect(formatStatDifference('money', 100, 50)).toBe('−$50.00');
    expect(formatStatDifference('money', 50, 100)).toBe('+$50.00');
    expect(formatStatDifference('ratio', 1, 1.5)).toBe('+0.50');
    expect(formatStatDifference('ratio', 1.5, 1)).toBe('−0.50');
    expect(formatStatDifference('count', 3, 3)).toBe('0');
    expect(formatStatDifference('days', 10, 4)).toBe('−6 d');
    expect(formatStatDifference('ratio', null, 1)).toBe('—');
  });

  test('the difference is coloured by which run is better, in the statistic’s sense of better', () => {
    expect(differenceColor(def('cagr'), 0.05, 0.07)).toBe('teal');
    expect(differenceColor(def('maxDrawdown'), 0.1, 0.2)).toBe('red');
    expect(differenceColor(def('maxDrawdown'), 0.2, 0.1)).toBe('teal');
    expect(differenceColor(def('trades'), 10, 20)).toBeUndefined();
    expect(differenceColor(def('cagr'), 0.05, 0.05)).toBeUndefined();
    expect(differenceColor(def('cagr'), null, 0.05)).toBeUndefined();
  });
});

describe('small readings', () => {
  test('progress as a whole percentage, clamped', () => {
    expect(progressPercent(0)).toBe(0);
    expect(progressPercent(0.456)).toBe(46);
    expect(progressPercent(1.2)).toBe(100);
  });

  test('run durations', () => {
    expect(formatRunDuration(null)).toBe('—');
    expect(formatRunDuration(850)).toBe('850 ms');
    expect(formatRunDuration(12_400)).toBe('12.4 s');
    expect(formatRunDuration(185_000)).toBe('3 min 05 s');
  });

  test('the compare parameter names two different runs or nothing', () => {
    expect(parseCompare('a,b')).toEqual(['a', 'b']);
    expect(parseCompare('a,a')).toBeNull();
    expect(parseCompare('a')).toBeNull();
    expect(parseCompare('a,b,c')).toBeNull();
    expect(parseCompare(null)).toBeNull();
  });

  test('a trade names its instrument', () => {
    const trade: BacktestDetailView['trades'][number] = {
      symbol: 'KO',
      kind: 'option',
      right: 'put',
      strike: 40.5,
      expiry: '2015-02-20',
      direction: 'short',
      quantity: 2,
      openedOn: '2015-01-05',
      closedOn: '2015-02-20',
      premium: 150,
      pnl: 150,
      commissions: 2.6,
      closedBy: 'expiration',
    };
    expect(tradeInstrument(trade)).toBe('KO 2015-02-20 40.5 put');
    expect(tradeInstrument({ ...trade, kind: 'stock', right: null, strike: null, expiry: null })).toBe('KO stock');
  });

  test('two requests differ only where a field really differs (key order of a config does not count)', () => {
    const a = backtestRequestSchema.parse({
      name: 'A',
      strategy: 'wheel',
      config: { symbols: ['KO'], rollRules: { profitTargetPct: 0.5, rollAtDte: 21 } },
      underliers: ['KO'],
    });
    const b = backtestRequestSchema.parse({
      name: 'B',
      strategy: 'wheel',
      config: { rollRules: { rollAtDte: 21, profitTargetPct: 0.5 }, symbols: ['KO'] },
      underliers: ['KO'],
    });
    expect(requestDifferences(a, b)).toEqual([]);
    expect(requestDifferences(a, { ...b, seed: 7 })).toEqual([{ key: 'seed', a: '1', b: '7' }]);
  });
});
