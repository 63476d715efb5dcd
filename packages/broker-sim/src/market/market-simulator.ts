// The seam between the market simulator (prices, vols, chains, quotes) and the simulated brokerage.
// Deterministic: the same seed, history and instant always give the same numbers; time is an argument.
import type { BrokerQuote, Decimal } from '@optionstrader/application';
import type { InstrumentKey, IsoDate, OptionId, UnderlyingKind } from '@optionstrader/domain';

export type { UnderlyingKind };

export interface UnderlyingProfile {
  symbol: string;
  kind: UnderlyingKind;
  /** Listing exchange as IBKR reports it (ARCA, NASDAQ, NYSE). */
  primaryExchange: string;
  /** Continuous yield used for pricing; cash dividends are listed by `dividends`. */
  dividendYield: number;
}

export interface CashDividendEvent {
  symbol: string;
  exDate: IsoDate;
  payDate: IsoDate;
  /** Per share. */
  amount: Decimal;
}

export interface MarketSimulator {
  profiles(): UnderlyingProfile[];
  profile(symbol: string): UnderlyingProfile | undefined;
  /** Risk-free rate (continuous) used for option prices at `atMs`. */
  riskFreeRate(atMs: number): number;
  /** Spot at an instant: daily history, extended past its end by a seeded walk, with intraday moves in between. */
  spot(symbol: string, atMs: number): number;
  /** Stock/ETF quote (bid/ask around the spot, volume so far today). */
  underlyingQuote(symbol: string, atMs: number): BrokerQuote;
  /** Listed expirations from `atMs` on: weeklies for index ETFs, monthlies, quarterlies, LEAPS (Jan, 1–2 years out). */
  expirations(symbol: string, atMs: number): IsoDate[];
  /** Strike grid of one expiry, around the spot, with a realistic increment. */
  strikes(symbol: string, expiry: IsoDate, atMs: number): Decimal[];
  /** Whether the option is listed at `atMs` (expiry listed and strike on the grid). */
  isListed(option: OptionId, atMs: number): boolean;
  /** The implied vol of the surface (skew, term structure, level tied to VIX history). */
  impliedVol(symbol: string, expiry: IsoDate, strike: number, atMs: number): number;
  /** A listed option's quote: model price ± a spread that widens with moneyness, short DTE and low volume. */
  optionQuote(option: OptionId, atMs: number): BrokerQuote;
  /** Quotes of many options at one instant (one surface evaluation; the chain viewer and scanners use it). */
  optionQuotes(options: OptionId[], atMs: number): BrokerQuote[];
  /** Cash dividends with an ex-date in [fromDate, toDate]. */
  dividends(symbol: string, fromDate: IsoDate, toDate: IsoDate): CashDividendEvent[];
  /** Close on a past trading day (for expiration processing and marks). */
  close(symbol: string, date: IsoDate): number;
}

export type { InstrumentKey };
