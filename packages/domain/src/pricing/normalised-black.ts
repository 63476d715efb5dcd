// Normalised Black function b(x, s) = e^{x/2}Φ(x/s + s/2) − e^{−x/2}Φ(x/s − s/2) (Jäckel, "Let's be
// rational", 2015): the undiscounted call price divided by √(FK), with x = ln(F/K) and s = σ√T.
// Evaluated for the out-of-the-money call (x ≤ 0) only, where it has no intrinsic part to cancel against;
// in-the-money values are intrinsic + this, by put-call parity.

import { erfcx, erfcxPositive, erfSmall } from '../math/normal-distribution';

const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const TWO_INV_SQRT_2PI = 2 * INV_SQRT_2PI;
/** Below this half total vol the two Φ terms nearly cancel: sum a Taylor series in t instead. */
const SMALL_T = 0.21;
/** ...and while |h|·t is small enough for the series recurrence to stay stable. */
const SMALL_HT = 1;

/** erf is a single rational (no exponential) for |y| ≤ this (Cody's split). */
const ERF_RANGE = 0.46875;

/** 1/(n+1) for the series recurrence below: multiplications are cheaper than divisions in the hot loop. */
const RECIPROCALS = Float64Array.from({ length: 64 }, (_, n) => 1 / (n + 1));

/**
 * Σ_{k odd} g⁽ᵏ⁾(u) τᵏ/k! for g = erfcx, given g0 = erfcx(u) (a small-t series of b, see below). With
 * g' = 2ug − 2/√π, g⁽ⁿ⁺¹⁾ = 2u g⁽ⁿ⁾ + 2n g⁽ⁿ⁻¹⁾, i.e. c_n = g⁽ⁿ⁾τⁿ/n! satisfies c_{n+1} = (2uτ c_n + 2τ² c_{n−1})/(n+1).
 * The factorials keep the (forward-unstable) recurrence's error growth below rounding for u·τ = O(1).
 */
function oddErfcxSeries(u: number, tau: number, g0: number): number {
  let prev = g0;
  let cur = tau * (2 * u * g0 - TWO_OVER_SQRT_PI);
  let sum = cur;
  const a = 2 * u * tau;
  const b = 2 * tau * tau;
  for (let n = 1; n < 61; n += 2) {
    // The 1/(n+1) factors go into the coefficients, off the loop's serial dependency chain.
    const r1 = RECIPROCALS[n] ?? 0;
    const r2 = RECIPROCALS[n + 1] ?? 0;
    const even = a * r1 * cur + b * r1 * prev;
    const odd = a * r2 * even + b * r2 * cur;
    sum += odd;
    prev = even;
    cur = odd;
    if (Math.abs(odd) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * Normalised out-of-the-money call b(x, s) for x ≤ 0, s ≥ 0, to a few ulps times the condition number
 * (1 + h²) in relative terms, even when it is 1e-300. Positive x is not accepted (use parity).
 * When `vegaOut` is given, ∂b/∂s is written to vegaOut[0] (it shares the exponential); `bMax` = e^{x/2},
 * when the caller has it, saves an exponential for large s.
 */
export function normalisedBlackOtm(x: number, s: number, vegaOut?: Float64Array, bMax?: number): number {
  if (!(s > 0) || s === Infinity) {
    if (vegaOut) vegaOut[0] = !(s > 0) && x === 0 ? INV_SQRT_2PI : 0;
    return s === Infinity ? Math.exp(0.5 * x) : 0;
  }
  const t = 0.5 * s;
  const h = x / s;
  if (t < SMALL_T && -h * t < SMALL_HT) {
    // b = ½e^{−(h²+t²)/2}·(erfcx(u − τ) − erfcx(u + τ)) = −2·½e^{…}·Σ_odd, u = −h/√2, τ = t/√2.
    const u = -h * SQRT_HALF;
    let es: number;
    let g0: number;
    if (u <= ERF_RANGE) {
      // erfcx(u) = e^{u²}erfc(u) needs e^{h²/2} anyway: get e from it and e^{−t²/2}, whose argument is
      // below 0.0221 here, so seven Taylor terms are exact to double precision: one exp, not two.
      const p = Math.exp(0.5 * h * h);
      const w = 0.5 * t * t;
      const q = 1 - w * (1 - w * (0.5 - w * (1 / 6 - w * (1 / 24 - w * (1 / 120 - w * (1 / 720 - w / 5040))))));
      es = (0.5 * q) / p;
      g0 = p * (1 - erfSmall(u));
    } else {
      es = 0.5 * Math.exp(-0.5 * (h * h + t * t));
      g0 = erfcxPositive(u);
    }
    if (vegaOut) vegaOut[0] = TWO_INV_SQRT_2PI * es;
    return Math.max(-2 * es * oddErfcxSeries(u, t * SQRT_HALF, g0), 0);
  }
  const e = 0.5 * Math.exp(-0.5 * (h * h + t * t));
  if (vegaOut) vegaOut[0] = TWO_INV_SQRT_2PI * e;
  const a = -(h + t) * SQRT_HALF;
  const c = -(h - t) * SQRT_HALF; // > 0
  // Both erfcx arguments positive: e^{x/2}Φ(h+t) = e·erfcx(a), e^{−x/2}Φ(h−t) = e·erfcx(c), no overflow.
  if (a >= 0) {
    // e·erfcx(a) = ½e^{x/2}·erfc(a) since (h² + t²)/2 − a² = −ht = −x/2: near the inflection point that
    // avoids erfcx's exponential.
    if (bMax !== undefined && a <= ERF_RANGE) return 0.5 * bMax * (1 - erfSmall(a)) - e * erfcx(c);
    return e * (erfcx(a) - erfcx(c));
  }
  // Φ(h+t) ≥ 1/2, so erfcx(a) could overflow: e^{x/2}Φ(h+t) = e^{x/2} − e·erfcx(−a). The subtraction
  // loses at most ~3 bits here (b ≥ e^{x/2}/8 once h + t ≥ 0 and t ≥ 0.21).
  return (bMax ?? Math.exp(0.5 * x)) - e * (erfcx(-a) + erfcx(c));
}

/**
 * b at the inflection point s_c = √(−2x), x ≤ 0, given bMax = e^{x/2}. There h + t = 0, so
 * b_c = ½e^{x/2}(1 − erfcx(c)) = ½e^{−x/2}erf(c) − sinh(c²/2) with c = √−x: one erfcx or erf, no exp.
 */
export function normalisedBlackAtInflection(x: number, bMax: number): number {
  const c = Math.sqrt(-x);
  // Up to ERF_RANGE, 1 − erfcx(c) would cancel: use the erf/sinh form there.
  if (c > ERF_RANGE) return 0.5 * bMax * (1 - erfcxPositive(c));
  // sinh(y) for y = c²/2 ≤ 0.11 by its Taylor series (the next term is below 1e-21 relative).
  const y = -0.5 * x;
  const y2 = y * y;
  const sinh = y * (1 + y2 * (1 / 6 + y2 * (1 / 120 + y2 * (1 / 5040 + y2 * (1 / 362880 + y2 / 39916800)))));
  return (0.5 * erfSmall(c)) / bMax - sinh;
}

/** ∂b/∂s = e^{−(h²+t²)/2}/√(2π), the normalised vega (also for x > 0: it is even in x). */
export function normalisedVega(x: number, s: number): number {
  if (x === 0) return INV_SQRT_2PI * Math.exp(-0.125 * s * s);
  if (!(s > 0)) return 0;
  const h = x / s;
  const t = 0.5 * s;
  return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t));
}
