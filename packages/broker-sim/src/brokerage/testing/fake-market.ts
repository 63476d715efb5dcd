// A small deterministic MarketSimulator for brokerage tests: step-wise spots set by the test, one flat vol,
// European prices from the domain library, a fixed spread. Not a market model — the real one is in ../../market.
import { unknownQuote, type BrokerQuote, type Decimal } from '@optionstrader/application';
import {
  type IsoDate,
  type OptionId,
  addDays,
  formatInstrumentKey,
  formatStrike,
  greeks,
  listExpiries,
  newYorkDateOf,
  parseStrike,
  price,
  sessionFor,
  strikeToNumber,
  yearFractionToExpiry,
} from '@optionstrader/domain';
import type {
  CashDividendEvent,
  MarketSimulator,
  UnderlyingKind,
  UnderlyingProfile,
} from '../../market/market-simulator';

export interface FakeMarketOptions {
  /** Spot per symbol from the beginning of time; change later with `setSpot`. */
  spots: Record<string, number>;
  kinds?: Record<string, UnderlyingKind>;
  vol?: number;
  rate?: number;
  dividends?: CashDividendEvent[];
  /** Strikes listed within ±this fraction of the reference spot (the first spot of the symbol). */
  strikeRange?: number;
  /** Symbols whose quotes are unknown (every field null) — to test that unknown stays unknown. */
  unquoted?: string[];
}

export interface FakeMarket extends MarketSimulator {
  /** The spot of `symbol` is `spot` from `fromMs` on (until a later step). */
  setSpot(symbol: string, spot: number, fromMs: number): void;
}

const BROAD_INDEX_ETFS = new Set(['SPY', 'QQQ', 'IWM', 'DIA']);

function strikeStep(spot: number): number {
  if (spot < 25) return 0.5;
  if (spot < 200) return 1;
  return 5;
}

const cents = (value: number): number => Math.round(value * 100) / 100;

export function createFakeMarket(options: FakeMarketOptions): FakeMarket {
  const vol = options.vol ?? 0.25;
  const rate = options.rate ?? 0.04;
  const range = options.strikeRange ?? 0.3;
  const unquoted = new Set(options.unquoted ?? []);
  const steps = new Map<string, { fromMs: number; spot: number }[]>(
    Object.entries(options.spots).map(([symbol, spot]) => [symbol, [{ fromMs: -Infinity, spot }]]),
  );

  const profile = (symbol: string): UnderlyingProfile | undefined => {
    if (!steps.has(symbol)) return undefined;
    const kind = options.kinds?.[symbol] ?? (BROAD_INDEX_ETFS.has(symbol) ? 'index_etf' : 'stock');
    return {
      symbol,
      kind,
      primaryExchange: kind === 'index_etf' ? 'ARCA' : 'NASDAQ',
      dividendYield: kind === 'index_etf' ? 0.013 : 0.005,
    };
  };
  const requireSteps = (symbol: string) => {
    const found = steps.get(symbol);
    if (!found) throw new Error(`Unknown symbol ${symbol}`);
    return found;
  };
  const spot = (symbol: string, atMs: number): number => {
    let value = Number.NaN;
    for (const step of requireSteps(symbol)) if (step.fromMs <= atMs) value = step.spot;
    return value;
  };
  const referenceSpot = (symbol: string): number => requireSteps(symbol)[0]?.spot ?? Number.NaN;

  const expirations = (symbol: string, atMs: number): IsoDate[] => {
    const kind = profile(symbol)?.kind;
    const from = newYorkDateOf(atMs);
    const session = sessionFor(from);
    // After today's close, today's expiry is no longer listed.
    const start = session && atMs >= session.close ? addDays(from, 1) : from;
    return listExpiries(start, addDays(from, 400), kind === 'index_etf' ? ['weekly', 'monthly'] : ['monthly']).map(
      (expiry) => expiry.date,
    );
  };
  const strikes = (symbol: string): Decimal[] => {
    const reference = referenceSpot(symbol);
    const step = strikeStep(reference);
    const list: Decimal[] = [];
    for (let k = Math.ceil((reference * (1 - range)) / step) * step; k <= reference * (1 + range); k += step) {
      list.push(formatStrike(parseStrike(Math.round(k * 1000) / 1000)));
    }
    return list;
  };
  const isListed = (option: OptionId, atMs: number): boolean =>
    option.multiplier === 100 &&
    option.currency === 'USD' &&
    steps.has(option.root) &&
    expirations(option.root, atMs).includes(option.expiry) &&
    strikes(option.root).includes(formatStrike(option.strike));

  const nullQuote = (key: string, atMs: number): BrokerQuote => unknownQuote(key as BrokerQuote['key'], new Date(atMs));

  const optionQuote = (option: OptionId, atMs: number): BrokerQuote => {
    const key = formatInstrumentKey(option);
    if (unquoted.has(option.root) || !steps.has(option.root)) return nullQuote(key, atMs);
    const S = spot(option.root, atMs);
    const input = {
      right: option.right,
      S,
      K: strikeToNumber(option.strike),
      T: yearFractionToExpiry(atMs, option.expiry),
      r: rate,
      q: profile(option.root)?.dividendYield ?? 0,
      sigma: vol,
    };
    const model = input.T > 0 ? price(input) : Math.max(0, option.right === 'call' ? S - input.K : input.K - S);
    const half = Math.max(0.01, cents(model * 0.02));
    const bid = Math.max(0, cents(model - half));
    const ask = cents(model + half);
    const g = input.T > 0 ? greeks(input) : null;
    return {
      ...nullQuote(key, atMs),
      bid,
      ask,
      last: cents(model),
      mark: (bid + ask) / 2,
      volume: 100,
      openInterest: 1000,
      impliedVol: vol,
      delta: g?.delta ?? null,
      gamma: g?.gamma ?? null,
      theta: g ? g.thetaPerDay : null,
      vega: g ? g.vega / 100 : null,
      underlyingPrice: S,
    };
  };

  return {
    profiles: () => [...steps.keys()].flatMap((symbol) => profile(symbol) ?? []),
    profile,
    riskFreeRate: () => rate,
    spot,
    underlyingQuote(symbol, atMs) {
      const key = formatInstrumentKey({ secType: 'STK', symbol, currency: 'USD' });
      if (unquoted.has(symbol) || !steps.has(symbol)) return nullQuote(key, atMs);
      const S = spot(symbol, atMs);
      return { ...nullQuote(key, atMs), bid: cents(S - 0.01), ask: cents(S + 0.01), last: S, mark: S, volume: 1e6 };
    },
    expirations,
    strikes: (symbol) => strikes(symbol),
    isListed,
    impliedVol: () => vol,
    optionQuote,
    optionQuotes: (list, atMs) => list.map((option) => optionQuote(option, atMs)),
    dividends: (symbol, fromDate, toDate) =>
      (options.dividends ?? []).filter((d) => d.symbol === symbol && d.exDate >= fromDate && d.exDate <= toDate),
    close(symbol, date) {
      const session = sessionFor(date);
      if (!session) throw new Error(`${date} is not a trading day`);
      return spot(symbol, session.close - 1);
    },
    setSpot(symbol, value, fromMs) {
      const list = requireSteps(symbol);
      list.push({ fromMs, spot: value });
      list.sort((a, b) => a.fromMs - b.fromMs);
    },
  };
}
