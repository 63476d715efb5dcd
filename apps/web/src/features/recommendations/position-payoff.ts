// The P&L at expiry of the position a recommendation leaves open, per unit of the order (one contract of each leg ×
// its ratio): which legs stay open (a roll keeps only its new leg; a covered call adds the shares when the params
// say what they cost), the P&L at an underlying price, its exact breakevens and extremes, and the chart series.
// Reuses the calculator's intrinsic value and price grid.
import type { RecommendationView } from '@optionstrader/contracts';
import { intrinsicValue, priceGrid, type PayoffPoint, type PayoffSeries } from '../calculator/payoff';

export interface PayoffLeg {
  kind: 'option' | 'stock';
  right: 'call' | 'put' | null;
  strike: number | null;
  side: 'BUY' | 'SELL';
  /** Shares per unit of the order: multiplier × ratio (100 for one standard contract). */
  shares: number;
  /** Entry price per share: the option's premium, the stock's cost. */
  price: number;
}

export type PayoffLegs =
  { ok: true; legs: PayoffLeg[]; expiry: string | null; notes: string[] } | { ok: false; reason: string };

/** What a covered call's or a roll's params may say the shares cost (per share). */
const COST_KEYS = ['averageCost', 'costBasis'] as const;

function stockCost(params: RecommendationView['params']): number | null {
  for (const key of COST_KEYS) {
    const value = params?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return null;
}

type Leg = RecommendationView['legs'][number];

/** A roll closes its old leg and opens a new one: the new one has the later expiry (or, same expiry, the other side). */
function legsLeftOpen(recommendation: RecommendationView): Leg[] {
  const { action, legs } = recommendation;
  if (action !== 'roll_put' && action !== 'roll_call') return legs;
  const latest = legs.reduce<string | null>(
    (max, leg) => (leg.expiry && (!max || leg.expiry > max) ? leg.expiry : max),
    null,
  );
  const later = legs.filter((leg) => leg.expiry === latest);
  // Rolling a short: the new leg is sold. Same expiry on both sides (a roll in strike only): keep the sold one.
  return later.length === legs.length ? legs.filter((leg) => leg.side === 'SELL') : later;
}

export function payoffLegs(recommendation: RecommendationView): PayoffLegs {
  const { action } = recommendation;
  if (action === 'close' || action === 'buy_to_close') {
    return { ok: false, reason: 'This closes a position: nothing new stays open to chart.' };
  }
  const open = legsLeftOpen(recommendation);
  const options = open.filter((leg) => leg.kind === 'option');
  const expiries = [...new Set(options.map((leg) => leg.expiry).filter((e): e is string => e !== null))].sort();
  const expiry = expiries[0] ?? null;
  const notes: string[] = [];
  if (open.length < recommendation.legs.length)
    notes.push('After the roll: the new leg alone (the old one is bought back).');
  const legs: PayoffLeg[] = [];
  for (const leg of open) {
    if (leg.kind === 'option' && leg.expiry !== expiry) {
      // A longer-dated leg still has time value at the first expiry: its intrinsic value would misstate the P&L.
      notes.push(`The ${leg.expiry ?? 'undated'} ${leg.right ?? ''} leg expires later and is not in the chart.`);
      continue;
    }
    const price =
      leg.mid ??
      (recommendation.legs.length === 1 && recommendation.limitPrice !== null
        ? Number(recommendation.limitPrice)
        : null);
    if (price === null)
      return { ok: false, reason: `No price for the ${leg.symbol} ${leg.right ?? 'stock'} leg: no two-sided quote.` };
    if (leg.kind === 'option' && (leg.strike === null || leg.right === null)) {
      return { ok: false, reason: 'An option leg without a strike or right cannot be charted.' };
    }
    legs.push({
      kind: leg.kind,
      right: leg.right,
      strike: leg.strike,
      side: leg.side,
      shares: leg.multiplier * leg.ratio,
      price,
    });
  }
  if (legs.length === 0) return { ok: false, reason: 'No leg of this recommendation can be charted at one expiry.' };

  const coveredCall = (action === 'sell_call' || action === 'roll_call') && !open.some((leg) => leg.kind === 'stock');
  const cost = coveredCall ? stockCost(recommendation.params) : null;
  if (cost !== null) {
    // Each short call is covered by its own shares: one contract's worth per unit of the order.
    const covered = legs.filter((l) => l.kind === 'option' && l.side === 'SELL').reduce((sum, l) => sum + l.shares, 0);
    legs.push({ kind: 'stock', right: null, strike: null, side: 'BUY', shares: covered, price: cost });
    notes.push(`Includes the ${covered} covering shares at their average cost.`);
  } else if (coveredCall) {
    notes.push(
      'Only the option legs are charted: what covers the call (shares, a long call) is not in the recommendation.',
    );
  }
  return { ok: true, legs, expiry, notes };
}

/** P&L at expiry per unit of the order, at underlying price S. */
export function pnlAtExpiry(legs: readonly PayoffLeg[], S: number): number {
  return legs.reduce((sum, leg) => {
    const value = leg.kind === 'stock' ? S : intrinsicValue(leg.right ?? 'call', S, leg.strike ?? 0);
    const perShare = leg.side === 'BUY' ? value - leg.price : leg.price - value;
    return sum + perShare * leg.shares;
  }, 0);
}

const kinksOf = (legs: readonly PayoffLeg[]): number[] =>
  [...new Set(legs.filter((l) => l.kind === 'option').map((l) => l.strike ?? 0))].sort((a, b) => a - b);

/** The P&L's slope above the highest strike (per $1 of the underlier): > 0 unlimited profit, < 0 unlimited loss. */
function tailSlope(legs: readonly PayoffLeg[]): number {
  const last = kinksOf(legs).at(-1) ?? 0;
  return pnlAtExpiry(legs, last + 1) - pnlAtExpiry(legs, last);
}

/** Every underlying price in (0, ∞) where the P&L at expiry is 0, exact (the P&L is linear between strikes). */
export function breakevens(legs: readonly PayoffLeg[]): number[] {
  const points = [0, ...kinksOf(legs).filter((k) => k > 0)];
  const found: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    const a = points[i] as number;
    const fa = pnlAtExpiry(legs, a);
    if (fa === 0 && a > 0) found.push(a);
    const b = points[i + 1];
    if (b === undefined) {
      const slope = tailSlope(legs);
      if (slope !== 0 && fa !== 0 && Math.sign(slope) !== Math.sign(fa)) found.push(a - fa / slope);
      continue;
    }
    const fb = pnlAtExpiry(legs, b);
    if (fa !== 0 && fb !== 0 && Math.sign(fa) !== Math.sign(fb)) found.push(a + (-fa * (b - a)) / (fb - fa));
  }
  return found.filter((x) => x > 0);
}

export interface PositionExtremes {
  /** Per unit of the order; null when unlimited. */
  maxProfit: number | null;
  /** Negative for a loss; null when unlimited. */
  maxLoss: number | null;
}

/** The best and worst P&L at expiry: at 0, at a strike, or unlimited along the upper tail. */
export function positionExtremes(legs: readonly PayoffLeg[]): PositionExtremes {
  const values = [0, ...kinksOf(legs)].map((S) => pnlAtExpiry(legs, S));
  const slope = tailSlope(legs);
  return {
    maxProfit: slope > 0 ? null : Math.max(...values),
    maxLoss: slope < 0 ? null : Math.min(...values),
  };
}

/** The chart's x range: every strike, breakeven and the spot, with 20% room either side. */
export function positionRange(legs: readonly PayoffLeg[], spot: number | null): { from: number; to: number } {
  const marks = [...kinksOf(legs), ...breakevens(legs), ...(spot === null ? [] : [spot])].filter((x) => x > 0);
  const low = Math.min(...marks);
  const high = Math.max(...marks);
  return { from: Math.max(0, low * 0.8), to: high * 1.2 };
}

/** The chart's series at expiry; its one breakeven mark is the one nearest `near` (the spot, else the strike). */
export function positionPayoffSeries(
  legs: readonly PayoffLeg[],
  from: number,
  to: number,
  near: number,
  points = 121,
): PayoffSeries {
  const evens = breakevens(legs);
  const grid = priceGrid(from, to, points, [...kinksOf(legs), ...evens]);
  const expiry = grid.map((S): PayoffPoint => [S, pnlAtExpiry(legs, S)]);
  const breakeven = evens.reduce<number | null>(
    (best, x) => (best === null || Math.abs(x - near) < Math.abs(best - near) ? x : best),
    null,
  );
  return { expiry, today: null, breakeven };
}
