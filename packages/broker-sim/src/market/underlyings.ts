// The simulated underlyings: the public profile plus the knobs the simulator needs (vol ratio, skew, liquidity,
// dividend calendar). Values are rough market norms, not fitted data, except where marked calibrated.
import type { UnderlyingProfile } from './market-simulator';

export interface DividendSchedule {
  /** Ex-date months (1–12), one per quarter. */
  months: readonly number[];
  /** The ex-date is the `nth` `weekday` (0 = Sunday … 6 = Saturday) of the month, moved to a trading day. */
  weekday: number;
  nth: number;
  /** Calendar days from ex-date to pay date. */
  payLagDays: number;
}

export interface SimUnderlying extends UnderlyingProfile {
  /** ATM 30-day IV ÷ (VIX/100); `calibrated` = realized vol of the symbol ÷ realized vol of SPY over the history. */
  ivRatio: number | 'calibrated';
  /** Skew (per unit of standardized moneyness) and smile curvature of the vol surface; see vol-surface.ts. */
  skew: number;
  smile: number;
  /** Open interest of an at-the-money monthly contract; sets the liquidity of the whole chain. */
  baseOpenInterest: number;
  dividendSchedule: DividendSchedule;
}

export const DEFAULT_UNDERLYINGS: readonly SimUnderlying[] = [
  {
    symbol: 'SPY',
    kind: 'index_etf',
    primaryExchange: 'ARCA',
    dividendYield: 0.013,
    ivRatio: 1,
    skew: 0.22,
    smile: 0.04,
    baseOpenInterest: 40_000,
    dividendSchedule: { months: [3, 6, 9, 12], weekday: 5, nth: 3, payLagDays: 42 },
  },
  {
    symbol: 'QQQ',
    kind: 'index_etf',
    primaryExchange: 'NASDAQ',
    dividendYield: 0.006,
    ivRatio: 1.25,
    skew: 0.2,
    smile: 0.04,
    baseOpenInterest: 25_000,
    dividendSchedule: { months: [3, 6, 9, 12], weekday: 1, nth: 4, payLagDays: 37 },
  },
  {
    symbol: 'AAPL',
    kind: 'stock',
    primaryExchange: 'NASDAQ',
    dividendYield: 0.005,
    ivRatio: 'calibrated',
    skew: 0.12,
    smile: 0.04,
    baseOpenInterest: 15_000,
    dividendSchedule: { months: [2, 5, 8, 11], weekday: 5, nth: 2, payLagDays: 7 },
  },
  {
    symbol: 'MSFT',
    kind: 'stock',
    primaryExchange: 'NASDAQ',
    dividendYield: 0.008,
    ivRatio: 'calibrated',
    skew: 0.12,
    smile: 0.04,
    baseOpenInterest: 8_000,
    dividendSchedule: { months: [2, 5, 8, 11], weekday: 4, nth: 3, payLagDays: 28 },
  },
  {
    symbol: 'KO',
    kind: 'stock',
    primaryExchange: 'NYSE',
    dividendYield: 0.03,
    ivRatio: 'calibrated',
    skew: 0.12,
    smile: 0.04,
    baseOpenInterest: 4_000,
    dividendSchedule: { months: [3, 6, 9, 11], weekday: 5, nth: 2, payLagDays: 16 },
  },
  {
    symbol: 'JPM',
    kind: 'stock',
    primaryExchange: 'NYSE',
    dividendYield: 0.024,
    ivRatio: 'calibrated',
    skew: 0.12,
    smile: 0.04,
    baseOpenInterest: 5_000,
    dividendSchedule: { months: [1, 4, 7, 10], weekday: 5, nth: 1, payLagDays: 25 },
  },
  {
    symbol: 'XOM',
    kind: 'stock',
    primaryExchange: 'NYSE',
    dividendYield: 0.034,
    ivRatio: 'calibrated',
    skew: 0.12,
    smile: 0.04,
    baseOpenInterest: 5_000,
    dividendSchedule: { months: [2, 5, 8, 11], weekday: 3, nth: 2, payLagDays: 25 },
  },
];

/** The public part of a sim underlying. */
export function toProfile(underlying: SimUnderlying): UnderlyingProfile {
  const { symbol, kind, primaryExchange, dividendYield } = underlying;
  return { symbol, kind, primaryExchange, dividendYield };
}
