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

function returnsOn(closes: readonly DailyClose[], dates: readonly IsoDate[]): number[] {
  const byDate = new Map(closes.map((c) => [c.date, c.close]));
  const out: number[] = [];
  for (let i = 1; i < dates.length; i++) {
    const previous = byDate.get(dates[i - 1] as IsoDate);
    const current = byDate.get(dates[i] as IsoDate);
    if (previous === undefined || current === undefined) throw new Error('dates must be common to every series');
    out.push(current / previous - 1);
  }
  return out;
}

function commonDates(series: readonly (readonly DailyClose[])[]): IsoDate[] {
  const [first, ...rest] = series;
  if (first === undefined) return [];
  const sets = rest.map((closes) => new Set(closes.map((c) => c.date)));
  return first.map((c) => c.date).filter((date) => sets.every((set) => set.has(date)));
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
  const betaBySymbol: Record<string, number> = {};
  const dailyVolBySymbol: Record<string, number> = {};
  const bench = usable(benchmark);
  for (const symbol of withHistory) {
    const closes = usable(symbol) as readonly DailyClose[];
    const own = closes.slice(-(volWindow + 1));
    dailyVolBySymbol[symbol] = sampleStdev(
      returnsOn(
        own,
        own.map((c) => c.date),
      ),
    );
    if (symbol === benchmark) betaBySymbol[symbol] = 1;
    else if (bench !== null) {
      const dates = commonDates([closes, bench]).slice(-(betaWindow + 1));
      if (dates.length > minObservations)
        betaBySymbol[symbol] = betaOf(returnsOn(closes, dates), returnsOn(bench, dates));
    }
  }

  // Historical scenarios need every book symbol on the same days.
  const returnsBySymbol: Record<string, number[]> = {};
  let through: IsoDate | null = null;
  if (withHistory.length > 0) {
    const series = withHistory.map((symbol) => usable(symbol) as readonly DailyClose[]);
    const dates = commonDates(series).slice(-(varWindow + 1));
    if (dates.length > minObservations) {
      through = dates[dates.length - 1] ?? null;
      withHistory.forEach((symbol, i) => {
        returnsBySymbol[symbol] = returnsOn(series[i] as readonly DailyClose[], dates);
      });
    } else missing.push(...withHistory.filter((symbol) => !missing.includes(symbol)));
  }
  return { through, returnsBySymbol, betaBySymbol, dailyVolBySymbol, missing };
}
