// Bjerksund & Stensland (2002): the exercise boundary is approximated by two flat pieces, I₂ on
// [0, t₁] and I₁ on [t₁, T] with t₁ = ½(√5 − 1)T, which makes the price a lower bound built from
// barrier-option terms (one- and two-dimensional normal integrals). Puts via the put-call transformation
// P(S, K, T, r, b, σ) = C(K, S, T, r − b, −b, σ).

import { bivariateNormalCdf } from '../../math/bivariate-normal';
import { normCdf } from '../../math/normal-distribution';
import { europeanPrice } from '../black-scholes';
import type { OptionInput } from '../types';

/** BS2002 price for validated input with T > 0 in the 'standard' regime. */
export function bs2002Standard(input: OptionInput): number {
  const { S, K, T, r, q, sigma } = input;
  // In carry form: a call has (r, b = r − q); the transformed put has (r − b, −b) = (q, q − r).
  return input.right === 'call' ? bs2002Call(S, K, T, r, r - q, sigma) : bs2002Call(K, S, T, q, q - r, sigma);
}

function bs2002Call(S: number, K: number, T: number, r: number, b: number, sigma: number): number {
  // b ≥ r means a non-positive dividend yield: never exercised early.
  if (b >= r) return europeanPrice(true, S, K, T, r, r - b, sigma);
  const s2 = sigma * sigma;
  const beta = 0.5 - b / s2 + Math.sqrt((b / s2 - 0.5) ** 2 + (2 * r) / s2);
  const bInf = (beta / (beta - 1)) * K;
  const b0 = Math.max(K, (r / (r - b)) * K);
  const t1 = 0.5 * (Math.sqrt(5) - 1) * T;
  const scale = (K * K) / ((bInf - b0) * b0);
  const h1 = -(b * t1 + 2 * sigma * Math.sqrt(t1)) * scale;
  const h2 = -(b * T + 2 * sigma * Math.sqrt(T)) * scale;
  const i1 = b0 + (bInf - b0) * -Math.expm1(h1);
  const i2 = b0 + (bInf - b0) * -Math.expm1(h2);
  if (S >= i2) return S - K;
  const alpha1 = (i1 - K) * Math.pow(i1, -beta);
  const alpha2 = (i2 - K) * Math.pow(i2, -beta);
  const p = { S, T, t1, r, b, sigma };
  const value =
    alpha2 * Math.pow(S, beta) -
    alpha2 * phiTerm(p, t1, beta, i2, i2) +
    phiTerm(p, t1, 1, i2, i2) -
    phiTerm(p, t1, 1, i1, i2) -
    K * phiTerm(p, t1, 0, i2, i2) +
    K * phiTerm(p, t1, 0, i1, i2) +
    alpha1 * phiTerm(p, t1, beta, i1, i2) -
    alpha1 * psiTerm(p, beta, i1, i2, i1) +
    psiTerm(p, 1, i1, i2, i1) -
    psiTerm(p, 1, K, i2, i1) -
    K * psiTerm(p, 0, i1, i2, i1) +
    K * psiTerm(p, 0, K, i2, i1);
  // The approximation is a lower bound of the American price; never report less than the European.
  return Math.max(value, europeanPrice(true, S, K, T, r, r - b, sigma), S - K);
}

interface Params {
  S: number;
  T: number;
  t1: number;
  r: number;
  b: number;
  sigma: number;
}

/** φ(S, t, γ, H, I): value of S^γ paid at t if S_t ≤ H, knocked out when S reaches I before t. */
function phiTerm(p: Params, t: number, gamma: number, h: number, i: number): number {
  const { S, r, b, sigma } = p;
  const s2 = sigma * sigma;
  const vol = sigma * Math.sqrt(t);
  const lambda = (-r + gamma * b + 0.5 * gamma * (gamma - 1) * s2) * t;
  const d = -(Math.log(S / h) + (b + (gamma - 0.5) * s2) * t) / vol;
  const kappa = (2 * b) / s2 + (2 * gamma - 1);
  return (
    Math.exp(lambda) *
    Math.pow(S, gamma) *
    (normCdf(d) - Math.pow(i / S, kappa) * normCdf(d - (2 * Math.log(i / S)) / vol))
  );
}

/** ψ(S, T, γ, H, I₂, I₁, t₁): as φ to T, knocked out at I₂ on [0, t₁] and at I₁ on [t₁, T]. */
function psiTerm(p: Params, gamma: number, h: number, i2: number, i1: number): number {
  const { S, T, t1, r, b, sigma } = p;
  const s2 = sigma * sigma;
  const drift = b + (gamma - 0.5) * s2;
  const v1 = sigma * Math.sqrt(t1);
  const vT = sigma * Math.sqrt(T);
  const e1 = (Math.log(S / i1) + drift * t1) / v1;
  const e2 = (Math.log((i2 * i2) / (S * i1)) + drift * t1) / v1;
  const e3 = (Math.log(S / i1) - drift * t1) / v1;
  const e4 = (Math.log((i2 * i2) / (S * i1)) - drift * t1) / v1;
  const f1 = (Math.log(S / h) + drift * T) / vT;
  const f2 = (Math.log((i2 * i2) / (S * h)) + drift * T) / vT;
  const f3 = (Math.log((i1 * i1) / (S * h)) + drift * T) / vT;
  const f4 = (Math.log((S * i1 * i1) / (h * i2 * i2)) + drift * T) / vT;
  const rho = Math.sqrt(t1 / T);
  const lambda = (-r + gamma * b + 0.5 * gamma * (gamma - 1) * s2) * T;
  const kappa = (2 * b) / s2 + (2 * gamma - 1);
  return (
    Math.exp(lambda) *
    Math.pow(S, gamma) *
    (bivariateNormalCdf(-e1, -f1, rho) -
      Math.pow(i2 / S, kappa) * bivariateNormalCdf(-e2, -f2, rho) -
      Math.pow(i1 / S, kappa) * bivariateNormalCdf(-e3, -f3, -rho) +
      Math.pow(i1 / i2, kappa) * bivariateNormalCdf(-e4, -f4, -rho))
  );
}
