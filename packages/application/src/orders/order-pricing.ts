// The price side of an order ticket: the limit in the order's convention, the band it must sit in around the current
// mid, and the repricing ladder from the first limit toward the natural price.
import {
  checkPriceBand,
  formatPrice,
  netToSideTerms,
  orderTick,
  repriceLadder,
  roundToTick,
  type OrderLegSpec,
  type PriceBandResult,
} from '@optionstrader/domain';
import type { AppSettings, RepricePlan } from '../ports';
import type { NetMarket } from './order-legs';

type Policy = AppSettings['order_policy'];

/** A single leg's price is positive and its side says buy or sell; as a net, a sell is a credit (negative). */
export function signedNet(legs: readonly Pick<OrderLegSpec, 'side'>[], limitPrice: number): number {
  const [only] = legs;
  return legs.length === 1 && only?.side === 'SELL' ? -limitPrice : limitPrice;
}

/** Back from a side-terms magnitude to the order's convention (single leg positive; combos signed net). */
function fromSideTerms(legs: readonly Pick<OrderLegSpec, 'side'>[], side: 'credit' | 'debit', magnitude: number) {
  if (legs.length === 1) return magnitude;
  return side === 'credit' ? -magnitude : magnitude;
}

export interface PriceCheck {
  band: PriceBandResult;
  /** The limits the band allows, in the order's convention (min ≤ max); null when the quote is unknown. */
  range: { min: number; max: number } | null;
  natural: number | null;
}

export function checkLimit(
  legs: readonly OrderLegSpec[],
  limitPrice: number,
  market: NetMarket,
  policy: Policy,
  allowUnknown: boolean,
): PriceCheck {
  const terms = netToSideTerms(signedNet(legs, limitPrice), { bid: market.bid, ask: market.ask });
  const tick = orderTick(legs, limitPrice);
  const band = checkPriceBand({
    ...terms,
    maxDeviation: { fraction: policy.priceBandFraction, ticks: policy.priceBandTicks },
    tick,
    allowUnknown,
  });
  // The natural in the order's convention: what crossing the spread pays (debit: the ask; credit: the bid).
  const naturalTerms = terms.side === 'debit' ? terms.ask : terms.bid;
  const natural = naturalTerms === null ? null : fromSideTerms(legs, terms.side, naturalTerms);
  // The band's extent comes from the mid (and the mid's tick) whatever the limit is, so a refused limit still shows
  // what is allowed and the shown band does not move with what is typed.
  const midTerms = terms.bid === null || terms.ask === null ? null : (terms.bid + terms.ask) / 2;
  const atMid =
    midTerms === null
      ? null
      : checkPriceBand({
          ...terms,
          limitPrice: midTerms,
          maxDeviation: { fraction: policy.priceBandFraction, ticks: policy.priceBandTicks },
          tick: orderTick(legs, midTerms),
        });
  const extent = atMid ?? band;
  if (!extent?.ok || extent.mid === null || extent.allowed === null) return { band, range: null, natural };
  // On the order's ticks, inside the band: a limit typed at either end is accepted as is.
  const lowTerms = roundToTick(Math.max(0, extent.mid - extent.allowed), orderTick(legs, extent.mid), 'up');
  const highTerms = roundToTick(extent.mid + extent.allowed, orderTick(legs, extent.mid + extent.allowed), 'down');
  const low = fromSideTerms(legs, terms.side, lowTerms);
  const high = fromSideTerms(legs, terms.side, highTerms);
  return { band, range: { min: Math.min(low, high), max: Math.max(low, high) }, natural };
}

/** The ladder from the first limit toward the natural; null when repricing is off or cannot be planned. */
export function plannedReprice(
  legs: readonly OrderLegSpec[],
  limitPrice: number,
  market: NetMarket,
  policy: Policy,
): RepricePlan | null {
  if (!policy.repriceEnabled || policy.repriceMaxSteps === 0) return null;
  const terms = netToSideTerms(signedNet(legs, limitPrice), { bid: market.bid, ask: market.ask });
  const natural = terms.side === 'debit' ? terms.ask : terms.bid;
  const tick = orderTick(legs, limitPrice);
  const ladder = repriceLadder({
    side: terms.side,
    mid: roundToTick(terms.limitPrice, tick, 'nearest'),
    natural,
    stepFraction: policy.repriceStepFraction,
    maxSteps: policy.repriceMaxSteps,
    tick,
  });
  if (!ladder.ok || ladder.prices.length < 2) return null;
  return {
    ladder: ladder.prices.map((p) => formatPrice(fromSideTerms(legs, terms.side, p))),
    delayMs: policy.repriceDelaySeconds * 1000,
  };
}
