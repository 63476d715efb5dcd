// Inputs of the risk measures taken from daily price history: aligned daily returns (historical VaR), beta to the
// benchmark and realized daily vol (delta-gamma VaR). Pure: closes in, numbers out.
//
// - Returns are simple (close_t / close_t−1 − 1) on the dates every book symbol has, so each scenario is one real day
//   for the whole book; the newest `varWindow` returns are used (Hull's 500 by default).
// - Beta = cov(r, r_benchmark) / var(r_benchmark) over the newest `betaWindow` common days; fewer than `minObservations`
//   → no beta (the caller uses 1 and says so). The benchmark's own beta is 1 by definition.
// - Daily vol = sample standard deviation of the symbol's newest `volWindow` returns.
import type { IsoDate } from '@optionstrader/domain';
import type { DailyClose } from '../ports';

export interface HistoryInputOptions {
  varWindow?: number;
  betaWindow?: number;
  volWindow?: number;
  minObservations?: number;
  benchmark?: string;
}

export interface HistoryInputs {
  /** The last day of the aligned returns; null when no book symbol has history. */
  through: IsoDate | null;
  /** Aligned returns of the book symbols that have history (all of them or none: see `missing`). */
  returnsBySymbol: Record<string, number[]>;
  betaBySymbol: Record<string, number>;
  dailyVolBySymbol: Record<string, number>;
  /** Book symbols without (enough) history. */
  missing: string[];
}

/** Closes by date, built once per symbol (alignment asks for them many times). */
type CloseIndex = ReadonlyMap<IsoDate, number>;
const indexOf = (closes: readonly DailyClose[]): CloseIndex => new Map(closes.map((c) => [c.date, c.close]));

function returnsOn(index: CloseIndex, dates: readonly IsoDate[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < dates.length; i++) {
    const previous = index.get(dates[i - 1] as IsoDate);
    const current = index.get(dates[i] as IsoDate);
    if (previous === undefined || current === undefined) throw new Error('dates must be common to every series');
    out.push(current / previous - 1);
  }
  return out;
}

/** The dates of `first` that every other series has, in order. */
function commonDates(first: readonly DailyClose[], others: readonly CloseIndex[]): IsoDate[] {
  return first.map((c) => c.date).filter((date) => others.every((index) => index.has(date)));
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export function sampleStdev(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

export function betaOf(returns: readonly number[], benchmark: readonly number[]): number {
  const mx = mean(returns);
  const my = mean(benchmark);
  let cov = 0;
  let variance = 0;
  for (let i = 0; i < returns.length; i++) {
    cov += ((returns[i] as number) - mx) * ((benchmark[i] as number) - my);
    variance += ((benchmark[i] as number) - my) ** 2;
  }
  return cov / variance;
}

export function historyInputs(
  closesBySymbol: ReadonlyMap<string, readonly DailyClose[] | null>,
  symbols: readonly string[],
  options: HistoryInputOptions = {},
): HistoryInputs {
  const varWindow = options.varWindow ?? 500;
  const betaWindow = options.betaWindow ?? 252;
  const volWindow = options.volWindow ?? 252;
  const minObservations = options.minObservations ?? 60;
  const benchmark = options.benchmark ?? 'SPY';
  const usable = (symbol: string): readonly DailyClose[] | null => {
    const closes = closesBySymbol.get(symbol) ?? null;
    return closes !== null && closes.length > minObservations ? closes : null;
  };

  const missing = symbols.filter((symbol) => usable(symbol) === null);
  const withHistory = symbols.filter((symbol) => usable(symbol) !== null);
  const indexes = new Map(withHistory.map((symbol) => [symbol, indexOf(usable(symbol) as readonly DailyClose[])]));
  const betaBySymbol: Record<string, number> = {};
  const dailyVolBySymbol: Record<string, number> = {};
  const bench = usable(benchmark);
  const benchIndex = bench === null ? null : (indexes.get(benchmark) ?? indexOf(bench));
  for (const symbol of withHistory) {
    const closes = usable(symbol) as readonly DailyClose[];
    const index = indexes.get(symbol) as CloseIndex;
    const own = closes.slice(-(volWindow + 1));
    dailyVolBySymbol[symbol] = sampleStdev(
      returnsOn(
        index,
        own.map((c) => c.date),
      ),
    );
    if (symbol === benchmark) betaBySymbol[symbol] = 1;
    else if (benchIndex !== null) {
      const dates = commonDates(closes.slice(-(2 * betaWindow + 1)), [benchIndex]).slice(-(betaWindow + 1));
      if (dates.length > minObservations)
        betaBySymbol[symbol] = betaOf(returnsOn(index, dates), returnsOn(benchIndex, dates));
    }
  }

  // Historical scenarios need every book symbol on the same days.
  const returnsBySymbol: Record<string, number[]> = {};
  let through: IsoDate | null = null;
  const [first, ...rest] = withHistory;
  if (first !== undefined) {
    const others = rest.map((symbol) => indexes.get(symbol) as CloseIndex);
    const recent = (usable(first) as readonly DailyClose[]).slice(-(2 * varWindow + 1));
    const dates = commonDates(recent, others).slice(-(varWindow + 1));
    if (dates.length > minObservations) {
      through = dates[dates.length - 1] ?? null;
      for (const symbol of withHistory) returnsBySymbol[symbol] = returnsOn(indexes.get(symbol) as CloseIndex, dates);
    } else missing.push(...withHistory);
  }
  return { through, returnsBySymbol, betaBySymbol, dailyVolBySymbol, missing };
}
