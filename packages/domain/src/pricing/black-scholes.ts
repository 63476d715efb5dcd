// European options under Black-Scholes-Merton with a continuous dividend yield q (cost of carry
// b = r − q; Black-76 is the case q = r). Prices go through the normalised Black function so that deep
// in- and out-of-the-money values keep their relative precision; greeks are the closed forms.

import { normCdf, normPdf } from '../math/normal-distribution';
import { normalisedBlackOtm } from './normalised-black';
import type { Greeks, OptionInput, SecondOrderGreeks } from './types';

/** Calendar days per year for `thetaPerDay` (T is ACT/365). */
export const DAYS_PER_YEAR = 365;

/** Layout of the scratch vector filled by {@link europeanGreeksInto}. */
export const G_PRICE = 0;
export const G_DELTA = 1;
export const G_GAMMA = 2;
export const G_VEGA = 3;
export const G_THETA = 4;
export const G_RHO = 5;
export const G_DIVIDEND_RHO = 6;
export const G_VANNA = 7;
export const G_CHARM = 8;
export const G_VOMMA = 9;
export const G_SIZE = 10;

/** S, K, T, sigma non-negative and finite; r, q finite. Everything else prices to NaN. */
export function isValidEuropean(S: number, K: number, T: number, r: number, q: number, sigma: number): boolean {
  return (
    S >= 0 &&
    S < Infinity &&
    K >= 0 &&
    K < Infinity &&
    T >= 0 &&
    T < Infinity &&
    sigma >= 0 &&
    sigma < Infinity &&
    Number.isFinite(r) &&
    Number.isFinite(q)
  );
}

/**
 * European price. T = 0 gives intrinsic value; sigma = 0 (or S = 0, K = 0) the discounted intrinsic
 * value of the forward, max(±(S·e^{−qT} − K·e^{−rT}), 0). Invalid input gives NaN.
 */
export function europeanPrice(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
): number {
  if (!isValidEuropean(S, K, T, r, q, sigma)) return NaN;
  const discS = S * Math.exp(-q * T);
  const discK = K * Math.exp(-r * T);
  const forwardIntrinsic = isCall ? discS - discK : discK - discS;
  const intrinsic = forwardIntrinsic > 0 ? forwardIntrinsic : 0;
  const s = sigma * Math.sqrt(T);
  if (!(s > 0) || S === 0 || K === 0) return intrinsic;
  const x = Math.log(S / K) + (r - q) * T;
  // Put-call parity in normalised form: every option is its intrinsic value plus an out-of-the-money call.
  return intrinsic + Math.sqrt(discS) * Math.sqrt(discK) * normalisedBlackOtm(-Math.abs(x), s);
}

/**
 * Fills `out` (see the G_* indices) with price and greeks of a European option; no allocation.
 * Degenerate cases (T = 0, sigma = 0, S = 0 or K = 0) use the limits of the closed forms with the
 * at-the-money convention Φ(0) = 1/2: delta ∈ {0, ±e^{−qT}/2, ±e^{−qT}}; gamma, vega, vanna, charm and
 * vomma are 0 there (at the money they are really a point mass, which no number represents).
 */
export function europeanGreeksInto(
  out: Float64Array,
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
): void {
  if (!isValidEuropean(S, K, T, r, q, sigma)) {
    out.fill(NaN, 0, G_SIZE);
    return;
  }
  const dq = Math.exp(-q * T);
  const dr = Math.exp(-r * T);
  const discS = S * dq;
  const discK = K * dr;
  const sqrtT = Math.sqrt(T);
  const s = sigma * sqrtT;
  const sign = isCall ? 1 : -1;
  if (!(s > 0) || S === 0 || K === 0) {
    // Deterministic payoff: Φ(±d) collapses to 1, 0 or (forward at the money) 1/2.
    const fwd = sign * (discS - discK);
    const p = fwd > 0 ? 1 : fwd < 0 ? 0 : 0.5;
    out[G_PRICE] = fwd > 0 ? fwd : 0;
    out[G_DELTA] = sign * dq * p;
    out[G_GAMMA] = 0;
    out[G_VEGA] = 0;
    out[G_THETA] = T > 0 ? sign * p * (q * discS - r * discK) : 0;
    out[G_RHO] = sign * p * T * discK;
    out[G_DIVIDEND_RHO] = -sign * p * T * discS;
    out[G_VANNA] = 0;
    out[G_CHARM] = T > 0 ? sign * p * q * dq : 0;
    out[G_VOMMA] = 0;
    return;
  }
  const x = Math.log(S / K) + (r - q) * T;
  const d1 = x / s + 0.5 * s;
  const d2 = d1 - s;
  const nd1 = normCdf(sign * d1); // Φ(±d1), the probability-like factor of the right
  const nd2 = normCdf(sign * d2);
  const pdf = normPdf(d1);
  const forwardIntrinsic = sign * (discS - discK);
  out[G_PRICE] =
    (forwardIntrinsic > 0 ? forwardIntrinsic : 0) +
    Math.sqrt(discS) * Math.sqrt(discK) * normalisedBlackOtm(-Math.abs(x), s);
  out[G_DELTA] = sign * dq * nd1;
  out[G_GAMMA] = (dq * pdf) / (S * s);
  const vega = discS * pdf * sqrtT;
  out[G_VEGA] = vega;
  // ∂V/∂t (calendar time) = −∂V/∂T.
  out[G_THETA] = (-discS * pdf * sigma) / (2 * sqrtT) + sign * (q * discS * nd1 - r * discK * nd2);
  out[G_RHO] = sign * T * discK * nd2;
  out[G_DIVIDEND_RHO] = -sign * T * discS * nd1;
  out[G_VANNA] = (-dq * pdf * d2) / sigma;
  // ∂Δ/∂t (calendar time) = −∂Δ/∂T.
  out[G_CHARM] = sign * q * dq * nd1 - (dq * pdf * (2 * (r - q) * T - d2 * s)) / (2 * T * s);
  out[G_VOMMA] = (vega * d1 * d2) / sigma;
}

const scratch = new Float64Array(G_SIZE);

function toGreeks(g: Float64Array): Greeks {
  const theta = g[G_THETA] ?? NaN;
  return {
    delta: g[G_DELTA] ?? NaN,
    gamma: g[G_GAMMA] ?? NaN,
    vega: g[G_VEGA] ?? NaN,
    theta,
    thetaPerDay: theta / DAYS_PER_YEAR,
    rho: g[G_RHO] ?? NaN,
    dividendRho: g[G_DIVIDEND_RHO] ?? NaN,
  };
}

/** Black-Scholes-Merton price of a European option (q = continuous dividend yield). */
export function bsmPrice(input: OptionInput): number {
  return europeanPrice(input.right === 'call', input.S, input.K, input.T, input.r, input.q, input.sigma);
}

/** Black-Scholes-Merton greeks (see {@link Greeks} for units). */
export function bsmGreeks(input: OptionInput): Greeks {
  europeanGreeksInto(scratch, input.right === 'call', input.S, input.K, input.T, input.r, input.q, input.sigma);
  return toGreeks(scratch);
}

/** Vanna, charm (per year, calendar-time convention like theta) and vomma of a European option. */
export function europeanSecondOrder(input: OptionInput): SecondOrderGreeks {
  europeanGreeksInto(scratch, input.right === 'call', input.S, input.K, input.T, input.r, input.q, input.sigma);
  return { vanna: scratch[G_VANNA] ?? NaN, charm: scratch[G_CHARM] ?? NaN, vomma: scratch[G_VOMMA] ?? NaN };
}

/** Black-76 fills: the forward F is in `S`, q is forced to r (b = 0), rho is ∂V/∂r with F held fixed. */
export function black76GreeksInto(
  out: Float64Array,
  isCall: boolean,
  F: number,
  K: number,
  T: number,
  r: number,
  sigma: number,
): void {
  europeanGreeksInto(out, isCall, F, K, T, r, r, sigma);
  // Moving r moves only the discount factor when F is held: ∂V/∂r = −T·V (no cancellation of two terms).
  const v = out[G_PRICE] ?? NaN;
  out[G_RHO] = -T * v;
  out[G_DIVIDEND_RHO] = Number.isNaN(v) ? NaN : 0;
}

/** Black-76 price of an option on a futures/forward price `input.S` (input.q is ignored). */
export function black76Price(input: OptionInput): number {
  return europeanPrice(input.right === 'call', input.S, input.K, input.T, input.r, input.r, input.sigma);
}

/** Black-76 greeks; delta and gamma are with respect to the forward, dividendRho is 0. */
export function black76Greeks(input: OptionInput): Greeks {
  black76GreeksInto(scratch, input.right === 'call', input.S, input.K, input.T, input.r, input.sigma);
  return toGreeks(scratch);
}
