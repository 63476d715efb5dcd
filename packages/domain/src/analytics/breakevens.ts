// Profit at expiry and breakeven prices of single legs and simple combos (verticals, straddles, strangles,
// iron condors, covered calls, collars). Arithmetic runs in exact integer micro-units (money.ts scale), so
// 190 − 2.35 is 187.65, not 187.64999999999998.
import type { OptionRight } from '../pricing/types';

export interface OptionLeg {
  kind: OptionRight;
  strike: number;
  /** Signed contracts: + long, − short. All legs share one multiplier, so it is left out. */
  quantity: number;
  /** Premium per share, paid (long) or received (short), as a positive price. */
  premium: number;
}

export interface StockLeg {
  kind: 'stock';
  /** Signed, in the same units as option quantities (1 = one contract's worth of shares). */
  quantity: number;
  /** Entry price (cost basis) per share. */
  price: number;
}

export type PayoffLeg = OptionLeg | StockLeg;

const SCALE = 1_000_000n;

function toMicros(value: number, what: string): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`${what} is not a finite number: ${value}`);
  return BigInt(Math.round(value * 1e6));
}

function fromMicros(value: bigint): number {
  return Number(value) / 1e6;
}

interface ExactLeg {
  kind: OptionRight | 'stock';
  quantity: bigint;
  /** Strike, or entry price for stock. */
  level: bigint;
  premium: bigint;
}

function exact(legs: readonly PayoffLeg[]): ExactLeg[] {
  if (legs.length === 0) throw new RangeError('No legs');
  return legs.map((leg) => {
    if (!Number.isSafeInteger(leg.quantity) || leg.quantity === 0) {
      throw new RangeError(`Leg quantity must be a non-zero integer: ${leg.quantity}`);
    }
    if (leg.kind === 'stock') {
      return { kind: 'stock', quantity: BigInt(leg.quantity), level: toMicros(leg.price, 'Stock price'), premium: 0n };
    }
    if (!(leg.strike > 0)) throw new RangeError(`Strike must be positive: ${leg.strike}`);
    if (!(leg.premium >= 0)) throw new RangeError(`Premium must be ≥ 0: ${leg.premium}`);
    return {
      kind: leg.kind,
      quantity: BigInt(leg.quantity),
      level: toMicros(leg.strike, 'Strike'),
      premium: toMicros(leg.premium, 'Premium'),
    };
  });
}

function profitAt(legs: readonly ExactLeg[], price: bigint): bigint {
  let total = 0n;
  for (const leg of legs) {
    let value: bigint;
    if (leg.kind === 'stock') value = price - leg.level;
    else if (leg.kind === 'call') value = (price > leg.level ? price - leg.level : 0n) - leg.premium;
    else value = (leg.level > price ? leg.level - price : 0n) - leg.premium;
    total += leg.quantity * value;
  }
  return total;
}

/** Profit per share-unit at expiry when the underlying settles at `price` (multiply by the multiplier for dollars). */
export function expiryProfit(legs: readonly PayoffLeg[], price: number): number {
  return fromMicros(profitAt(exact(legs), toMicros(price, 'Price')));
}

/** Rounded division of bigints (half away from zero). */
function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/**
 * Underlying prices at expiry where the position neither makes nor loses money, ascending, to the micro-unit.
 * The profit is piecewise linear between strikes, so each sign change is found exactly on its segment.
 * A position that is flat at zero over a whole segment reports that segment's ends.
 */
export function breakevens(legs: readonly PayoffLeg[]): number[] {
  const exactLegs = exact(legs);
  const points = [0n, ...new Set(exactLegs.filter((leg) => leg.kind !== 'stock').map((leg) => leg.level))].sort(
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  const found = new Set<bigint>();
  for (let i = 0; i < points.length; i++) {
    const a = points[i] ?? 0n;
    const fa = profitAt(exactLegs, a);
    if (fa === 0n) found.add(a);
    const next = points[i + 1];
    if (next !== undefined) {
      const fb = profitAt(exactLegs, next);
      if ((fa < 0n && fb > 0n) || (fa > 0n && fb < 0n)) found.add(a + divRound(-fa * (next - a), fb - fa));
    } else {
      // Beyond the last strike the slope is constant: measure it one unit further.
      const slope = profitAt(exactLegs, a + SCALE) - fa;
      if ((fa < 0n && slope > 0n) || (fa > 0n && slope < 0n)) found.add(a + divRound(-fa * SCALE, slope));
    }
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(fromMicros);
}

/** Breakeven of one option leg, long or short: call strike + premium, put strike − premium. */
export function singleLegBreakeven(kind: OptionRight, strike: number, premium: number): number {
  const k = toMicros(strike, 'Strike');
  const p = toMicros(premium, 'Premium');
  return fromMicros(kind === 'call' ? k + p : k - p);
}

/** Covered call (long stock + short call): cost basis − premium. */
export function coveredCallBreakeven(costBasis: number, premium: number): number {
  return fromMicros(toMicros(costBasis, 'Cost basis') - toMicros(premium, 'Premium'));
}
