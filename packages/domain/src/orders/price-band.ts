// Whether a user's limit-price override is near enough the market to send: a band around the mid.
//
// Prices are in the side's own terms, all per share: for a 'debit' the amounts paid, for a 'credit' the amounts
// received, so a single-leg BUY or SELL is passed as it is quoted. A combo's signed net (positive = debit, negative =
// credit) converts with `netToSideTerms` (a credit's bid is minus the net ask: the most you can receive at once).
//
// Band: allowed distance from the mid = max(fraction × |mid|, ticks × tick), where `tick` is the order's minimum
// increment (`orderTick`: COMBO_TICK for a combo, the option's tick at the mid for a single leg). The tick floor keeps
// cheap options usable: 20% of a 0.10 mid is two cents, less than a normal spread. A limit exactly on the edge passes.
// Worse than the natural (selling at or below the bid, buying at or above the ask) fills at once: allowed inside the
// band, flagged `marketable`.
import { formatPrice } from './ticks';

export type PriceSide = 'credit' | 'debit';

export interface MaxDeviation {
  /** Of |mid| (0.2 = 20%). */
  fraction: number;
  /** Minimum ticks allowed whatever the fraction gives. */
  ticks: number;
}

export interface PriceBandInput {
  limitPrice: number;
  bid: number | null;
  ask: number | null;
  side: PriceSide;
  maxDeviation: MaxDeviation;
  /** The order's minimum increment (see `orderTick`). */
  tick: number;
  /** Accept a limit when the market is unknown (no bid or ask); the result then says nothing about the band. */
  allowUnknown?: boolean;
}

export type PriceBandResult =
  | {
      ok: true;
      /** Null when the quote is unknown (only with `allowUnknown`). */
      mid: number | null;
      distance: number | null;
      allowed: number | null;
      /** Fills at once against the natural; null when the quote is unknown. */
      marketable: boolean | null;
    }
  | { ok: false; code: 'outside_band' | 'no_quote'; message: string };

/** Compared in integer micro-units, so 1.25 + 0.25 is exactly the edge of the band. */
const units = (x: number): number => Math.round(x * 1_000_000);

export function checkPriceBand(input: PriceBandInput): PriceBandResult {
  const { limitPrice, bid, ask, side, maxDeviation, tick } = input;
  for (const [name, value] of [
    ['limitPrice', limitPrice],
    ['bid', bid],
    ['ask', ask],
    ['tick', tick],
  ] as const) {
    if (value !== null && !Number.isFinite(value)) throw new RangeError(`Not a price: ${name} = ${value}`);
  }
  if (!(tick > 0) || !(maxDeviation.fraction >= 0) || !(maxDeviation.ticks >= 0)) {
    throw new RangeError(`Not a band: tick ${tick}, fraction ${maxDeviation.fraction}, ticks ${maxDeviation.ticks}`);
  }

  if (bid === null || ask === null || bid > ask) {
    if (input.allowUnknown) return { ok: true, mid: null, distance: null, allowed: null, marketable: null };
    const why =
      bid === null || ask === null
        ? `no two-sided quote (bid ${bid === null ? 'unknown' : formatPrice(bid)}, ask ${ask === null ? 'unknown' : formatPrice(ask)})`
        : `a crossed quote (bid ${formatPrice(bid)} above ask ${formatPrice(ask)})`;
    return { ok: false, code: 'no_quote', message: `Cannot check limit ${formatPrice(limitPrice)}: ${why}` };
  }

  const mid = units((bid + ask) / 2) / 1_000_000;
  const byFraction = maxDeviation.fraction * Math.abs(mid);
  const byTicks = maxDeviation.ticks * tick;
  const allowed = units(Math.max(byFraction, byTicks)) / 1_000_000;
  const distance = Math.abs(units(limitPrice) - units(mid)) / 1_000_000;
  if (units(distance) > units(allowed)) {
    const basis =
      byFraction >= byTicks
        ? `${+(maxDeviation.fraction * 100).toFixed(2)}% of the mid`
        : `${maxDeviation.ticks} tick${maxDeviation.ticks === 1 ? '' : 's'} of ${formatPrice(tick)}`;
    return {
      ok: false,
      code: 'outside_band',
      message:
        `limit ${formatPrice(limitPrice)} is ${formatPrice(distance)} from the mid ${formatPrice(mid)}, ` +
        `more than the ${formatPrice(allowed)} allowed (${basis})`,
    };
  }
  const marketable = side === 'credit' ? units(limitPrice) <= units(bid) : units(limitPrice) >= units(ask);
  return { ok: true, mid, distance, allowed, marketable };
}

/**
 * A combo's signed net (positive = debit, negative = credit) in the side's terms: a credit of 1.20 with a net market
 * of −1.40 / −1.10 becomes limit 1.20, bid 1.10, ask 1.40. The side is the limit's sign (0 counts as a debit).
 */
export function netToSideTerms(
  limitPrice: number,
  spread: { bid: number | null; ask: number | null },
): Pick<PriceBandInput, 'limitPrice' | 'bid' | 'ask' | 'side'> {
  if (limitPrice >= 0) return { limitPrice, bid: spread.bid, ask: spread.ask, side: 'debit' };
  const negate = (x: number | null) => (x === null ? null : -x + 0);
  return { limitPrice: -limitPrice, bid: negate(spread.ask), ask: negate(spread.bid), side: 'credit' };
}
