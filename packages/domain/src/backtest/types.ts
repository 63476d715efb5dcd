// The backtester's inputs and outputs. Inputs are plain data an adapter has already parsed (CSV files, a rate table);
// the simulation is a pure function of them, the strategy's config and a seed.
//
// Conventions: prices per share; money on the ledger in Micros (exact), figures for charts and statistics in numbers
// (they are ratios and curves, not balances); `null` is unknown, never 0.
import type { IsoDate } from '../calendar';
import type { SkewParams } from '../market-model/vol-surface';
import type { AccountType, UnderlyingKind } from '../risk/account-type';
import type { RiskLimits } from '../risk/rules';

/** One trading day of an underlier. `close` is the raw (split-adjusted, not dividend-adjusted) close: strikes and
 * assignment use it. `adjClose` (split + dividend adjusted) is only used to derive dividends and the benchmark. */
export interface HistoryBar {
  date: IsoDate;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number | null;
  volume: number | null;
}

export interface DividendPayment {
  exDate: IsoDate;
  /** Per share. */
  amount: number;
}

/** How the underlier's options are exercised and settled. */
export type OptionStyle =
  /** US equity/ETF options: American, physically settled at the close (PM). */
  | 'american_physical'
  /** Index options (SPX monthly): European, cash-settled at the opening print of expiry day (the SOQ, AM). */
  | 'european_cash_am';

export interface UnderlierHistory {
  symbol: string;
  kind: UnderlyingKind;
  style: OptionStyle;
  /** Strictly increasing dates. */
  bars: readonly HistoryBar[];
  /** Cash dividends (given, or derived from adjClose by the adapter); [] = none. */
  dividends: readonly DividendPayment[];
}

/** A daily implied-vol level: the 30-day ATM vol of the underlier as a fraction (0.2 = 20%). */
export interface IvPoint {
  date: IsoDate;
  atm30: number;
}

/** Per underlier: where its 30-day ATM vol comes from. */
export type IvSpec =
  /** A VIX-style index series (the adapter turns index points into fractions: VIX 18.5 → 0.185) × `ratio`. */
  | { kind: 'index'; points: readonly IvPoint[]; ratio: number }
  /** Annualized close-to-close realized vol over the previous `window` days × `ratio` (no look-ahead). */
  | { kind: 'realized'; window: number; ratio: number }
  /** An IV history of the underlier itself (fractions). */
  | { kind: 'history'; points: readonly IvPoint[] };

/** A real end-of-day option quote; when a day has quotes for an underlier they replace the model chain. */
export interface OptionEodQuote {
  symbol: string;
  quoteDate: IsoDate;
  expiry: IsoDate;
  strike: number;
  right: 'call' | 'put';
  bid: number | null;
  ask: number | null;
  last: number | null;
  iv: number | null;
  delta: number | null;
  volume: number | null;
  openInterest: number | null;
}

/** The continuously compounded risk-free rate: a constant or a step series (each value holds from its date on). */
export type RateSpec =
  { kind: 'constant'; rate: number } | { kind: 'series'; points: readonly { date: IsoDate; rate: number }[] };

/** Where a fill lands between the bid and the ask. */
export type FillModel =
  | { kind: 'mid' }
  /** mid − fraction × (ask − bid) when selling, mid + fraction × (ask − bid) when buying (0.25: a quarter of the
   * spread given up). */
  | { kind: 'spread_fraction'; fraction: number }
  /** The bid when selling, the ask when buying. */
  | { kind: 'natural' };

export interface BacktestSettings {
  from: IsoDate;
  to: IsoDate;
  /** Starting cash in account currency (USD), decimal string. */
  initialCash: string;
  accountType: AccountType;
  fill: FillModel;
  /** Extra per share paid on every option fill, on top of the fill model (0 = none). */
  slippagePerShare: number;
  /** IBKR Pro fixed commissions (domain/orders/commissions.ts) on every fill. */
  commissions: boolean;
  /** Early assignment of short American options (deep in the money near expiry, or calls before an ex-dividend). */
  earlyAssignment: boolean;
  /** Interest on positive cash at the risk-free rate; negative cash pays the rate + `marginSpread`. */
  cashInterest: boolean;
  marginSpread: number;
  /** Seeds the liquidity of model chains. */
  seed: number;
  /** Skew of model chains, per underlier (absent: the kind's default, see chain-model.ts). */
  skew: Readonly<Record<string, SkewParams>>;
  /** The benchmark: buy-and-hold (total return) of this underlier; default the first one. */
  benchmark: string | null;
  /** Overrides of the account type's pre-trade risk limits (the same rules as live; `null` turns one off). */
  riskLimits: RiskLimits;
}

export interface BacktestInputs {
  underliers: readonly UnderlierHistory[];
  iv: Readonly<Record<string, IvSpec>>;
  rate: RateSpec;
  /** Real EOD quotes (any underliers, any days); used where present. */
  optionQuotes: readonly OptionEodQuote[];
}

/** One day of the equity curve. */
export interface EquityPoint {
  date: IsoDate;
  /** Net liquidation value. */
  equity: number;
  cash: number;
  /** The benchmark's value, scaled to start at the initial equity; null before it has a price. */
  benchmark: number | null;
  /** Whether any position was held at the close. */
  invested: boolean;
}

/** A fill of the backtest (a leg of an order, an assignment or an expiry). */
export interface BacktestFill {
  date: IsoDate;
  symbol: string;
  kind: 'option' | 'stock';
  right: 'call' | 'put' | null;
  strike: number | null;
  expiry: IsoDate | null;
  multiplier: number;
  side: 'BUY' | 'SELL';
  quantity: number;
  /** Per share. */
  price: number;
  commission: number;
  /** What made it: the recommendation's action, or 'assignment' | 'exercise' | 'expiration' | 'early_assignment' |
   * 'cash_settlement'. */
  reason: string;
}

/** A closed round trip of one contract or stock holding (opened from flat, back to zero). */
export interface BacktestTrade {
  symbol: string;
  kind: 'option' | 'stock';
  right: 'call' | 'put' | null;
  strike: number | null;
  expiry: IsoDate | null;
  direction: 'long' | 'short';
  quantity: number;
  openedOn: IsoDate;
  closedOn: IsoDate;
  /** Money in at the open (short: premium received, positive; long: paid, negative), × multiplier. */
  premium: number;
  /** Realized P&L after commissions. */
  pnl: number;
  commissions: number;
  closedBy: 'trade' | 'expiration' | 'assignment' | 'exercise' | 'cash_settlement' | 'end';
}

/** Things a trader counts that are not in the curve. */
export interface BacktestCounters {
  /** Net option premium received at opening sales (before commissions). */
  premiumCollected: number;
  assignments: number;
  callsAway: number;
  rolls: number;
  feesPaid: number;
  /** Orders the risk rules blocked. */
  riskBlocked: number;
  dividendsReceived: number;
  interestEarned: number;
}

export interface BacktestStats {
  startEquity: number;
  endEquity: number;
  totalReturn: number;
  /** Compound annual growth rate. */
  cagr: number | null;
  /** Annualized standard deviation of daily returns. */
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  /** Largest peak-to-trough fall, as a positive fraction. */
  maxDrawdown: number;
  /** Trading days from the peak before the largest drawdown until equity regained it (or the end). */
  maxDrawdownDays: number;
  /** The longest time under water, in trading days. */
  longestDrawdownDays: number;
  trades: number;
  winRate: number | null;
  profitFactor: number | null;
  averageTrade: number | null;
  /** Fraction of days with a position held. */
  timeInMarket: number;
  benchmark: {
    symbol: string;
    totalReturn: number;
    cagr: number | null;
    volatility: number | null;
    maxDrawdown: number;
    sharpe: number | null;
    /** Annualized alpha (Jensen's) and beta of the daily returns against the benchmark's. */
    alpha: number | null;
    beta: number | null;
  } | null;
  counters: BacktestCounters;
}

export interface YearRow {
  year: number;
  /** The strategy's return over the calendar year (first to last close in the run). */
  return: number;
  benchmarkReturn: number | null;
  maxDrawdown: number;
  trades: number;
  premiumCollected: number;
  feesPaid: number;
}
