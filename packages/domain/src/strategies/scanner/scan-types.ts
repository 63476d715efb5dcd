// The scanner's inputs and outputs (scan.ts implements them): filters on a chain slice, metrics per candidate, a
// documented score and a rank. Unknown market data never passes a filter that needs it, and is counted as missing.
import type { IsoDate } from '../../calendar';
import type { OptionQuote, OptionSide, ScoredOpportunity, UnderlierMarket } from '../types';

export interface ScanFilters {
  rights: readonly OptionSide[];
  /** |Δ| bounds (0.15 – 0.35); null = no bound. */
  minAbsDelta: number | null;
  maxAbsDelta: number | null;
  minDte: number;
  maxDte: number;
  minIv: number | null;
  maxIv: number | null;
  minIvRank: number | null;
  maxIvRank: number | null;
  minVolume: number | null;
  minOpenInterest: number | null;
  /** (ask − bid) / mid, e.g. 0.10 = 10%. */
  maxSpreadPct: number | null;
  /** Minimum premium per share received (sells) — e.g. 0.30. */
  minCredit: number | null;
  /** Option price (mid, per share) bounds. */
  minPrice: number | null;
  maxPrice: number | null;
  /** Strike bounds (absolute); null = none. */
  minStrike: number | null;
  maxStrike: number | null;
}

/**
 * How candidates are ranked (higher score = better); see docs/strategies.md.
 * - `annualized_ror`: annualized return on capital.
 * - `pop`: probability of profit.
 * - `liquidity`: open interest and volume, penalised by the spread.
 * - `iv_rank`: the underlier's IV rank.
 * - `balanced` (default): 0.4 × annualized ROR (capped at 100%) + 0.3 × POP + 0.2 × liquidity + 0.1 × IV rank.
 */
export type ScoreMethod = 'balanced' | 'annualized_ror' | 'pop' | 'liquidity' | 'iv_rank';

/** What a contract ties up, per share, for the return on capital. */
export type CapitalBasis =
  /** Short put secured by cash: strike − premium. */
  | 'cash_secured'
  /** Short call against shares: the spot (or the given basis). */
  | 'covered'
  /** A long option: the premium paid. */
  | 'premium'
  /** A short option on margin: the given per-share requirement function. */
  | 'margin';

export interface ScanRequest {
  underlier: UnderlierMarket;
  options: readonly OptionQuote[];
  /** Selling collects the bid side's premium; buying pays it. */
  side: 'sell' | 'buy';
  filters: ScanFilters;
  score: ScoreMethod;
  capital: CapitalBasis;
  /** For `covered`: per-share basis instead of the spot (e.g. the Wheel's cost basis). */
  coveredBasis?: number;
  /** For `margin`: the requirement per share of one candidate. */
  marginPerShare?: (option: OptionQuote) => number | null;
  today: IsoDate;
  nowMs: number;
  rate: number;
}

export type RejectReason =
  | 'right'
  | 'dte'
  | 'delta'
  | 'iv'
  | 'iv_rank'
  | 'volume'
  | 'open_interest'
  | 'spread'
  | 'credit'
  | 'price'
  | 'strike'
  /** A filter needed a figure the market did not give (no quote, no IV, no OI). */
  | 'unknown_data';

export interface ScanResult {
  /** Passed every filter; ranked best first (rank 1 = best). */
  opportunities: ScoredOpportunity[];
  considered: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Plain-words notes on missing data ("no quotes for 12 of 40 KO options"); empty when nothing was missing. */
  missing: string[];
}
