import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, addDays, parseIsoDate } from '../calendar';
import { type StatsInput, computeBacktestStats, drawdowns } from './stats';
import type { BacktestCounters, BacktestFill, BacktestTrade, EquityPoint } from './types';

const counters: BacktestCounters = {
  premiumCollected: 0,
  assignments: 0,
  callsAway: 0,
  rolls: 0,
  feesPaid: 0,
  riskBlocked: 0,
  dividendsReceived: 0,
  interestEarned: 0,
};

/** Points on consecutive calendar days from `start` (or on the given dates), not invested, no benchmark. */
function curve(
  values: readonly number[],
  options: { start?: string; dates?: readonly string[]; benchmark?: readonly (number | null)[] } = {},
): EquityPoint[] {
  const start = parseIsoDate(options.start ?? '2024-01-02');
  return values.map((equity, i) => {
    const given = options.dates?.[i];
    return {
      date: given !== undefined ? parseIsoDate(given) : addDays(start, i),
      equity,
      cash: equity,
      benchmark: options.benchmark?.[i] ?? null,
      invested: false,
    };
  });
}

function input(equity: EquityPoint[], overrides: Partial<StatsInput> = {}): StatsInput {
  return {
    equity,
    rates: equity.map(() => 0),
    trades: [],
    fills: [],
    counters,
    benchmarkSymbol: null,
    ...overrides,
  };
}

function trade(pnl: number, closedOn = '2024-01-05'): BacktestTrade {
  return {
    symbol: 'SPY',
    kind: 'option',
    right: 'put',
    strike: 400,
    expiry: parseIsoDate('2024-02-16'),
    direction: 'short',
    quantity: 1,
    openedOn: parseIsoDate('2024-01-02'),
    closedOn: parseIsoDate(closedOn),
    premium: 250,
    pnl,
    commissions: 1,
    closedBy: 'trade',
  };
}

function fill(date: string, overrides: Partial<BacktestFill> = {}): BacktestFill {
  return {
    date: parseIsoDate(date),
    symbol: 'SPY',
    kind: 'option',
    right: 'put',
    strike: 400,
    expiry: parseIsoDate('2024-02-16'),
    multiplier: 100,
    side: 'SELL',
    quantity: 1,
    price: 2.5,
    commission: 1,
    reason: 'open_csp',
    ...overrides,
  };
}

/** Every number anywhere in `value`. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** Compounds daily returns from 100. */
function compound(returns: readonly number[]): number[] {
  const values = [100];
  for (const r of returns) values.push((values.at(-1) ?? 0) * (1 + r));
  return values;
}

describe('returns and risk of the equity curve', () => {
  // 100 → 110 → 99 → 121 on consecutive days, zero rates:
  //   r = 110/100 − 1 = 0.1, 99/110 − 1 = −0.1, 121/99 − 1 = 0.2222…; total 121/100 − 1 = 0.21.
  //   mean r = (0.1 − 0.1 + 0.2222)/3 = 2/27 = 0.0740741; sample sd = √(Σ(r − mean)²/2) = 0.1626681.
  const { stats } = computeBacktestStats(input(curve([100, 110, 99, 121])));

  it('total return, volatility, Sharpe and Sortino', () => {
    expect(stats.startEquity).toBe(100);
    expect(stats.endEquity).toBe(121);
    expect(stats.totalReturn).toBeCloseTo(0.21, 12);
    // 0.1626681 × √252 = 2.582276.
    expect(stats.volatility).toBeCloseTo(2.582276, 5);
    // 0.0740741 / 0.1626681 × √252 = 7.228766.
    expect(stats.sharpe).toBeCloseTo(7.228766, 5);
    // Downside deviation √((0.1²)/3) = 0.0577350; 0.0740741 / 0.0577350 × √252 = 20.367003.
    expect(stats.sortino).toBeCloseTo(20.367003, 5);
  });

  it('drawdown: 110 → 99 is 10%, from the peak (point 1) back to 121 (point 3) is 2 days', () => {
    expect(drawdowns([100, 110, 99, 121]).map((d) => Number(d.toFixed(12)))).toEqual([0, 0, 0.1, 0]);
    expect(stats.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(stats.maxDrawdownDays).toBe(2);
    expect(stats.longestDrawdownDays).toBe(2);
    // CAGR over 3 calendar days: 1.21^(365.25/3) − 1; Calmar = that / 0.1.
    const cagr = Math.pow(1.21, 365.25 / 3) - 1;
    expect(stats.cagr).toBeCloseTo(cagr, -2);
    expect((stats.calmar ?? 0) / cagr).toBeCloseTo(10, 9);
  });

  it('subtracts the risk-free rate per step: exp(rate × days / 365) − 1', () => {
    // Rate 3.65% on 1-day steps: rf = e^0.0001 − 1 = 0.000100005. 100 → 101 → 100.5 → 102:
    //   r = 0.01, −0.0049505, 0.0149254; x = r − rf = 0.0099000, −0.0050505, 0.0148254.
    //   mean x = 0.0065583; sample sd 0.0103507 → Sharpe 0.0065583 / 0.0103507 × √252 = 10.058180.
    //   Downside √(0.0050505²/3) = 0.0029159 → Sortino 0.0065583 / 0.0029159 × √252 = 35.704009.
    const equity = curve([100, 101, 100.5, 102]);
    const { stats: withRate } = computeBacktestStats(input(equity, { rates: [0.0365, 0.0365, 0.0365, 0.0365] }));
    expect(withRate.sharpe).toBeCloseTo(10.05818, 4);
    expect(withRate.sortino).toBeCloseTo(35.704009, 4);
    // Volatility ignores the rate: same as with zero rates.
    expect(withRate.volatility).toBeCloseTo(computeBacktestStats(input(equity)).stats.volatility ?? 0, 12);
  });

  it('counts calendar days for the risk-free step: cash earning the rate over a weekend has no excess', () => {
    // Thu → Fri → Mon → Tue at 5%: the Friday → Monday step earns 3 days. Counting it as 1 day would make the
    // excess returns unequal and the Sharpe ratio a number.
    const dates = ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'];
    const days = [0, 1, 3, 1];
    const values = days.map((_, i) => 100 * Math.exp((0.05 * days.slice(0, i + 1).reduce((a, b) => a + b, 0)) / 365));
    const { stats: cash } = computeBacktestStats(input(curve(values, { dates }), { rates: [0.05, 0.05, 0.05, 0.05] }));
    expect(cash.sharpe).toBeNull();
    expect(cash.sortino).toBeNull();
    expect(cash.volatility).not.toBeNull();
  });

  it('a series that only rises: no drawdown, no Sortino, no Calmar', () => {
    const { stats: rising } = computeBacktestStats(input(curve([100, 101, 103, 106])));
    expect(rising.maxDrawdown).toBe(0);
    expect(rising.maxDrawdownDays).toBe(0);
    expect(rising.longestDrawdownDays).toBe(0);
    expect(rising.sortino).toBeNull();
    expect(rising.calmar).toBeNull();
    expect(rising.sharpe).not.toBeNull();
  });

  it('a flat series has no Sharpe ratio (zero deviation)', () => {
    const { stats: flat } = computeBacktestStats(input(curve([100, 100, 100])));
    expect(flat.volatility).toBe(0);
    expect(flat.sharpe).toBeNull();
    expect(flat.sortino).toBeNull();
  });
});

describe('drawdown durations', () => {
  it('separates the deepest drawdown from the longest one', () => {
    // 100, 120, 90, 125, 124, 123, 122, 121:
    //   deepest 1 − 90/120 = 0.25 at point 2, peak at point 1, regained at point 3 (125) → 2 days;
    //   then below the peak of 125 (point 3) until the end (point 7) → 4 days, never recovered.
    const values = [100, 120, 90, 125, 124, 123, 122, 121];
    const { stats } = computeBacktestStats(input(curve(values)));
    expect(stats.maxDrawdown).toBeCloseTo(0.25, 12);
    expect(stats.maxDrawdownDays).toBe(2);
    expect(stats.longestDrawdownDays).toBe(4);
    expect(drawdowns(values)[7]).toBeCloseTo(1 - 121 / 125, 12);
  });

  it('counts a return to the old peak as recovered', () => {
    // 100, 90, 100, 95: back at 100 on point 2 → 2 days; then below 100 from point 2 to the end (3) → 1 day.
    const { stats } = computeBacktestStats(input(curve([100, 90, 100, 95])));
    expect(stats.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(stats.maxDrawdownDays).toBe(2);
    expect(stats.longestDrawdownDays).toBe(2);
  });

  it('runs to the last point when the deepest drawdown never recovers', () => {
    // Peak 110 at point 1, lowest 80 at point 3, still below at point 5 → 4 days.
    const { stats } = computeBacktestStats(input(curve([100, 110, 100, 80, 90, 105])));
    expect(stats.maxDrawdown).toBeCloseTo(1 - 80 / 110, 12);
    expect(stats.maxDrawdownDays).toBe(4);
    expect(stats.longestDrawdownDays).toBe(4);
  });
});

describe('CAGR', () => {
  it('uses 365.25 days a year over the real calendar span', () => {
    // 2019-01-02 → 2021-01-02 = 365 (2019) + 366 (2020, leap) = 731 days; ×1.21 → 1.21^(365.25/731) − 1 ≈ 0.0999.
    const equity = curve([100, 121], { dates: ['2019-01-02', '2021-01-02'] });
    const { stats } = computeBacktestStats(input(equity));
    expect(stats.cagr).toBeCloseTo(Math.pow(1.21, 365.25 / 731) - 1, 12);
    expect(stats.cagr).toBeCloseTo(0.1, 3);
  });

  it('is null from a start ≤ 0 and −1 at an end ≤ 0', () => {
    expect(computeBacktestStats(input(curve([0, 100]))).stats.cagr).toBeNull();
    const blown = computeBacktestStats(input(curve([100, -5]))).stats;
    expect(blown.cagr).toBe(-1);
    expect(blown.totalReturn).toBeCloseTo(-1.05, 12);
    expect(blown.maxDrawdown).toBeCloseTo(1.05, 12);
  });
});

describe('benchmark', () => {
  const returns = [0.01, -0.02, 0.015, 0.005, -0.01];

  it('is null without a benchmark symbol, or when the benchmark never has a value', () => {
    expect(computeBacktestStats(input(curve([100, 101]))).stats.benchmark).toBeNull();
    expect(computeBacktestStats(input(curve([100, 101]), { benchmarkSymbol: 'SPY' })).stats.benchmark).toBeNull();
  });

  it('equal to the strategy: beta 1, alpha 0, the same figures', () => {
    const values = compound(returns);
    const equity = curve(values, { benchmark: values });
    const { stats } = computeBacktestStats(input(equity, { benchmarkSymbol: 'SPY', rates: equity.map(() => 0.04) }));
    const benchmark = stats.benchmark;
    expect(benchmark?.symbol).toBe('SPY');
    expect(benchmark?.beta).toBeCloseTo(1, 12);
    expect(benchmark?.alpha).toBeCloseTo(0, 12);
    expect(benchmark?.totalReturn).toBeCloseTo(stats.totalReturn, 12);
    expect(benchmark?.cagr).toBeCloseTo(stats.cagr ?? Number.NaN, 9);
    expect(benchmark?.volatility).toBeCloseTo(stats.volatility ?? Number.NaN, 12);
    expect(benchmark?.sharpe).toBeCloseTo(stats.sharpe ?? Number.NaN, 9);
    expect(benchmark?.maxDrawdown).toBeCloseTo(stats.maxDrawdown, 12);
  });

  it('with twice the strategy’s daily returns: beta 0.5', () => {
    // cov(r, 2r) / var(2r) = 2 var(r) / 4 var(r) = 0.5; with zero rates alpha = (mean r − 0.5 × 2 mean r) × 252 = 0.
    const equity = curve(compound(returns), { benchmark: compound(returns.map((r) => 2 * r)) });
    const benchmark = computeBacktestStats(input(equity, { benchmarkSymbol: 'SPY' })).stats.benchmark;
    expect(benchmark?.beta).toBeCloseTo(0.5, 12);
    expect(benchmark?.alpha).toBeCloseTo(0, 12);
  });

  it('Jensen’s alpha, worked example', () => {
    // r = 0.02, 0.03, 0.04 (mean 0.03); rb = 0.01, 0.03, 0.02 (mean 0.02); zero rates.
    //   cov = ((−0.01)(−0.01) + 0·0.01 + 0.01·0) / 2 = 0.00005; var(rb) = (0.0001 + 0.0001 + 0) / 2 = 0.0001.
    //   beta = 0.5; alpha = (0.03 − 0.5 × 0.02) × 252 = 5.04.
    const equity = curve(compound([0.02, 0.03, 0.04]), { benchmark: compound([0.01, 0.03, 0.02]) });
    const benchmark = computeBacktestStats(input(equity, { benchmarkSymbol: 'SPY' })).stats.benchmark;
    expect(benchmark?.beta).toBeCloseTo(0.5, 12);
    expect(benchmark?.alpha).toBeCloseTo(5.04, 10);
  });

  it('uses only the points where the benchmark has a value', () => {
    // The benchmark starts on point 1: the strategy's jump 100 → 200 on step 0 → 1 is left out.
    //   r = 0.1, −0.1 (200 → 220 → 198); rb = 0.1, −0.1 (100 → 110 → 99): beta 1, alpha 0.
    //   Benchmark total 99/100 − 1 = −0.01, drawdown 1 − 99/110, CAGR over the 2 days from point 1 to point 3.
    const equity = curve([100, 200, 220, 198], { benchmark: [null, 100, 110, 99] });
    const benchmark = computeBacktestStats(input(equity, { benchmarkSymbol: 'QQQ' })).stats.benchmark;
    expect(benchmark?.beta).toBeCloseTo(1, 12);
    expect(benchmark?.alpha).toBeCloseTo(0, 12);
    expect(benchmark?.totalReturn).toBeCloseTo(-0.01, 12);
    expect(benchmark?.maxDrawdown).toBeCloseTo(1 - 99 / 110, 12);
    expect(benchmark?.cagr).toBeCloseTo(Math.pow(0.99, 365.25 / 2) - 1, 12);
    expect(benchmark?.sharpe).toBeCloseTo(0, 12);
  });
});

describe('trades and time in market', () => {
  it('win rate, profit factor and average trade', () => {
    // pnl 100, −50, 30, 0: 2 of 4 win → 0.5; (100 + 30) / 50 = 2.6; 80 / 4 = 20.
    const { stats } = computeBacktestStats(
      input(curve([100, 101]), { trades: [100, -50, 30, 0].map((p) => trade(p)) }),
    );
    expect(stats.trades).toBe(4);
    expect(stats.winRate).toBe(0.5);
    expect(stats.profitFactor).toBeCloseTo(2.6, 12);
    expect(stats.averageTrade).toBe(20);
  });

  it('no profit factor without a losing trade; nothing without trades', () => {
    const winners = computeBacktestStats(input(curve([100, 101]), { trades: [trade(10), trade(20)] })).stats;
    expect(winners.winRate).toBe(1);
    expect(winners.profitFactor).toBeNull();
    expect(winners.averageTrade).toBe(15);
    const none = computeBacktestStats(input(curve([100, 101]))).stats;
    expect(none.trades).toBe(0);
    expect([none.winRate, none.profitFactor, none.averageTrade]).toEqual([null, null, null]);
  });

  it('time in market is the share of invested points; counters pass through', () => {
    const equity = curve([100, 101, 102, 103]).map((point, i) => ({ ...point, invested: i === 1 || i === 2 }));
    const mine = { ...counters, assignments: 3, rolls: 2 };
    const { stats } = computeBacktestStats(input(equity, { counters: mine }));
    expect(stats.timeInMarket).toBe(0.5);
    expect(stats.counters).toEqual(mine);
  });
});

describe('per-year table', () => {
  const dates = ['2023-12-28', '2023-12-29', '2024-01-02', '2024-01-03'];

  it('splits at the year boundary, chaining each year to the previous year-end', () => {
    // 2023: 100 → 110 = +10%, no drawdown. 2024: from 110 (last of 2023) → 99 → 121: +10%, drawdown 1 − 99/110 = 10%.
    // Benchmark from point 1: 2023 against its first value 100 → 100 = 0; 2024: 100 → 95 = −5%.
    const equity = curve([100, 110, 99, 121], { dates, benchmark: [null, 100, 90, 95] });
    const trades = [trade(10, '2023-12-29'), trade(-5, '2024-01-02'), trade(7, '2024-01-03')];
    const fills = [
      fill('2023-12-28'), // sold to open: 2.5 × 1 × 100 = 250
      fill('2023-12-29', { quantity: 2, price: 1.2, commission: 2 }), // 1.2 × 2 × 100 = 240
      fill('2024-01-02', { side: 'BUY', price: 0.5 }), // a buy: no premium
      fill('2024-01-02', { reason: 'assignment', price: 4 }), // not a sale the strategy chose: no premium
      fill('2024-01-03', { kind: 'stock', right: null, strike: null, expiry: null, multiplier: 1, price: 400 }),
      fill('2024-01-03', { price: 3, commission: 1.5 }), // 300
    ];
    const { years } = computeBacktestStats(input(equity, { trades, fills }));
    expect(years.map((row) => row.year)).toEqual([2023, 2024]);
    const [y2023, y2024] = years;
    expect(y2023?.return).toBeCloseTo(0.1, 12);
    expect(y2024?.return).toBeCloseTo(0.1, 12);
    expect(y2023?.benchmarkReturn).toBe(0);
    expect(y2024?.benchmarkReturn).toBeCloseTo(-0.05, 12);
    expect(y2023?.maxDrawdown).toBe(0);
    expect(y2024?.maxDrawdown).toBeCloseTo(0.1, 12);
    expect([y2023?.trades, y2024?.trades]).toEqual([1, 2]);
    expect(y2023?.premiumCollected).toBeCloseTo(490, 9);
    expect(y2024?.premiumCollected).toBeCloseTo(300, 9);
    // Fees: 2023 = 1 + 2; 2024 = 1 + 1 + 1 + 1.5.
    expect(y2023?.feesPaid).toBeCloseTo(3, 12);
    expect(y2024?.feesPaid).toBeCloseTo(4.5, 12);
  });

  it('a year-start drawdown counts from the previous year-end; no benchmark value → null', () => {
    // 2023 ends at 110; 2024 opens at 99: 10% below that peak. The benchmark starts in 2024: 90 → 99 = +10%.
    const equity = curve([100, 110, 99, 105], { dates, benchmark: [null, null, 90, 99] });
    const { years } = computeBacktestStats(input(equity));
    expect(years[0]?.benchmarkReturn).toBeNull();
    expect(years[1]?.benchmarkReturn).toBeCloseTo(0.1, 12);
    expect(years[1]?.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(years[1]?.return).toBeCloseTo(105 / 110 - 1, 12);
  });
});

describe('degenerate inputs', () => {
  it('one point: no NaN or Infinity anywhere', () => {
    const equity = curve([100], { benchmark: [100] });
    const result = computeBacktestStats(input(equity, { benchmarkSymbol: 'SPY', rates: [0.05] }));
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
    expect(result.stats.totalReturn).toBe(0);
    expect(result.stats.maxDrawdown).toBe(0);
    expect([result.stats.cagr, result.stats.volatility, result.stats.sharpe, result.stats.sortino]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(result.stats.benchmark?.beta).toBeNull();
    expect(result.years).toHaveLength(1);
    expect(result.years[0]?.return).toBe(0);
  });

  it('no points: zeros and nulls', () => {
    const result = computeBacktestStats(input([], { benchmarkSymbol: 'SPY' }));
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
    expect(result.stats.totalReturn).toBe(0);
    expect(result.stats.timeInMarket).toBe(0);
    expect(result.stats.benchmark).toBeNull();
    expect(result.years).toEqual([]);
    expect(drawdowns([])).toEqual([]);
  });

  it('rejects inputs the simulator should never produce', () => {
    const equity = curve([100, 101]);
    expect(() => computeBacktestStats(input(equity, { rates: [0] }))).toThrow(RangeError);
    expect(() => computeBacktestStats(input(curve([100, Number.NaN])))).toThrow(RangeError);
    expect(() => computeBacktestStats(input([...equity].reverse()))).toThrow(RangeError);
    expect(() => computeBacktestStats(input(equity, { rates: [0, Number.POSITIVE_INFINITY] }))).toThrow(RangeError);
  });
});

describe('properties', () => {
  const start: IsoDate = parseIsoDate('2020-01-02');
  const positiveSeries = fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 });

  it('a positive series: maxDrawdown ∈ [0, 1), every drawdown ∈ [0, 1), durations consistent, all finite', () => {
    fc.assert(
      fc.property(positiveSeries, fc.double({ min: -0.01, max: 0.2, noNaN: true }), (values, rate) => {
        const equity = values.map((equity, i) => ({
          date: addDays(start, i),
          equity,
          cash: equity,
          benchmark: values[values.length - 1 - i] ?? null,
          invested: i % 2 === 0,
        }));
        const result = computeBacktestStats(input(equity, { rates: values.map(() => rate), benchmarkSymbol: 'X' }));
        const { stats } = result;
        expect(stats.maxDrawdown).toBeGreaterThanOrEqual(0);
        expect(stats.maxDrawdown).toBeLessThan(1);
        expect(drawdowns(values).every((d) => d >= 0 && d < 1)).toBe(true);
        expect(stats.maxDrawdownDays).toBeLessThanOrEqual(stats.longestDrawdownDays);
        expect(stats.longestDrawdownDays).toBeLessThanOrEqual(values.length - 1);
        expect(numbersIn(result).every(Number.isFinite)).toBe(true);
      }),
    );
  });

  it('drawdowns of any finite series are ≥ 0, one per point', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true })), (values) => {
        const depths = drawdowns(values);
        expect(depths).toHaveLength(values.length);
        expect(depths.every((d) => d >= 0 && Number.isFinite(d))).toBe(true);
      }),
    );
  });
});
