// Model value and greeks of one position, by the conventions every risk module shares: the domain's pricing (European
// BSM unless `pricing` says otherwise) at the surface vol of the strike and expiry; once the expiry instant has passed,
// intrinsic value (delta ±1 in the money, no gamma, theta or vega). Stock: delta = quantity, nothing else.
import { yearFractionToExpiry } from '../calendar';
import { greeks, price } from '../pricing/api';
import type { PricingOptions } from '../pricing/types';
import type { MarginInstrument, MarginMarket, MarginPosition } from './margin';

export type OptionInstrument = Extract<MarginInstrument, { kind: 'option' }>;

/** A position's greeks in account currency and share units: quantity × multiplier × the per-share greek. */
export interface PositionGreeks {
  /** Share-equivalent delta. */
  deltaShares: number;
  /** Change of deltaShares per +1.00 in the spot. */
  gammaShares: number;
  /** Per calendar day (negative = decay). */
  thetaPerDay: number;
  /** Per +1 vol point (0.20 → 0.21). */
  vegaPerVolPoint: number;
}

const usable = (S: number | null): S is number => S !== null && Number.isFinite(S) && S > 0;

/** Model value per share of an option at the market's spot; null when the spot is unknown or the model fails. */
export function optionModelValue(symbol: string, instrument: OptionInstrument, market: MarginMarket): number | null {
  const S = market.spot(symbol);
  if (S === null || !Number.isFinite(S)) return null;
  const K = instrument.strike;
  const T = yearFractionToExpiry(market.nowMs, instrument.expiry);
  if (T <= 0) return Math.max(0, instrument.right === 'call' ? S - K : K - S);
  const value = price({
    right: instrument.right,
    S,
    K,
    T,
    r: market.rate,
    q: market.dividendYield(symbol),
    sigma: market.vol(symbol, instrument.expiry, K),
  });
  return Number.isFinite(value) ? value : null;
}

/** The greeks of one position at spot S; null for an option when S is unusable or the model gives no finite figure. */
export function positionGreeks(
  position: MarginPosition,
  S: number | null,
  market: MarginMarket,
  pricing?: PricingOptions,
): PositionGreeks | null {
  const instrument = position.instrument;
  if (instrument.kind === 'stock') {
    return { deltaShares: position.quantity, gammaShares: 0, thetaPerDay: 0, vegaPerVolPoint: 0 };
  }
  if (!usable(S)) return null;
  const units = position.quantity * instrument.multiplier;
  const K = instrument.strike;
  const T = yearFractionToExpiry(market.nowMs, instrument.expiry);
  if (T <= 0) {
    const inTheMoney = instrument.right === 'call' ? S > K : S < K;
    const delta = inTheMoney ? (instrument.right === 'call' ? 1 : -1) : 0;
    return { deltaShares: units * delta, gammaShares: 0, thetaPerDay: 0, vegaPerVolPoint: 0 };
  }
  const g = greeks(
    {
      right: instrument.right,
      S,
      K,
      T,
      r: market.rate,
      q: market.dividendYield(position.symbol),
      sigma: market.vol(position.symbol, instrument.expiry, K),
    },
    pricing,
  );
  if (![g.delta, g.gamma, g.thetaPerDay, g.vega].every(Number.isFinite)) return null;
  return {
    deltaShares: units * g.delta,
    gammaShares: units * g.gamma,
    thetaPerDay: units * g.thetaPerDay,
    vegaPerVolPoint: (units * g.vega) / 100,
  };
}
