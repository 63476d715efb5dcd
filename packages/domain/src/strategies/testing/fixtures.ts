// Hand-built states for the strategy and scanner tests: a market at a fixed instant with Black-Scholes-priced
// chains (so deltas and prices are consistent), and accounts built position by position. One place, so every
// strategy's tests speak the same language.
import { type IsoDate, addDays, newYorkToUtc, parseIsoDate, yearFractionToExpiry } from '../../calendar';
import { greeks, price } from '../../pricing/api';
import type { AccountType } from '../../risk/account-type';
import type { MarginMarket } from '../../risk/margin';
import type {
  ChainSlice,
  OptionQuote,
  OptionSide,
  StrategyAccount,
  StrategyInput,
  StrategyMarket,
  StrategyPosition,
  UnderlierMarket,
} from '../types';

/** Monday 2026-03-02, noon in New York. */
export const TODAY = parseIsoDate('2026-03-02');
export const NOW_MS = newYorkToUtc(TODAY, 12 * 60);
export const RATE = 0.04;

export const daysOut = (days: number): IsoDate => addDays(TODAY, days);

export function underlier(symbol: string, spot: number | null, extra: Partial<UnderlierMarket> = {}): UnderlierMarket {
  return {
    symbol,
    kind: symbol === 'SPY' || symbol === 'QQQ' || symbol === 'IWM' ? 'index_etf' : 'stock',
    spot,
    ivRank: 0.5,
    dividendYield: 0,
    exDividends: [],
    earnings: [],
    ...extra,
  };
}

export interface QuoteSpec {
  symbol: string;
  spot: number;
  expiry: IsoDate;
  strike: number;
  right: OptionSide;
  iv?: number;
  /** Half the bid-ask spread as a fraction of the model price (default 2.5%, min 0.01). */
  halfSpreadPct?: number;
  openInterest?: number | null;
  volume?: number | null;
}

/** A listed option priced by Black-Scholes at `iv` (default 25%), with a spread around the model price. */
export function quote(spec: QuoteSpec): OptionQuote {
  const sigma = spec.iv ?? 0.25;
  const T = yearFractionToExpiry(NOW_MS, spec.expiry);
  const input = { right: spec.right, S: spec.spot, K: spec.strike, T, r: RATE, q: 0, sigma };
  const model = price(input);
  const half = Math.max(0.01, model * (spec.halfSpreadPct ?? 0.025));
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    symbol: spec.symbol,
    expiry: spec.expiry,
    strike: spec.strike,
    right: spec.right,
    multiplier: 100,
    bid: round(Math.max(0, model - half)),
    ask: round(model + half),
    last: round(model),
    iv: sigma,
    delta: greeks(input).delta,
    volume: spec.volume === undefined ? 500 : spec.volume,
    openInterest: spec.openInterest === undefined ? 5_000 : spec.openInterest,
  };
}

/** A chain of both rights for each expiry, strikes every `step` from `from` to `to`. */
export function chain(
  symbol: string,
  spot: number,
  expiries: readonly IsoDate[],
  strikes: { from: number; to: number; step: number },
  extra: Partial<QuoteSpec> = {},
): ChainSlice {
  const options: OptionQuote[] = [];
  for (const expiry of expiries)
    for (let strike = strikes.from; strike <= strikes.to + 1e-9; strike += strikes.step)
      for (const right of ['put', 'call'] as const)
        options.push(quote({ symbol, spot, expiry, strike: Math.round(strike * 100) / 100, right, ...extra }));
  return { symbol, options, missing: null };
}

export function market(underliers: readonly UnderlierMarket[], chains: readonly ChainSlice[] = []): StrategyMarket {
  return {
    nowMs: NOW_MS,
    today: TODAY,
    rate: RATE,
    underliers: new Map(underliers.map((u) => [u.symbol, u])),
    chains: new Map(chains.map((c) => [c.symbol, c])),
  };
}

export function marginMarketOf(m: StrategyMarket): MarginMarket {
  return {
    nowMs: m.nowMs,
    spot: (symbol) => m.underliers.get(symbol)?.spot ?? null,
    kind: (symbol) => m.underliers.get(symbol)?.kind ?? 'stock',
    vol: (symbol, expiry, strike) =>
      m.chains.get(symbol)?.options.find((o) => o.expiry === expiry && o.strike === strike)?.iv ?? 0.25,
    rate: m.rate,
    dividendYield: (symbol) => m.underliers.get(symbol)?.dividendYield ?? 0,
  };
}

export const stockPosition = (symbol: string, quantity: number, avgPrice: number | null, mark: number | null) =>
  ({ symbol, instrument: { kind: 'stock' }, quantity, avgPrice, mark, portfolioId: null }) satisfies StrategyPosition;

export const optionPosition = (
  symbol: string,
  right: OptionSide,
  strike: number,
  expiry: IsoDate,
  quantity: number,
  avgPrice: number | null,
  mark: number | null,
): StrategyPosition => ({
  symbol,
  instrument: { kind: 'option', right, strike, expiry, multiplier: 100 },
  quantity,
  avgPrice,
  mark,
  portfolioId: null,
});

export function account(
  positions: readonly StrategyPosition[],
  extra: Partial<StrategyAccount> & { type?: AccountType } = {},
): StrategyAccount {
  return {
    accountId: 'acc-1',
    accountCode: 'DU123',
    type: 'margin_regt',
    cash: 100_000,
    netLiquidation: 150_000,
    buyingPower: 200_000,
    excessLiquidity: 80_000,
    positions,
    cyclePremiums: {},
    events: [],
    ...extra,
  };
}

/** A full plugin input; `config` is parsed by the caller's schema (so defaults apply). */
export function input<C>(
  config: C,
  acct: StrategyAccount,
  m: StrategyMarket,
  watchlistSymbols: readonly string[] = [],
): StrategyInput<C> {
  return {
    account: acct,
    riskState: null,
    marginMarket: marginMarketOf(m),
    market: m,
    instance: { id: 'inst-1', name: 'Test', accountId: acct.accountId, portfolioId: null, config, watchlistSymbols },
    asOf: m.nowMs,
  };
}

export interface ListedSpec {
  symbol: string;
  expiry: IsoDate;
  strike: number;
  right: OptionSide;
  bid: number | null;
  ask: number | null;
  /** Signed (puts negative). */
  delta: number | null;
  iv?: number | null;
  openInterest?: number | null;
  volume?: number | null;
}

/** A listed option with a hand-set market (bid, ask and delta as given), for hand-worked numbers. */
export function listed(spec: ListedSpec): OptionQuote {
  return {
    symbol: spec.symbol,
    expiry: spec.expiry,
    strike: spec.strike,
    right: spec.right,
    multiplier: 100,
    bid: spec.bid,
    ask: spec.ask,
    last: null,
    iv: spec.iv === undefined ? 0.25 : spec.iv,
    delta: spec.delta,
    volume: spec.volume === undefined ? 500 : spec.volume,
    openInterest: spec.openInterest === undefined ? 5_000 : spec.openInterest,
  };
}

/** A chain slice of the given options. */
export const slice = (symbol: string, options: readonly OptionQuote[], missing: string | null = null): ChainSlice => ({
  symbol,
  options,
  missing,
});
