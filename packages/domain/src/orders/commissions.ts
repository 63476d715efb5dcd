// IBKR Pro *fixed* commissions (US stocks/ETFs and US equity options), as published on ibkr.com — estimates:
// - stocks/ETFs: USD 0.005 per share, minimum USD 1.00 per order, maximum 1% of trade value;
// - options: USD 0.65 per contract when the premium is ≥ 0.10, 0.50 for premium 0.05–0.10, 0.25 below 0.05;
//   minimum USD 1.00 per order. The cheaper volume tiers and exchange/regulatory pass-through fees are skipped.
// The minimum and the cap apply to the whole order, so partial fills are charged the order's running total
// minus what earlier fills of the same order were charged (`incrementalCommission`). The sim broker and the paper
// engine both charge these.
import { type Micros, micros, parseMoney } from '../money';

const STOCK_PER_SHARE = parseMoney('0.005');
const ORDER_MINIMUM = parseMoney('1');
const OPTION_HIGH = parseMoney('0.65');
const OPTION_MID = parseMoney('0.50');
const OPTION_LOW = parseMoney('0.25');
const TEN_CENTS = parseMoney('0.10');
const FIVE_CENTS = parseMoney('0.05');

/** The per-contract option rate for a premium (per share). */
export function optionRate(premium: Micros): Micros {
  const abs = premium < 0n ? 0n - premium : premium;
  if (abs >= TEN_CENTS) return OPTION_HIGH;
  if (abs >= FIVE_CENTS) return OPTION_MID;
  return OPTION_LOW;
}

/** What a fill (or a whole order) of one leg costs before the order minimum: per-unit rate × units. */
export function legCommission(leg: { kind: 'stock' | 'option'; quantity: number; price: Micros }): {
  fee: Micros;
  /** 1% of trade value for stocks; options have no cap. */
  cap: Micros | null;
} {
  const quantity = BigInt(Math.abs(leg.quantity));
  if (leg.kind === 'stock') {
    const value = (leg.price < 0n ? 0n - leg.price : leg.price) * quantity;
    return { fee: micros(STOCK_PER_SHARE * quantity), cap: micros(value / 100n) };
  }
  return { fee: micros(optionRate(leg.price) * quantity), cap: null };
}

/** An order's commission from its legs' fees: at least the 1.00 minimum, stocks capped at 1% of value. */
export function orderCommission(legs: { fee: Micros; cap: Micros | null }[]): Micros {
  let fee = 0n;
  let cap: bigint | null = null;
  let capped = true;
  for (const leg of legs) {
    fee += leg.fee;
    if (leg.cap === null) capped = false;
    else cap = (cap ?? 0n) + leg.cap;
  }
  let total = fee < ORDER_MINIMUM ? ORDER_MINIMUM : fee;
  // IBKR: when the 1% maximum is below the minimum, the maximum is charged.
  if (capped && cap !== null && total > cap) total = cap;
  return micros(total);
}

/** Stock order: 0.005/share, min 1.00, max 1% of value. */
export function stockCommission(shares: number, price: Micros): Micros {
  return orderCommission([legCommission({ kind: 'stock', quantity: shares, price })]);
}

/** Option order: per-contract rate by premium, min 1.00 per order. */
export function optionCommission(contracts: number, premium: Micros): Micros {
  return orderCommission([legCommission({ kind: 'option', quantity: contracts, price: premium })]);
}

/** The commission of the next fill of an order: the order's running total minus what was charged before. */
export function incrementalCommission(totalSoFar: Micros, alreadyCharged: Micros): Micros {
  const increment = totalSoFar - alreadyCharged;
  return micros(increment > 0n ? increment : 0n);
}
