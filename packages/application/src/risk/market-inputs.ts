// The market the risk rules see, built from ingested quotes: spots, the vol surface points of the book's options,
// dividends, the rate. Every fallback is reported per underlier (UnderlierInput), so a figure built on an assumption
// says so.
//
// Spot: the stock position's mark, else the underlier price an option quote carried, else the latest stored quote
// of the underlier (mark, else last); none → unknown (null), never 0.
// Pricing vol of an option, weakest source last: its quote's IV; the IV implied by its mark; the realized vol of
// the underlier's shipped history; the latest VIX close (a market-wide proxy); 30% (assumed). The page shows which.
import {
  type IsoDate,
  type MarginMarket,
  type UnderlyingKind,
  addDays,
  impliedVol,
  newYorkDateOf,
  yearFractionToExpiry,
} from '@optionstrader/domain';
import type { UnderlierInputView } from '@optionstrader/contracts';
import type { ExDividend, UnderlierReference } from '../ports';

export type VolSource = Exclude<UnderlierInputView['volSource'], 'none'>;

const RANK: Record<VolSource, number> = { quote: 0, implied_from_mark: 1, history: 2, vix_proxy: 3, assumed: 4 };
const ASSUMED_VOL = 0.3;
const TRADING_DAYS = 252;

/** One option the book holds (or an order would trade) with what its quote says. */
export interface OptionPoint {
  symbol: string;
  expiry: IsoDate;
  strike: number;
  right: 'call' | 'put';
  impliedVol: number | null;
  mark: number | null;
}

export interface MarketInputsArgs {
  nowMs: number;
  reference: UnderlierReference;
  /** Underliers the market must know: the book's and the order's. */
  symbols: readonly string[];
  spots: ReadonlyMap<string, { spot: number; source: 'position' | 'quote' }>;
  options: readonly OptionPoint[];
  /** Realized daily vol per underlier (history). */
  dailyVolBySymbol: Readonly<Record<string, number>>;
  betaBySymbol: Readonly<Record<string, number>>;
  /** Latest VIX close (e.g. 18.5), null when unknown. */
  vix: number | null;
  /** Dividends are looked up from today to this date. */
  dividendHorizon: IsoDate;
}

export interface MarketInputs {
  market: MarginMarket;
  inputs: UnderlierInputView[];
  dividends: ReadonlyMap<string, readonly ExDividend[] | null>;
}

const keyOf = (symbol: string, expiry: string, strike: number): string => `${symbol}|${expiry}|${strike}`;

export function buildMarketInputs(args: MarketInputsArgs): MarketInputs {
  const { nowMs, reference } = args;
  const rate = reference.rate(nowMs);
  const today = newYorkDateOf(nowMs);
  const spotOf = (symbol: string): number | null => args.spots.get(symbol)?.spot ?? null;
  const yieldOf = (symbol: string): number => reference.dividendYield(symbol) ?? 0;
  const kindOf = (symbol: string): UnderlyingKind => reference.kind(symbol);

  // The vol of every known option point, and the weakest source per underlier.
  const vols = new Map<string, number>();
  const weakest = new Map<string, VolSource>();
  const note = (symbol: string, source: VolSource) => {
    const seen = weakest.get(symbol);
    if (seen === undefined || RANK[source] > RANK[seen]) weakest.set(symbol, source);
  };
  const fallback = (symbol: string): { vol: number; source: VolSource } => {
    const daily = args.dailyVolBySymbol[symbol];
    if (daily !== undefined && Number.isFinite(daily) && daily > 0)
      return { vol: daily * Math.sqrt(TRADING_DAYS), source: 'history' };
    if (args.vix !== null && args.vix > 0) return { vol: args.vix / 100, source: 'vix_proxy' };
    return { vol: ASSUMED_VOL, source: 'assumed' };
  };
  for (const option of args.options) {
    const key = keyOf(option.symbol, option.expiry, option.strike);
    if (option.impliedVol !== null && option.impliedVol > 0 && Number.isFinite(option.impliedVol)) {
      vols.set(key, option.impliedVol);
      note(option.symbol, 'quote');
      continue;
    }
    const S = spotOf(option.symbol);
    const T = yearFractionToExpiry(nowMs, option.expiry);
    if (option.mark !== null && S !== null && T > 0) {
      try {
        const sigma = impliedVol({
          right: option.right,
          S,
          K: option.strike,
          T,
          r: rate,
          q: yieldOf(option.symbol),
          price: option.mark,
        });
        if (Number.isFinite(sigma) && sigma > 0) {
          vols.set(key, sigma);
          note(option.symbol, 'implied_from_mark');
          continue;
        }
      } catch {
        // A mark outside the no-arbitrage bounds has no implied vol: fall through.
      }
    }
    const { vol, source } = fallback(option.symbol);
    vols.set(key, vol);
    note(option.symbol, source);
  }

  const market: MarginMarket = {
    nowMs,
    spot: spotOf,
    kind: kindOf,
    rate,
    dividendYield: yieldOf,
    vol(symbol, expiry, strike) {
      const exact = vols.get(keyOf(symbol, expiry, strike));
      if (exact !== undefined) return exact;
      const { vol, source } = fallback(symbol);
      note(symbol, source);
      return vol;
    },
  };

  const dividends = new Map<string, readonly ExDividend[] | null>();
  const inputs: UnderlierInputView[] = args.symbols.map((symbol) => {
    const list = reference.dividends(symbol, addDays(today, 1), args.dividendHorizon);
    dividends.set(symbol, list);
    const beta = args.betaBySymbol[symbol];
    const daily = args.dailyVolBySymbol[symbol];
    const spot = args.spots.get(symbol);
    const next = list?.[0];
    return {
      symbol,
      kind: kindOf(symbol),
      spot: spot?.spot ?? null,
      spotSource: spot?.source ?? 'none',
      beta: beta ?? 1,
      betaSource: beta === undefined ? 'default' : 'history',
      dailyVol: daily ?? null,
      volSource: weakest.get(symbol) ?? 'none',
      dividendYield: yieldOf(symbol),
      nextExDividend: next === undefined ? null : { exDate: next.exDate, amount: next.amount },
      dividendsKnown: list !== null,
    };
  });
  // The caller passes every option the rules will price (the book's and the order's), so `volSource` is final here.
  return { market, inputs, dividends };
}
