// P&L of one option position across underlying prices: at expiry (intrinsic value) and today (from a pricer passed in).
import type { OptionRight } from '@optionstrader/domain';
import type { Side } from './calculator-form';

/** Shares per standard US equity option contract. */
export const CONTRACT_MULTIPLIER = 100;

/** [underlying price, P&L per contract]; a null P&L leaves a gap in the line. */
export type PayoffPoint = [number, number | null];

export interface PayoffSeries {
  expiry: PayoffPoint[];
  /** null when no pricer was given. */
  today: PayoffPoint[] | null;
  /** Underlying price at expiry where the position breaks even; null when there is none in (0, ∞). */
  breakeven: number | null;
}

export interface PayoffRequest {
  right: OptionRight;
  side: Side;
  strike: number;
  /** Price paid (buy) or received (sell) per share. */
  premium: number;
  from: number;
  to: number;
  /** Grid points before the strike and breakeven are added. */
  points?: number;
  /** The option's value per share today at underlying price S; a non-finite result leaves a gap. */
  valueToday?: (S: number) => number;
}

export function intrinsicValue(right: OptionRight, S: number, K: number): number {
  return right === 'call' ? Math.max(S - K, 0) : Math.max(K - S, 0);
}

/** Same for buyer and seller: the price where intrinsic value equals the premium. */
export function breakevenAtExpiry(right: OptionRight, strike: number, premium: number): number | null {
  const breakeven = right === 'call' ? strike + premium : strike - premium;
  return breakeven > 0 ? breakeven : null;
}

/**
 * The chart's x range: 0.5·K to 1.5·K, widened so the spot and the breakeven are always visible
 * (with a 10% margin beyond whichever of them lies outside).
 */
export function payoffRange(strike: number, spot: number, breakeven: number | null): { from: number; to: number } {
  const marks = [spot, ...(breakeven === null ? [] : [breakeven])];
  const from = Math.min(0.5 * strike, ...marks.map((mark) => mark * 0.9));
  const to = Math.max(1.5 * strike, ...marks.map((mark) => mark * 1.1));
  return { from: Math.max(from, 0), to };
}

function positionPnl(side: Side, value: number, premium: number): number {
  const perShare = side === 'buy' ? value - premium : premium - value;
  return perShare * CONTRACT_MULTIPLIER;
}

/** An even grid from `from` to `to`, plus the kink at the strike and the breakeven, so both are drawn exactly. */
export function priceGrid(from: number, to: number, points: number, extra: readonly number[]): number[] {
  if (!(to > from) || points < 2) throw new RangeError(`bad grid: from ${from} to ${to} in ${points} points`);
  const step = (to - from) / (points - 1);
  const grid = Array.from({ length: points }, (_, i) => (i === points - 1 ? to : from + i * step));
  const inside = extra.filter((x) => x > from && x < to && !grid.includes(x));
  return [...grid, ...inside].sort((a, b) => a - b);
}

export function buildPayoffSeries(request: PayoffRequest): PayoffSeries {
  const { right, side, strike, premium, from, to, points = 121, valueToday } = request;
  const breakeven = breakevenAtExpiry(right, strike, premium);
  const grid = priceGrid(from, to, points, breakeven === null ? [strike] : [strike, breakeven]);
  const expiry = grid.map((S): PayoffPoint => [S, positionPnl(side, intrinsicValue(right, S, strike), premium)]);
  const today = valueToday
    ? grid.map((S): PayoffPoint => {
        const value = valueToday(S);
        return [S, Number.isFinite(value) ? positionPnl(side, value, premium) : null];
      })
    : null;
  return { expiry, today, breakeven };
}

export interface PayoffExtremes {
  /** Per contract; null when unlimited. */
  maxProfit: number | null;
  /** Per contract, as a negative number; null when unlimited. */
  maxLoss: number | null;
}

/** Best and worst P&L at expiry. A call's upside is unlimited; a put's is capped by the underlying falling to 0. */
export function payoffExtremes(right: OptionRight, side: Side, strike: number, premium: number): PayoffExtremes {
  const buyer = {
    maxProfit: right === 'call' ? null : (strike - premium) * CONTRACT_MULTIPLIER,
    maxLoss: -premium * CONTRACT_MULTIPLIER,
  };
  if (side === 'buy') return buyer;
  return {
    maxProfit: -buyer.maxLoss,
    maxLoss: buyer.maxProfit === null ? null : -buyer.maxProfit,
  };
}
