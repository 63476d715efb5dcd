// Turning a model price into a market: ticks, a spread that widens away from the money, near expiry and in thin
// strikes, and seeded open interest and volume.
import type { UnderlyingKind } from '../risk/account-type';
import { normalFor } from './prng';

export interface QuotedMarket {
  bid: number;
  ask: number;
  /** Mid of a two-sided market; null when the bid is 0 (no sound price). */
  mark: number | null;
}

/** Tick in cents: index ETFs trade in pennies throughout; stocks in $0.01 below $3 and $0.05 from $3. */
export function tickCents(kind: UnderlyingKind, price: number): number {
  return kind === 'index_etf' || price < 3 ? 1 : 5;
}

/**
 * Bid and ask on ticks around a model price: the centre is the price rounded to a tick and the half-spread at
 * least one tick, so bid ≤ model ≤ ask always holds and the mid is within half a tick of the model. A bid that
 * would be ≤ 0 is 0 (legitimate for far out-of-the-money options), and then there is no mark.
 */
export function marketAround(model: number, halfSpread: number, kind: UnderlyingKind): QuotedMarket {
  const tick = tickCents(kind, model);
  const centre = Math.round((model * 100) / tick) * tick;
  const half = Math.max(tick, Math.ceil((halfSpread * 100) / tick - 1e-9) * tick);
  const bid = centre - half;
  const ask = centre + half;
  if (bid <= 0) return { bid: 0, ask: Math.max(ask, tick) / 100, mark: null };
  return { bid: bid / 100, ask: ask / 100, mark: centre / 100 };
}

export interface SpreadInput {
  kind: UnderlyingKind;
  modelPrice: number;
  /** Standardized moneyness (see vol-surface.ts). */
  z: number;
  /** Calendar days to expiry (0 on expiry day). */
  dte: number;
  /** Expected contracts traded over the whole day. */
  dailyVolume: number;
}

/** Full bid-ask width in dollars: (base + pct·price) × moneyness × short-DTE × thin-volume multipliers. */
export function spreadWidth({ kind, modelPrice, z, dte, dailyVolume }: SpreadInput): number {
  const [base, pct] = kind === 'index_etf' ? [0.02, 0.004] : [0.04, 0.01];
  const moneyness = 1 + 0.25 * Math.abs(z);
  const shortDated = 1 + 1.5 / (1 + Math.max(0, dte));
  const thin = 1 + 1 / Math.sqrt(1 + Math.max(0, dailyVolume) / 50);
  return (base + pct * Math.max(0, modelPrice)) * moneyness * shortDated * thin;
}

export interface LiquidityInput {
  seed: number;
  /** The contract's instrument key: its own noise stream. */
  key: string;
  epochDay: number;
  baseOpenInterest: number;
  /** Standardized moneyness against the previous close (stable within the day). */
  z: number;
  dte: number;
  monthly: boolean;
}

/**
 * Open interest (fixed for the day) and the day's expected volume: both peak at the money; OI is larger in
 * monthlies and fades with distance in time, volume concentrates in near-dated contracts. Lognormal noise per
 * contract and day.
 */
export function liquidity(input: LiquidityInput): { openInterest: number; dailyVolume: number } {
  const { seed, key, epochDay, baseOpenInterest, z, dte, monthly } = input;
  const shape = Math.exp(-(z * z) / 4);
  const openInterest =
    baseOpenInterest *
    shape *
    (monthly ? 1 : 0.4) *
    (1 / (1 + dte / 180)) *
    Math.exp(0.5 * normalFor(seed, key, 'oi', epochDay) - 0.125);
  const turnover = 0.5 / (1 + dte / 7) + 0.02;
  const dailyVolume =
    (baseOpenInterest * shape * shape + openInterest) *
    turnover *
    Math.exp(0.4 * normalFor(seed, key, 'vol', epochDay));
  return { openInterest: Math.round(openInterest), dailyVolume: Math.round(dailyVolume) };
}
