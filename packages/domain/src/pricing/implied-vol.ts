// European implied volatility: classify the price against the no-arbitrage bounds, normalise it to an
// out-of-the-money Black call and solve with "Let's be rational".

import { impliedNormalisedVolatilityWithMax } from './lets-be-rational';
import type { IvFailure, IvInput, IvResult } from './types';

/** Numeric codes of an IV outcome, for the batch API (see {@link ivReason}). */
export const IV_OK = 0;
export const IV_BELOW_INTRINSIC = 1;
export const IV_ABOVE_MAXIMUM = 2;
export const IV_INVALID_INPUT = 3;
export const IV_NO_CONVERGENCE = 4;
const FAILURES: readonly IvFailure[] = ['below_intrinsic', 'above_maximum', 'invalid_input', 'no_convergence'];

/** The reason behind a non-zero outcome code (as written by the batch API), or 'ok'. */
export function ivReason(code: number): IvFailure | 'ok' {
  return code === IV_OK ? 'ok' : (FAILURES[code - 1] ?? 'no_convergence');
}

/** Receives the outcome code of the last {@link europeanImpliedVolCode} call (no allocation). */
export const ivStatus = new Int32Array(1);

/**
 * European implied vol (Black-Scholes-Merton with yield q; Black-76 when q = r and S is the forward).
 * Returns the vol or NaN, with the outcome code in ivStatus[0]. A price equal to the lower bound (the
 * discounted intrinsic value of the forward) gives 0; T must be positive and S, K strictly positive.
 */
export function europeanImpliedVolCode(
  isCall: boolean,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  price: number,
): number {
  const valid =
    S > 0 && S < Infinity && K > 0 && K < Infinity && T > 0 && T < Infinity && Number.isFinite(r) && Number.isFinite(q);
  if (!valid || !Number.isFinite(price)) {
    ivStatus[0] = IV_INVALID_INPUT;
    return NaN;
  }
  // Zero rates are common (Black-76 on futures, no dividends) and e^{−0} = 1 exactly: skip the exp.
  const discS = q === 0 ? S : S * Math.exp(-q * T);
  const discK = r === 0 ? K : K * Math.exp(-r * T);
  const forwardIntrinsic = isCall ? discS - discK : discK - discS;
  // A negative price is below every bound, intrinsic included.
  if (price < forwardIntrinsic || price < 0) {
    ivStatus[0] = IV_BELOW_INTRINSIC;
    return NaN;
  }
  if (price >= (isCall ? discS : discK)) {
    ivStatus[0] = IV_ABOVE_MAXIMUM;
    return NaN;
  }
  // Out-of-the-money equivalent by parity, normalised by √(F·K)·e^{−rT} = √(discS·discK). With x = −|ln(F/K)|
  // that is max(discS, discK)·e^{x/2}, and e^{x/2} is also the solver's upper bound: one exp, no square roots.
  const otm = forwardIntrinsic > 0 ? price - forwardIntrinsic : price;
  const x = -Math.abs(Math.log(S / K) + (r - q) * T);
  const bMax = Math.exp(0.5 * x);
  const beta = otm / ((discS > discK ? discS : discK) * bMax);
  ivStatus[0] = IV_OK;
  if (!(beta > 0)) return 0;
  if (beta >= bMax) {
    // Only reachable by rounding right at the upper bound.
    ivStatus[0] = IV_ABOVE_MAXIMUM;
    return NaN;
  }
  const s = impliedNormalisedVolatilityWithMax(beta, x, bMax);
  if (!(s >= 0 && s < Infinity)) {
    ivStatus[0] = IV_NO_CONVERGENCE;
    return NaN;
  }
  return s / Math.sqrt(T);
}

/** European implied vol with the reason when there is none. */
export function europeanImpliedVolResult(input: IvInput): IvResult {
  const iv = europeanImpliedVolCode(input.right === 'call', input.S, input.K, input.T, input.r, input.q, input.price);
  const code = ivStatus[0] ?? IV_NO_CONVERGENCE;
  if (code === IV_OK) return { ok: true, iv };
  return { ok: false, iv: NaN, reason: FAILURES[code - 1] ?? 'no_convergence' };
}

/** European implied vol, NaN when the price is outside the no-arbitrage bounds or the input is invalid. */
export function europeanImpliedVol(input: IvInput): number {
  return europeanImpliedVolCode(input.right === 'call', input.S, input.K, input.T, input.r, input.q, input.price);
}

/** Black-76 implied vol of an option on the forward/futures price `input.S` (input.q is ignored). */
export function black76ImpliedVolResult(input: IvInput): IvResult {
  return europeanImpliedVolResult({ ...input, q: input.r });
}
