// An approved recommendation (plus the user's overrides) → the order to send, or a refusal that says why not.
//
// Rules:
// - Quantity: the override or the recommended one; a positive integer. It may be lower or higher than recommended —
//   the risk check that runs next decides whether the size is acceptable.
// - Limit: the override or the recommended one; one is required (no market orders).
//   Single leg: the price per share, > 0. Several legs: the net per share, positive = debit, negative = credit; an
//   override must keep the recommendation's sign (a credit roll stays a credit roll). The reference sign is the
//   recommended limit's, else the net mid's; with neither (or at zero, "even money") any sign is accepted.
// - Rounding onto the tick (ticks.ts) never makes the price worse than the one asked for: a SELL, or a net credit,
//   rounds away from the market (the credit up: −1.234 → −1.24); a BUY, or a net debit, rounds down (1.237 → 1.23).
//   The order may rest a tick longer; it never pays or gives up more than the user agreed to.
import type { RecommendationDraft, RecommendationLeg } from '../strategies/types';
import type { OrderLegSpec, OrderSpec, OrderTif } from './order-types';
import { formatPrice as price, orderTick, roundToTick } from './ticks';

export type RecommendationLegInput = Pick<
  RecommendationLeg,
  'symbol' | 'kind' | 'right' | 'strike' | 'expiry' | 'multiplier' | 'side' | 'ratio'
>;

export interface RecommendationInput extends Pick<
  RecommendationDraft,
  'action' | 'quantity' | 'limitPrice' | 'spread'
> {
  legs: readonly RecommendationLegInput[];
}

export interface OrderOverrides {
  quantity?: number;
  /** Per share, in the recommendation's convention (a combo's net: negative = credit). */
  limitPrice?: number;
  tif?: OrderTif;
}

export type OrderRefusalCode = 'no_price' | 'sign_flip' | 'invalid_price' | 'invalid_quantity' | 'invalid_legs';

export type OrderPayloadResult =
  { ok: true; order: OrderSpec } | { ok: false; code: OrderRefusalCode; message: string };

const refuse = (code: OrderRefusalCode, message: string): OrderPayloadResult => ({ ok: false, code, message });

export function orderFromRecommendation(rec: RecommendationInput, overrides: OrderOverrides = {}): OrderPayloadResult {
  const legs = toLegs(rec.legs);
  if (typeof legs === 'string') return refuse('invalid_legs', legs);

  const quantity = overrides.quantity ?? rec.quantity;
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return refuse('invalid_quantity', `The quantity must be a positive whole number, not ${quantity}`);
  }

  const limit = overrides.limitPrice ?? rec.limitPrice;
  if (limit === null) {
    return refuse(
      'no_price',
      `No limit price: the ${rec.action} recommendation has none (no two-sided market); enter one`,
    );
  }
  if (!Number.isFinite(limit)) return refuse('invalid_price', `The limit must be a number, not ${limit}`);

  const combo = legs.length > 1;
  let limitPrice: number;
  if (combo) {
    const reference = referenceSign(rec);
    if (reference !== 0 && Math.sign(limit) === -reference) {
      const was = reference < 0 ? 'a net credit' : 'a net debit';
      const now = limit < 0 ? `a net credit of ${price(-limit)}` : `a net debit of ${price(limit)}`;
      return refuse(
        'sign_flip',
        `The ${rec.action} was recommended as ${was}; a limit of ${price(limit)} makes it ${now}`,
      );
    }
    const tick = orderTick(legs, limit);
    // In the net convention lower is always better for the trader: a debit pays less, a credit (negative) gets more.
    limitPrice = roundToTick(limit, tick, 'down');
  } else {
    if (limit <= 0) return refuse('invalid_price', `A single-leg limit must be above 0, not ${price(limit)}`);
    const side = legs[0]!.side;
    limitPrice = roundToTick(limit, orderTick(legs, limit), side === 'SELL' ? 'up' : 'down');
    if (limitPrice <= 0) {
      return refuse(
        'invalid_price',
        `A limit of ${price(limit)} rounds down to 0.00 on the tick; enter at least one tick`,
      );
    }
  }

  return { ok: true, order: { legs, quantity, limitPrice, tif: overrides.tif ?? 'DAY', orderType: 'LMT' } };
}

/** +1 debit, −1 credit, 0 unknown or even: the recommended limit's sign, else the net mid's. */
function referenceSign(rec: RecommendationInput): number {
  if (rec.limitPrice !== null) return Math.sign(rec.limitPrice);
  const { bid, ask } = rec.spread;
  return bid !== null && ask !== null ? Math.sign(bid + ask) : 0;
}

/** The legs as order legs, or what is wrong with them. */
function toLegs(legs: readonly RecommendationLegInput[]): OrderLegSpec[] | string {
  if (legs.length === 0) return 'The recommendation has no legs';
  const out: OrderLegSpec[] = [];
  for (const leg of legs) {
    const common = { symbol: leg.symbol, multiplier: leg.multiplier, side: leg.side, ratio: leg.ratio };
    if (!Number.isSafeInteger(leg.ratio) || leg.ratio <= 0)
      return `${leg.symbol}: the ratio must be a positive whole number, not ${leg.ratio}`;
    if (!(leg.multiplier > 0)) return `${leg.symbol}: the multiplier must be positive, not ${leg.multiplier}`;
    if (leg.kind === 'stock') {
      out.push({ ...common, kind: 'stock', right: null, strike: null, expiry: null });
    } else {
      if (leg.right === null || leg.strike === null || leg.expiry === null) {
        return `${leg.symbol}: an option leg needs a right, a strike and an expiry`;
      }
      out.push({ ...common, kind: 'option', right: leg.right, strike: leg.strike, expiry: leg.expiry });
    }
  }
  return out;
}
