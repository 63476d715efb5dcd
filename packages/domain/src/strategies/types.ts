// What a strategy plugin sees and says. A plugin is pure: the same inputs give the same outputs, live, in paper
// mode and in backtests. The engine (application layer, or the backtester) gathers the inputs, asks the plugin which
// option chains it needs (`dataNeeds`), fetches only those, and stores what `generateSignals` returns.
//
// Conventions: prices are per share (an option's premium per share, × multiplier for a contract); quantities are
// signed in positions (negative = short) and positive in recommendations (the legs' sides say buy or sell);
// `null` always means unknown, never 0.
import type { z } from 'zod';
import type { IsoDate } from '../calendar';
import type { AccountType, UnderlyingKind } from '../risk/account-type';
import type { MarginInstrument, MarginMarket } from '../risk/margin';
import type { RiskState } from '../risk/risk-state';

export type OptionSide = 'call' | 'put';

/** One listed option with its market, as fetched for this run. */
export interface OptionQuote {
  /** The underlier. */
  symbol: string;
  expiry: IsoDate;
  strike: number;
  right: OptionSide;
  multiplier: number;
  bid: number | null;
  ask: number | null;
  last: number | null;
  /** Implied vol (0.25 = 25%). */
  iv: number | null;
  /** Per share, signed (puts negative). */
  delta: number | null;
  volume: number | null;
  openInterest: number | null;
}

export interface ExDividendEvent {
  exDate: IsoDate;
  /** Per share. */
  amount: number;
}

export interface UnderlierMarket {
  symbol: string;
  kind: UnderlyingKind;
  spot: number | null;
  /** Where the current ATM IV sits in its one-year range, 0..1; null when the history is unknown. */
  ivRank: number | null;
  /** Continuous dividend yield used for pricing (0 when unknown). */
  dividendYield: number;
  /** Ex-dividend dates in the coming months; null when this data source does not know them. */
  exDividends: readonly ExDividendEvent[] | null;
  /** Upcoming earnings dates; null when this data source does not know them ([] = none scheduled). */
  earnings: readonly IsoDate[] | null;
}

/** The options fetched for one underlier; `missing` says why some or all are absent ("no quotes for KO"). */
export interface ChainSlice {
  symbol: string;
  options: readonly OptionQuote[];
  missing: string | null;
}

export interface StrategyMarket {
  nowMs: number;
  /** New York trading date of `nowMs`. */
  today: IsoDate;
  /** Continuously compounded risk-free rate. */
  rate: number;
  underliers: ReadonlyMap<string, UnderlierMarket>;
  /** Only what `dataNeeds` asked for; an underlier absent here was not fetched. */
  chains: ReadonlyMap<string, ChainSlice>;
}

/** A part of an option chain a plugin needs: rights, a DTE window and a strike band around the spot. */
export interface ChainRequest {
  symbol: string;
  rights: readonly OptionSide[];
  minDte: number;
  maxDte: number;
  /** Strike band as fractions of the spot (0.7 – 1.05 = strikes from 70% to 105% of spot). */
  minMoneyness: number;
  maxMoneyness: number;
}

export interface StrategyPosition {
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  instrument: MarginInstrument;
  /** Signed: negative is short. Contracts for options, shares for stock. */
  quantity: number;
  /** Average price per share (an option's premium per share); null when unknown. */
  avgPrice: number | null;
  /** Current price per share; null when unknown. */
  mark: number | null;
  portfolioId: string | null;
}

export type OptionEventKind = 'assignment' | 'exercise' | 'expiration' | 'early_assignment';

/** An assignment, exercise or expiration since the previous run: it triggers the next step of a cycle. */
export interface OptionEvent {
  kind: OptionEventKind;
  symbol: string;
  right: OptionSide;
  strike: number;
  expiry: IsoDate;
  /** Contracts (positive). */
  quantity: number;
  atMs: number;
}

export interface StrategyAccount {
  accountId: string;
  accountCode: string;
  type: AccountType;
  cash: number;
  netLiquidation: number | null;
  buyingPower: number | null;
  excessLiquidity: number | null;
  positions: readonly StrategyPosition[];
  /**
   * Net option premium received per underlier (per share of the stock held) during the current holding cycle; it
   * lowers the Wheel's cost basis. Absent symbol = none known.
   */
  cyclePremiums: Readonly<Record<string, number>>;
  events: readonly OptionEvent[];
}

export interface StrategyInstance<C> {
  id: string;
  name: string;
  accountId: string;
  portfolioId: string | null;
  config: C;
  /** Symbols of the watchlists the config names, resolved by the engine (the config's own symbols are in config). */
  watchlistSymbols: readonly string[];
}

export interface StrategyInput<C> {
  account: StrategyAccount;
  /** The account's risk (null before the first balance is known). */
  riskState: RiskState | null;
  /** The risk engine's market, for margin estimates of a candidate (domain risk functions). */
  marginMarket: MarginMarket;
  market: StrategyMarket;
  instance: StrategyInstance<C>;
  asOf: number;
}

export type DataNeedsInput<C> = Pick<StrategyInput<C>, 'account' | 'instance' | 'asOf'> & {
  /** Spots known before the chains are fetched (the strike bands are relative to them). */
  spots: ReadonlyMap<string, number | null>;
};

export interface StrategySignal {
  /** Stable: 'assignment', 'missing_data', 'skipped', 'earnings_guard', 'ex_dividend_risk', 'roll_due', … */
  kind: string;
  symbol: string | null;
  message: string;
  payload?: Record<string, unknown>;
}

/** A scored candidate of a scan. */
export interface ScoredOpportunity {
  /** Stable identity within a run: `${symbol}|${expiry}|${strike}|${right}`. */
  key: string;
  symbol: string;
  expiry: IsoDate;
  strike: number;
  right: OptionSide;
  multiplier: number;
  bid: number | null;
  ask: number | null;
  mid: number | null;
  delta: number | null;
  dte: number;
  iv: number | null;
  ivRank: number | null;
  /** Return on the capital a contract ties up, over its life (0.012 = 1.2%). */
  ror: number | null;
  annualizedRor: number | null;
  /** Probability of profit at expiry (lognormal at the option's IV). */
  pop: number | null;
  volume: number | null;
  openInterest: number | null;
  /** (ask − bid) / mid. */
  spreadPct: number | null;
  score: number;
  /** 1 = best. */
  rank: number;
  /** How the score was made, the capital basis and anything else worth showing. */
  details: Record<string, unknown>;
}

export type RecommendationAction =
  | 'sell_put'
  | 'sell_call'
  | 'roll_put'
  | 'roll_call'
  | 'close'
  | 'buy_leaps'
  | 'buy_to_close'
  | 'buy_stock'
  | 'sell_stock'
  | 'buy_put'
  | 'buy_call';

export interface RecommendationLeg {
  symbol: string;
  kind: 'option' | 'stock';
  right: OptionSide | null;
  strike: number | null;
  expiry: IsoDate | null;
  /** 100 for standard options, 1 for stock. */
  multiplier: number;
  side: 'BUY' | 'SELL';
  /** Units of this leg per unit of the order (1 for single legs and simple rolls). */
  ratio: number;
  bid: number | null;
  ask: number | null;
  mid: number | null;
}

export interface RecommendationDraft {
  action: RecommendationAction;
  symbol: string;
  legs: RecommendationLeg[];
  /** Units of the order (contracts, or shares for stock); positive. */
  quantity: number;
  /**
   * Per unit, as the order will carry it. Single leg: the price per share (positive). Several legs: the net price
   * per share, positive = debit paid, negative = credit received. Null when there is no two-sided market to price it.
   */
  limitPrice: number | null;
  /** The net bid and ask (same sign convention as `limitPrice`) the limit sits between; null when unknown. */
  spread: { bid: number | null; ask: number | null };
  /** Plain words, with the numbers behind them. */
  rationale: string;
  /** 0..1. */
  confidence: number;
  /** The strategy parameters that decided it (target delta, DTE window, profit target, …). */
  params: Record<string, unknown>;
  /** The opportunity (of this output) it was chosen from, if any. */
  opportunityKey: string | null;
}

export interface StrategyOutput {
  signals: StrategySignal[];
  /** Ranked best first. */
  opportunities: ScoredOpportunity[];
  recommendations: RecommendationDraft[];
}

export interface StrategyPlugin<C = unknown> {
  slug: string;
  /** Bumped when the plugin's behaviour changes; `${slug}@${version}` is the version's code_ref. */
  version: string;
  name: string;
  description: string;
  /** Every field has a default and a `.describe()` (the UI renders the form from its JSON schema). */
  configSchema: z.ZodType<C>;
  /** Which chains to fetch: only what the filters can use. */
  dataNeeds(input: DataNeedsInput<C>): ChainRequest[];
  generateSignals(input: StrategyInput<C>): StrategyOutput;
}
