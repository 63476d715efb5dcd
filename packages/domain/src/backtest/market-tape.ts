// The market a backtest replays, day by day, with no look-ahead: each day's close, open and dividends, the 30-day
// ATM implied-vol level from the chosen source, its one-year range (IV rank, the surface's long-run level), the
// trailing dividend yield and the risk-free rate.
import { type IsoDate, addDays, daysBetween, isTradingDay } from '../calendar';
import type { UnderlyingKind } from '../risk/account-type';
import type {
  BacktestInputs,
  DividendPayment,
  HistoryBar,
  IvSpec,
  OptionStyle,
  RateSpec,
  UnderlierHistory,
} from './types';

const YEAR_DAYS = 252;
/** The long-run vol before a year of history exists, and the floor under any vol level (a dead-flat tape). */
const DEFAULT_LONG_RUN = 0.2;
const MIN_VOL = 0.03;

export interface TapeUnderlier {
  symbol: string;
  kind: UnderlyingKind;
  style: OptionStyle;
  /** Per run day: the bar of that day, or the last one before it (null before the first bar). */
  bar(day: number): HistoryBar | null;
  /** The 30-day ATM implied vol on a run day; NaN when the source has no value yet. */
  atm30(day: number): number;
  /** The mean ATM level over the previous year (the surface's long-run level). */
  longRun(day: number): number;
  /** Where today's level sits in its one-year range, 0..1; null with under a month of history. */
  ivRank(day: number): number | null;
  /** Trailing 12-month dividends ÷ close. */
  dividendYield(day: number): number;
  dividendsOn(date: IsoDate): number;
  /** Dividends with an ex-date in (date, date + days]. */
  dividendsAhead(date: IsoDate, days: number): DividendPayment[];
}

export interface MarketTape {
  days: readonly IsoDate[];
  underliers: ReadonlyMap<string, TapeUnderlier>;
  rate(day: number): number;
}

/** Trading days in [from, to] on which at least one underlier printed a bar. */
export function runDays(underliers: readonly UnderlierHistory[], from: IsoDate, to: IsoDate): IsoDate[] {
  const set = new Set<IsoDate>();
  for (const u of underliers)
    for (const bar of u.bars) if (bar.date >= from && bar.date <= to && isTradingDay(bar.date)) set.add(bar.date);
  return [...set].sort();
}

function rateSeries(spec: RateSpec, days: readonly IsoDate[]): Float64Array {
  const out = new Float64Array(days.length);
  if (spec.kind === 'constant') return out.fill(spec.rate);
  const points = [...spec.points].sort((a, b) => (a.date < b.date ? -1 : 1));
  let j = -1;
  days.forEach((date, i) => {
    while (j + 1 < points.length && points[j + 1]!.date <= date) j++;
    out[i] = j >= 0 ? points[j]!.rate : (points[0]?.rate ?? 0);
  });
  return out;
}

/** Values of a dated series on each run day, carried forward; NaN before its first point. */
function carried(points: readonly { date: IsoDate; atm30: number }[], days: readonly IsoDate[]): Float64Array {
  const out = new Float64Array(days.length).fill(NaN);
  let j = -1;
  days.forEach((date, i) => {
    while (j + 1 < points.length && points[j + 1]!.date <= date) j++;
    if (j >= 0) out[i] = points[j]!.atm30;
  });
  return out;
}

/** Annualized close-to-close vol of the `window` returns ending at each run day's bar (no look-ahead). */
function realizedVol(bars: readonly HistoryBar[], barAt: Int32Array, window: number): Float64Array {
  const logReturns = new Float64Array(bars.length).fill(NaN);
  for (let i = 1; i < bars.length; i++) logReturns[i] = Math.log(bars[i]!.close / bars[i - 1]!.close);
  const out = new Float64Array(barAt.length).fill(NaN);
  barAt.forEach((b, i) => {
    if (b < window) return;
    let sum = 0;
    let sq = 0;
    for (let k = b - window + 1; k <= b; k++) {
      const r = logReturns[k]!;
      sum += r;
      sq += r * r;
    }
    const mean = sum / window;
    out[i] = Math.sqrt(Math.max(0, (sq - window * mean * mean) / (window - 1)) * YEAR_DAYS);
  });
  return out;
}

function levelSeries(
  spec: IvSpec | undefined,
  bars: readonly HistoryBar[],
  barAt: Int32Array,
  days: readonly IsoDate[],
) {
  const kind = spec ?? { kind: 'realized' as const, window: 21, ratio: 1.1 };
  let raw: Float64Array;
  let ratio = 1;
  if (kind.kind === 'realized') {
    raw = realizedVol(bars, barAt, kind.window);
    ratio = kind.ratio;
  } else {
    raw = carried(kind.points, days);
    if (kind.kind === 'index') ratio = kind.ratio;
  }
  return raw.map((v) => (Number.isFinite(v) ? Math.max(MIN_VOL, v * ratio) : NaN));
}

function tapeUnderlier(u: UnderlierHistory, spec: IvSpec | undefined, days: readonly IsoDate[]): TapeUnderlier {
  const barAt = new Int32Array(days.length).fill(-1);
  let j = -1;
  days.forEach((date, i) => {
    while (j + 1 < u.bars.length && u.bars[j + 1]!.date <= date) j++;
    barAt[i] = j;
  });
  const level = levelSeries(spec, u.bars, barAt, days);
  // One-year trailing mean, min and max of the level (for the long-run level and IV rank).
  const longRun = new Float64Array(days.length);
  const rank = new Array<number | null>(days.length).fill(null);
  const window: number[] = [];
  for (let i = 0; i < days.length; i++) {
    const v = level[i]!;
    if (Number.isFinite(v)) window.push(v);
    if (window.length > YEAR_DAYS) window.shift();
    longRun[i] = window.length >= 21 ? window.reduce((s, x) => s + x, 0) / window.length : DEFAULT_LONG_RUN;
    if (window.length >= 21 && Number.isFinite(v)) {
      const lo = Math.min(...window);
      const hi = Math.max(...window);
      rank[i] = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    }
  }
  const dividends = [...u.dividends].sort((a, b) => (a.exDate < b.exDate ? -1 : 1));
  const byDate = new Map<IsoDate, number>();
  for (const d of dividends) byDate.set(d.exDate, (byDate.get(d.exDate) ?? 0) + d.amount);
  const bar = (day: number): HistoryBar | null => {
    const b = barAt[day] ?? -1;
    return b >= 0 ? u.bars[b]! : null;
  };
  // Trailing 12-month dividends ÷ close, per day (a sliding window over the sorted ex-dates).
  const yields = new Float64Array(days.length);
  let lo = 0;
  let hi = 0;
  let sum = 0;
  days.forEach((date, i) => {
    while (hi < dividends.length && dividends[hi]!.exDate <= date) sum += dividends[hi++]!.amount;
    const since = addDays(date, -365);
    while (lo < hi && dividends[lo]!.exDate <= since) sum -= dividends[lo++]!.amount;
    const close = bar(i)?.close;
    yields[i] = close && close > 0 && sum > 0 ? sum / close : 0;
  });
  return {
    symbol: u.symbol,
    kind: u.kind,
    style: u.style,
    bar,
    atm30: (day) => level[day] ?? NaN,
    longRun: (day) => longRun[day] ?? DEFAULT_LONG_RUN,
    ivRank: (day) => rank[day] ?? null,
    dividendYield: (day) => yields[day] ?? 0,
    dividendsOn: (date) => byDate.get(date) ?? 0,
    dividendsAhead: (date, ahead) => dividends.filter((d) => d.exDate > date && daysBetween(date, d.exDate) <= ahead),
  };
}

export function createMarketTape(inputs: BacktestInputs, from: IsoDate, to: IsoDate): MarketTape {
  // The series are built over all the history before `from` too (a year of IV for its rank and long-run level, a
  // month of prices for realized vol), then read from the run's first day: warmed up, and still no look-ahead.
  const first = inputs.underliers
    .map((u) => u.bars[0]?.date)
    .filter((date): date is IsoDate => date !== undefined)
    .sort()[0];
  const all = runDays(inputs.underliers, first && first < from ? first : from, to);
  const offset = all.findIndex((date) => date >= from);
  const start = offset < 0 ? all.length : offset;
  const days = all.slice(start);
  const rates = rateSeries(inputs.rate, days);
  const underliers = new Map<string, TapeUnderlier>();
  for (const u of inputs.underliers) {
    const full = tapeUnderlier(u, inputs.iv[u.symbol], all);
    underliers.set(u.symbol, {
      ...full,
      bar: (day) => full.bar(day + start),
      atm30: (day) => full.atm30(day + start),
      longRun: (day) => full.longRun(day + start),
      ivRank: (day) => full.ivRank(day + start),
      dividendYield: (day) => full.dividendYield(day + start),
    });
  }
  return { days, underliers, rate: (day) => rates[day] ?? 0 };
}
