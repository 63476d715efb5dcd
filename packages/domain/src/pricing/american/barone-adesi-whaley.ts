// Barone-Adesi & Whaley (1987) quadratic approximation, generalised to cost of carry b = r − q.
// Fast (one Newton solve for the critical price) with errors of ~1e-3..1e-2 of the price; long-dated
// options are its weak spot.

import { normCdf, normPdf } from '../../math/normal-distribution';
import { europeanPrice } from '../black-scholes';
import type { OptionInput } from '../types';

/**
 * Critical stock price S* for maturity T (above it a call is exercised, below it a put), solving
 * φ(S − K) = c(S) + φ(1 − e^{(b−r)T}Φ(φd₁(S)))·S/q_φ by safeguarded Newton. Requires the 'standard'
 * regime (see regime.ts). Returns NaN if no root is found.
 */
export function bawCriticalPrice(isCall: boolean, K: number, T: number, r: number, q: number, sigma: number): number {
  const phi = isCall ? 1 : -1;
  const qPhi = bawExponent(phi, T, r, q, sigma);
  const b = r - q;
  const sqrtT = Math.sqrt(T);
  const vol = sigma * sqrtT;
  const carryDisc = Math.exp(-q * T);
  const g = (s: number): { f: number; df: number } => {
    const d1 = (Math.log(s / K) + (b + 0.5 * sigma * sigma) * T) / vol;
    const nd = normCdf(phi * d1);
    const f = phi * (s - K) - europeanPrice(isCall, s, K, T, r, q, sigma) - (phi * (1 - carryDisc * nd) * s) / qPhi;
    const df = phi * (1 - carryDisc * nd) * (1 - 1 / qPhi) + (carryDisc * normPdf(d1)) / (vol * qPhi);
    return { f, df };
  };
  // Bracket: a call boundary lies above K, a put boundary in (0, K); g < 0 on the continuation side.
  let lo = isCall ? K : K * 1e-8;
  let hi = isCall ? K * 1e4 : K;
  // Seed from the perpetual boundary K·q∞/(q∞ − 1), pulled towards K for short maturities.
  const qInf = bawExponent(phi, Infinity, r, q, sigma);
  const sInf = (K * qInf) / (qInf - 1);
  const h = isCall ? (-(b * T + 2 * vol) * K) / (sInf - K) : ((b * T - 2 * vol) * K) / (K - sInf);
  let s = Number.isFinite(sInf) && sInf > 0 ? sInf + (K - sInf) * Math.exp(h) : K;
  if (!(s > lo && s < hi)) s = isCall ? 1.5 * K : 0.5 * K;
  for (let i = 0; i < 200; i++) {
    const { f, df } = g(s);
    if (!Number.isFinite(f)) return NaN;
    // Keep the bracket: continuation side has f < 0.
    if (f < 0 === isCall) lo = s;
    else hi = s;
    let next = s - f / df;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - s) <= 1e-13 * s) return next;
    s = next;
  }
  return s;
}

/** q₂ (call, φ = 1) or q₁ (put, φ = −1) of the quadratic approximation; T = ∞ gives the perpetual one. */
function bawExponent(phi: number, T: number, r: number, q: number, sigma: number): number {
  const s2 = sigma * sigma;
  const n = (2 * (r - q)) / s2;
  // M/K = 2r/(σ²(1 − e^{−rT})); for |rT| tiny its series 2/(σ²T(1 − rT/2)) avoids 0/0.
  const rT = r * T;
  const mk =
    T === Infinity
      ? (2 * r) / s2
      : Math.abs(rT) < 1e-8
        ? 2 / (s2 * T * (1 - rT / 2))
        : (2 * r) / (s2 * -Math.expm1(-rT));
  return (-(n - 1) + phi * Math.sqrt((n - 1) * (n - 1) + 4 * mk)) / 2;
}

/**
 * BAW price for validated input with T > 0 in the 'standard' regime (the caller handles the others).
 */
export function bawStandard(input: OptionInput): number {
  const { S, K, T, r, q, sigma } = input;
  const isCall = input.right === 'call';
  const phi = isCall ? 1 : -1;
  const euro = europeanPrice(isCall, S, K, T, r, q, sigma);
  const sStar = bawCriticalPrice(isCall, K, T, r, q, sigma);
  if (!Number.isFinite(sStar)) return NaN;
  if (phi * (S - sStar) >= 0) return phi * (S - K);
  const qPhi = bawExponent(phi, T, r, q, sigma);
  const d1 = (Math.log(sStar / K) + (r - q + 0.5 * sigma * sigma) * T) / (sigma * Math.sqrt(T));
  const a = ((phi * sStar) / qPhi) * (1 - Math.exp(-q * T) * normCdf(phi * d1));
  return euro + a * Math.pow(S / sStar, qPhi);
}
