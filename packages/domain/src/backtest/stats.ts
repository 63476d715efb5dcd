// Statistics of a backtest run, from its equity curve, trades and fills: returns, risk, drawdowns, trade figures, the
// benchmark and a per-year table. Written so a trader can redo each figure by hand:
//
// E_i is the equity at point i (one point per trading day, in date order); dates are calendar dates.
// - Daily return r_i = E_i / E_{i−1} − 1 (i ≥ 1). A step from E_{i−1} ≤ 0 has no return and is left out.
// - Risk-free per step rf_i = exp(rate_i × d_i / 365) − 1, where d_i = calendar days from date_{i−1} to date_i (a
//   Friday → Monday step earns 3 days) and rate_i is the continuously compounded annual rate on date_i.
//   Excess return x_i = r_i − rf_i.
// - totalReturn = E_end / E_start − 1 (0 when E_start ≤ 0: nothing to grow from).
// - cagr = (E_end / E_start)^(365.25 / D) − 1, D = calendar days from the first to the last date; null when D < 1 or
//   E_start ≤ 0; −1 when E_end ≤ 0.
// - volatility = s(r) × √252, s the sample standard deviation (n − 1); null with fewer than 2 returns.
// - sharpe = mean(x) / s(x) × √252; null with fewer than 2 returns or s(x) = 0.
// - sortino = mean(x) / √(mean(min(x, 0)²)) × √252 (downside deviation about 0, the mean taken over all steps); null
//   when no x is negative.
// - calmar = cagr / maxDrawdown; null when maxDrawdown = 0 or cagr is null.
// - drawdown_i = 1 − E_i / max_{j≤i} E_j (0 while that peak is ≤ 0); maxDrawdown = the largest.
//   maxDrawdownDays = points from the peak before the deepest trough to the first point back at or above that peak
//   (the last point when it never got back): 100, 110, 99, 121 → peak 110 at point 1, regained at point 3 → 2.
//   longestDrawdownDays = the same count for the longest spell strictly below the running peak.
// - trades = number of round trips; winRate = share with pnl > 0; profitFactor = Σ pnl > 0 / |Σ pnl < 0| (null with
//   no losing trade); averageTrade = mean pnl. winRate and averageTrade are null with no trades.
// - timeInMarket = share of points with a position held at the close.
// - benchmark: only the points where it has a value, and the strategy's returns over the same steps. The same
//   formulas on its values, plus beta = cov(r, rb) / var(rb) and Jensen's alpha, annualized,
//   = (mean(x) − beta × mean(rb − rf)) × 252. null when the run has no benchmark or it never has a value.
// - years, per calendar year present: return = last E of the year / last E of the previous year − 1 (the first year
//   against the first point; 0 when that base is ≤ 0). benchmarkReturn alike, from the benchmark's last value before
//   the year (or its first value), null when it has no value in the year. maxDrawdown within the year, the peak
//   starting at the previous year's last E. trades = trades closed in the year. premiumCollected = Σ price ×
//   quantity × multiplier of the year's option SELL fills, except those made by an assignment, exercise, expiration
//   or cash settlement. feesPaid = Σ commission of the year's fills.
//
// Nothing is rounded (the API rounds). Where a figure is undefined it is null (drawdowns 0), never NaN or Infinity.
// A standard deviation below 1e-12 a day counts as 0: it is floating-point noise, and dividing by it is meaningless.
import { type IsoDate, dateParts, daysBetween } from '../calendar';
import { TRADING_DAYS_PER_YEAR } from '../analytics/volatility-stats';
import type { BacktestCounters, BacktestFill, BacktestStats, BacktestTrade, EquityPoint, YearRow } from './types';

export interface StatsInput {
  /** One point per trading day, in date order. */
  equity: readonly EquityPoint[];
  /** Continuously compounded annual risk-free rate on each point's date (same length as equity). */
  rates: readonly number[];
  trades: readonly BacktestTrade[];
  fills: readonly BacktestFill[];
  counters: BacktestCounters;
  /** null → stats.benchmark = null. */
  benchmarkSymbol: string | null;
}

const DAYS_PER_YEAR_CAGR = 365.25;
const DAYS_PER_YEAR_RATE = 365;
const ZERO_DEVIATION = 1e-12;
/** Fill reasons that are not a sale the strategy chose: they collect no premium. */
const NON_PREMIUM_REASONS: ReadonlySet<string> = new Set([
  'assignment',
  'exercise',
  'expiration',
  'early_assignment',
  'cash_settlement',
]);

/** Below the running peak, as positive fractions, one per point (0 where undefined: a peak ≤ 0, a value not finite). */
export function drawdowns(values: readonly number[]): number[] {
  return drawdownProfile(values).depths;
}

export function computeBacktestStats(input: StatsInput): { stats: BacktestStats; years: YearRow[] } {
  assertValid(input);
  const { equity, rates, trades, fills, counters } = input;
  const values = equity.map((point) => point.equity);
  const dates = equity.map((point) => point.date);
  const curve = curveStats(values, dates, rates);
  const profile = drawdownProfile(values);
  const pnls = trades.map((trade) => trade.pnl);

  const stats: BacktestStats = {
    startEquity: values[0] ?? 0,
    endEquity: values.at(-1) ?? 0,
    totalReturn: curve.totalReturn,
    cagr: curve.cagr,
    volatility: curve.volatility,
    sharpe: curve.sharpe,
    sortino: curve.sortino,
    calmar: curve.cagr !== null && curve.maxDrawdown > 0 ? finite(curve.cagr / curve.maxDrawdown) : null,
    maxDrawdown: curve.maxDrawdown,
    maxDrawdownDays: profile.maxDrawdownDays,
    longestDrawdownDays: profile.longestDrawdownDays,
    trades: trades.length,
    winRate: pnls.length > 0 ? pnls.filter((pnl) => pnl > 0).length / pnls.length : null,
    profitFactor: profitFactor(pnls),
    averageTrade: mean(pnls),
    timeInMarket: equity.length > 0 ? equity.filter((point) => point.invested).length / equity.length : 0,
    benchmark: input.benchmarkSymbol === null ? null : benchmarkStats(input.benchmarkSymbol, equity, rates),
    counters,
  };
  return { stats, years: yearRows(equity, trades, fills) };
}

// ── The curve ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface Step {
  /** The return over the step. */
  r: number;
  /** The risk-free return over the same calendar days. */
  rf: number;
}

/** The returns of a curve, with the risk-free return of each step; steps from a value ≤ 0 are left out. */
function steps(values: readonly number[], dates: readonly IsoDate[], rates: readonly number[]): Step[] {
  const out: Step[] = [];
  for (let i = 1; i < values.length; i++) {
    const r = growth(values[i - 1] ?? 0, values[i] ?? 0);
    if (r === null) continue;
    out.push({ r, rf: riskFreeReturn(rates[i] ?? 0, dates[i - 1], dates[i]) });
  }
  return out;
}

function riskFreeReturn(rate: number, from: IsoDate | undefined, to: IsoDate | undefined): number {
  if (from === undefined || to === undefined) return 0;
  return Math.expm1((rate * daysBetween(from, to)) / DAYS_PER_YEAR_RATE);
}

interface CurveStats {
  totalReturn: number;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
}

/** The figures the strategy and its benchmark share. */
function curveStats(values: readonly number[], dates: readonly IsoDate[], rates: readonly number[]): CurveStats {
  const first = values[0];
  const last = values.at(-1);
  const firstDate = dates[0];
  const lastDate = dates.at(-1);
  const returns = steps(values, dates, rates);
  const excess = returns.map((step) => step.r - step.rf);
  const rStdev = sampleStdev(returns.map((step) => step.r));
  return {
    totalReturn: first !== undefined && last !== undefined ? (growth(first, last) ?? 0) : 0,
    cagr:
      first !== undefined && last !== undefined && firstDate !== undefined && lastDate !== undefined
        ? compoundAnnualGrowth(first, last, daysBetween(firstDate, lastDate))
        : null,
    volatility: rStdev === null ? null : finite(rStdev * Math.sqrt(TRADING_DAYS_PER_YEAR)),
    sharpe: sharpeRatio(excess),
    sortino: sortinoRatio(excess),
    maxDrawdown: drawdownProfile(values).maxDrawdown,
  };
}

function compoundAnnualGrowth(start: number, end: number, days: number): number | null {
  if (days < 1 || !(start > 0)) return null;
  if (end <= 0) return -1;
  return finite(Math.pow(end / start, DAYS_PER_YEAR_CAGR / days) - 1);
}

function sharpeRatio(excess: readonly number[]): number | null {
  const deviation = sampleStdev(excess);
  const average = mean(excess);
  if (deviation === null || average === null || deviation < ZERO_DEVIATION) return null;
  return finite((average / deviation) * Math.sqrt(TRADING_DAYS_PER_YEAR));
}

function sortinoRatio(excess: readonly number[]): number | null {
  const average = mean(excess);
  const downside = mean(excess.map((x) => Math.min(x, 0) ** 2));
  if (average === null || downside === null) return null;
  const deviation = Math.sqrt(downside);
  if (deviation < ZERO_DEVIATION) return null;
  return finite((average / deviation) * Math.sqrt(TRADING_DAYS_PER_YEAR));
}

// ── Drawdowns ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface DrawdownProfile {
  depths: number[];
  maxDrawdown: number;
  maxDrawdownDays: number;
  longestDrawdownDays: number;
}

function drawdownProfile(values: readonly number[]): DrawdownProfile {
  const depths: number[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  let peakIndex = 0;
  let maxDrawdown = 0;
  let deepestPeakIndex = 0;
  let deepestPeak = 0;
  let deepestIndex = -1;
  let longest = 0;
  let underwater = false;
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) {
      depths.push(0);
      return;
    }
    if (value >= peak) {
      if (underwater) longest = Math.max(longest, i - peakIndex);
      underwater = false;
      peak = value;
      peakIndex = i;
      depths.push(0);
      return;
    }
    underwater = true;
    // A peak near 0 can overflow the ratio; no number describes that fall.
    const depth = peak > 0 ? (finite(1 - value / peak) ?? 0) : 0;
    depths.push(depth);
    if (depth > maxDrawdown) {
      maxDrawdown = depth;
      deepestIndex = i;
      deepestPeak = peak;
      deepestPeakIndex = peakIndex;
    }
  });
  const lastIndex = values.length - 1;
  if (underwater) longest = Math.max(longest, lastIndex - peakIndex);
  let maxDrawdownDays = 0;
  if (deepestIndex >= 0) {
    const recovered = values.findIndex((value, i) => i > deepestIndex && value >= deepestPeak);
    maxDrawdownDays = (recovered >= 0 ? recovered : lastIndex) - deepestPeakIndex;
  }
  return { depths, maxDrawdown, maxDrawdownDays, longestDrawdownDays: longest };
}

// ── Trades ──────────────────────────────────────────────────────────────────────────────────────────────────────────

function profitFactor(pnls: readonly number[]): number | null {
  const gains = pnls.filter((pnl) => pnl > 0).reduce((sum, pnl) => sum + pnl, 0);
  const losses = pnls.filter((pnl) => pnl < 0).reduce((sum, pnl) => sum + pnl, 0);
  return losses < 0 ? finite(gains / -losses) : null;
}

// ── Benchmark ───────────────────────────────────────────────────────────────────────────────────────────────────────

function benchmarkStats(
  symbol: string,
  equity: readonly EquityPoint[],
  rates: readonly number[],
): BacktestStats['benchmark'] {
  const points: { date: IsoDate; equity: number; benchmark: number; rate: number }[] = [];
  equity.forEach((point, i) => {
    if (point.benchmark !== null) {
      points.push({ date: point.date, equity: point.equity, benchmark: point.benchmark, rate: rates[i] ?? 0 });
    }
  });
  if (points.length === 0) return null;
  const { totalReturn, cagr, volatility, maxDrawdown, sharpe } = curveStats(
    points.map((point) => point.benchmark),
    points.map((point) => point.date),
    points.map((point) => point.rate),
  );

  // Pairs of returns over the same steps, both defined.
  const strategy: number[] = [];
  const bench: number[] = [];
  const riskFree: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1];
    const current = points[i];
    if (previous === undefined || current === undefined) continue;
    const r = growth(previous.equity, current.equity);
    const rb = growth(previous.benchmark, current.benchmark);
    if (r === null || rb === null) continue;
    strategy.push(r);
    bench.push(rb);
    riskFree.push(riskFreeReturn(current.rate, previous.date, current.date));
  }
  const variance = sampleCovariance(bench, bench);
  const covariance = sampleCovariance(strategy, bench);
  const beta =
    variance !== null && covariance !== null && Math.sqrt(variance) >= ZERO_DEVIATION
      ? finite(covariance / variance)
      : null;
  const excess = mean(strategy.map((r, i) => r - (riskFree[i] ?? 0)));
  const benchExcess = mean(bench.map((rb, i) => rb - (riskFree[i] ?? 0)));
  const alpha =
    beta !== null && excess !== null && benchExcess !== null
      ? finite((excess - beta * benchExcess) * TRADING_DAYS_PER_YEAR)
      : null;
  return { symbol, totalReturn, cagr, volatility, maxDrawdown, sharpe, alpha, beta };
}

// ── Years ───────────────────────────────────────────────────────────────────────────────────────────────────────────

const yearOf = (date: IsoDate): number => dateParts(date).year;

function yearRows(
  equity: readonly EquityPoint[],
  trades: readonly BacktestTrade[],
  fills: readonly BacktestFill[],
): YearRow[] {
  const byYear = new Map<number, EquityPoint[]>();
  for (const point of equity) {
    const year = yearOf(point.date);
    const points = byYear.get(year) ?? [];
    points.push(point);
    byYear.set(year, points);
  }
  const rows: YearRow[] = [];
  let previousEquity: number | null = null;
  // The benchmark's last value so far; before it has one, its first value is the base.
  let benchmarkBase = equity.find((point) => point.benchmark !== null)?.benchmark ?? null;
  for (const [year, points] of byYear) {
    const values = points.map((point) => point.equity);
    const base: number = previousEquity ?? values[0] ?? 0;
    const last: number = values.at(-1) ?? base;
    const benchmarkLast = points.findLast((point) => point.benchmark !== null)?.benchmark ?? null;
    const yearFills = fills.filter((fill) => yearOf(fill.date) === year);
    rows.push({
      year,
      return: growth(base, last) ?? 0,
      benchmarkReturn: benchmarkLast !== null && benchmarkBase !== null ? growth(benchmarkBase, benchmarkLast) : null,
      maxDrawdown: drawdownProfile(previousEquity === null ? values : [previousEquity, ...values]).maxDrawdown,
      trades: trades.filter((trade) => yearOf(trade.closedOn) === year).length,
      premiumCollected: yearFills
        .filter((fill) => fill.kind === 'option' && fill.side === 'SELL' && !NON_PREMIUM_REASONS.has(fill.reason))
        .reduce((sum, fill) => sum + fill.price * fill.quantity * fill.multiplier, 0),
      feesPaid: yearFills.reduce((sum, fill) => sum + fill.commission, 0),
    });
    previousEquity = last;
    if (benchmarkLast !== null) benchmarkBase = benchmarkLast;
  }
  return rows;
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** to / from − 1; null when `from` ≤ 0 (no return is defined) or the result is not finite. */
function growth(from: number, to: number): number | null {
  return from > 0 ? finite(to / from - 1) : null;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? finite(values.reduce((sum, value) => sum + value, 0) / values.length) : null;
}

/** Sample covariance (n − 1); null with fewer than 2 pairs. */
function sampleCovariance(a: readonly number[], b: readonly number[]): number | null {
  const n = Math.min(a.length, b.length);
  if (n < 2) return null;
  const meanA = mean(a.slice(0, n)) ?? 0;
  const meanB = mean(b.slice(0, n)) ?? 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ((a[i] ?? 0) - meanA) * ((b[i] ?? 0) - meanB);
  return finite(sum / (n - 1));
}

function sampleStdev(values: readonly number[]): number | null {
  const variance = sampleCovariance(values, values);
  return variance === null ? null : Math.sqrt(Math.max(variance, 0));
}

/** Fails fast on a curve the simulator should never produce: statistics of it would be quietly wrong. */
function assertValid({ equity, rates }: StatsInput): void {
  if (rates.length !== equity.length) {
    throw new RangeError(`Backtest stats: ${rates.length} rates for ${equity.length} equity points`);
  }
  equity.forEach((point, i) => {
    const previous = equity[i - 1];
    if (previous !== undefined && !(previous.date < point.date)) {
      throw new RangeError(`Backtest stats: equity dates out of order at ${point.date}`);
    }
    if (!Number.isFinite(point.equity) || (point.benchmark !== null && !Number.isFinite(point.benchmark))) {
      throw new RangeError(`Backtest stats: a value that is not a finite number on ${point.date}`);
    }
    if (!Number.isFinite(rates[i])) {
      throw new RangeError(`Backtest stats: a risk-free rate that is not a finite number on ${point.date}`);
    }
  });
}
