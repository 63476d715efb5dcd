// Minimum price increments of US equity options, and rounding onto them without float drift.
//
// Rules (the exchanges' minimum increments):
// - 'penny': 0.01 at every price. SPY, QQQ and IWM trade this way.
// - 'penny_pilot': 0.01 under 3.00, 0.05 at or above — the Penny Interval Program (formerly the Penny Pilot), which
//   covers most liquid names.
// - 'standard': 0.05 under 3.00, 0.10 at or above — classes outside the program.
// Complex orders (spreads, rolls) trade on the exchanges' complex-order books, whose net prices move in 0.01 whatever
// the legs' own ticks, so a combo's net limit is priced in pennies (`COMBO_TICK`). Stock is priced in cents too
// (sub-penny quoting is allowed only under 1.00; a cent price is valid there as well).
//
// 3.00 is on every grid (a multiple of 0.01, 0.05 and 0.10), so rounding with the tick at the unrounded price always
// lands on a valid price, on whichever side of 3.00 it ends.
import type { OrderLegSpec } from './order-types';

export type TickRule = 'penny' | 'penny_pilot' | 'standard';
export type RoundDirection = 'up' | 'down' | 'nearest';

/** Net price increment of a complex (multi-leg) order. */
export const COMBO_TICK = 0.01;
/** Price increment used for a single stock leg. */
export const STOCK_TICK = 0.01;

/**
 * Classes quoted in pennies at every price. A default, not a live feed: the program's membership changes twice a
 * year and the broker's contract details (IBKR market rules) are authoritative.
 */
export const PENNY_SYMBOLS: readonly string[] = ['SPY', 'QQQ', 'IWM'];

/** Prices are compared and rounded in integer micro-units (money.ts's scale), so 4-decimal mids round exactly. */
const UNITS = 1_000_000;
const CENT_UNITS = UNITS / 100;
const toUnits = (price: number): number => Math.round(price * UNITS);

/** The tick rule of an underlier's options: `PENNY_SYMBOLS` are 'penny', every other symbol 'penny_pilot'. */
export function tickRuleFor(symbol: string): TickRule {
  return PENNY_SYMBOLS.includes(symbol.trim().toUpperCase()) ? 'penny' : 'penny_pilot';
}

/** The minimum tick of a single option priced at `price` (per share, ≥ 0) under `rule`. */
export function optionTick(price: number, rule: TickRule): number {
  if (!Number.isFinite(price) || price < 0) throw new RangeError(`Not an option price: ${price}`);
  const low = toUnits(price) < 3 * UNITS;
  switch (rule) {
    case 'penny':
      return 0.01;
    case 'penny_pilot':
      return low ? 0.01 : 0.05;
    case 'standard':
      return low ? 0.05 : 0.1;
  }
}

/** The tick an order's limit moves in: the combo tick for several legs, else the single leg's own tick at `price`. */
export function orderTick(legs: readonly Pick<OrderLegSpec, 'symbol' | 'kind'>[], price: number): number {
  const [only] = legs;
  if (legs.length !== 1 || only === undefined) return COMBO_TICK;
  return only.kind === 'stock' ? STOCK_TICK : optionTick(Math.abs(price), tickRuleFor(only.symbol));
}

/**
 * `price` on the `tick` grid: 'up' towards +∞, 'down' towards −∞, 'nearest' with ties away from zero. The tick must be
 * a whole number of cents; the result is a whole number of cents (1.15, never 1.1499999999999999).
 */
export function roundToTick(price: number, tick: number, direction: RoundDirection): number {
  if (!Number.isFinite(price)) throw new RangeError(`Not a price: ${price}`);
  const step = toUnits(tick);
  if (!(step > 0) || step % CENT_UNITS !== 0) throw new RangeError(`Not a tick in whole cents: ${tick}`);
  const units = toUnits(price);
  const rest = ((units % step) + step) % step;
  const down = units - rest;
  const up = rest === 0 ? units : down + step;
  let rounded: number;
  if (direction === 'down') rounded = down;
  else if (direction === 'up') rounded = up;
  else if (rest * 2 !== step) rounded = rest * 2 > step ? up : down;
  else rounded = units > 0 ? up : down;
  // Whole cents ÷ 100 is the double nearest the decimal; `+ 0` turns −0 into 0.
  return rounded / CENT_UNITS / 100 + 0;
}

/** A per-share price for messages: two decimals, up to four when the price has them (1.25, 1.2375, -0.40). */
export function formatPrice(price: number): string {
  const text = price.toFixed(4).replace(/0{1,2}$/, '');
  return text === '-0.00' ? '0.00' : text;
}
