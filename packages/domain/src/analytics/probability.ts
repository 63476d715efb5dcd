// Probabilities of price outcomes under geometric Brownian motion, for scanners and the UI.
//
// Model: dS/S = μ dt + σ dW, so ln S_T ~ N(ln S + (μ − σ²/2)T, σ²T). μ is the supplied `drift`, or else the
// risk-neutral drift r − q (both default to 0). Probabilities of profit are breakeven-based: the chance the
// underlying finishes on the profitable side of the position's breakeven at expiry (ignoring early assignment).
// Invalid or unknown inputs (NaN, S ≤ 0, σ < 0, T < 0) give NaN, never a made-up number.
import { normCdf } from '../math/normal-distribution';

export interface LognormalInput {
  /** Current underlying price. */
  S: number;
  /** Years to expiry. */
  T: number;
  /** Annualized volatility. */
  sigma: number;
  /** Risk-free rate, continuously compounded (used when `drift` is not given). */
  r?: number;
  /** Dividend yield, continuously compounded (used when `drift` is not given). */
  q?: number;
  /** Real-world annual drift μ of the price, replacing r − q. */
  drift?: number;
}

function driftOf(input: LognormalInput): number {
  return input.drift ?? (input.r ?? 0) - (input.q ?? 0);
}

function invalid(input: LognormalInput): boolean {
  const mu = driftOf(input);
  const { S, T, sigma } = input;
  return ![S, T, sigma, mu].every(Number.isFinite) || !(S > 0) || !(T >= 0) || !(sigma >= 0);
}

/** P(S_T > level). */
export function probabilityAbove(level: number, input: LognormalInput): number {
  if (invalid(input) || Number.isNaN(level)) return Number.NaN;
  if (level <= 0) return 1;
  if (level === Number.POSITIVE_INFINITY) return 0;
  const { S, T, sigma } = input;
  const mu = driftOf(input);
  const logDistance = Math.log(S / level) + (mu - (sigma * sigma) / 2) * T;
  const sd = sigma * Math.sqrt(T);
  if (sd === 0) return logDistance > 0 ? 1 : 0;
  return normCdf(logDistance / sd);
}

/** P(S_T < level). */
export function probabilityBelow(level: number, input: LognormalInput): number {
  const above = probabilityAbove(level, input);
  if (Number.isNaN(above)) return above;
  if (level <= 0) return 0;
  const { S, T, sigma } = input;
  if (sigma * Math.sqrt(T) === 0) {
    const forward = Math.log(S / level) + driftOf(input) * T;
    return forward < 0 ? 1 : 0;
  }
  return 1 - above;
}

export interface ShortOptionInput extends LognormalInput {
  strike: number;
  /** Premium received per share. */
  premium: number;
}

/** Short put: profitable above the breakeven strike − premium. */
export function popShortPut(input: ShortOptionInput): number {
  return probabilityAbove(input.strike - input.premium, input);
}

/** Short call: profitable below the breakeven strike + premium. */
export function popShortCall(input: ShortOptionInput): number {
  return probabilityBelow(input.strike + input.premium, input);
}

export interface CoveredCallInput extends LognormalInput {
  /** Cost per share of the stock held (purchase price or adjusted wheel basis). */
  costBasis: number;
  premium: number;
}

/** Covered call: profitable above costBasis − premium (the gain above the strike is capped but still a profit). */
export function popCoveredCall(input: CoveredCallInput): number {
  return probabilityAbove(input.costBasis - input.premium, input);
}

/**
 * Probability that the price touches `barrier` at any time before T (continuous monitoring), by the reflection
 * principle for Brownian motion with drift ν = μ − σ²/2 in log space, b = ln(H/S):
 *   up (b > 0):   P = N((−b + νT)/(σ√T)) + e^{2νb/σ²} · N((−b − νT)/(σ√T))
 *   down (b < 0): P = N(( b − νT)/(σ√T)) + e^{2νb/σ²} · N(( b + νT)/(σ√T))
 * With ν = 0 (μ = σ²/2) this is 2·N(−|b|/(σ√T)): the trader's rule "touch ≈ twice the chance of finishing beyond".
 * A barrier at or beyond the current price has already been touched: 1.
 */
export function probabilityOfTouch(barrier: number, input: LognormalInput): number {
  if (invalid(input) || !(barrier > 0)) return Number.NaN;
  const { S, T, sigma } = input;
  const b = Math.log(barrier / S);
  if (b === 0) return 1;
  const nu = driftOf(input) - (sigma * sigma) / 2;
  const sd = sigma * Math.sqrt(T);
  if (sd === 0) {
    // Deterministic path S·e^{μt}: monotone, so it touches iff the end point is at or beyond the barrier.
    const end = Math.log(S) + driftOf(input) * T;
    return b > 0 ? (end >= Math.log(barrier) ? 1 : 0) : end <= Math.log(barrier) ? 1 : 0;
  }
  const x1 = b > 0 ? (-b + nu * T) / sd : (b - nu * T) / sd;
  const x2 = b > 0 ? (-b - nu * T) / sd : (b + nu * T) / sd;
  const tail = normCdf(x2);
  const reflected = tail === 0 ? 0 : Math.exp((2 * nu * b) / (sigma * sigma) + Math.log(tail));
  return Math.min(1, Math.max(0, normCdf(x1) + reflected));
}
