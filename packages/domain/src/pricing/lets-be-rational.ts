// Implied normalised volatility after P. Jäckel, "Let's be rational" (Wilmott, 2015): a four-branch
// rational-cubic initial guess in transformed coordinates, then Householder(3) steps on an objective
// chosen per branch so that two steps reach machine precision for any attainable price.

import { erfcxPositive, erfSmall, normCdf, normInv, normInvCbrt, normPdf } from '../math/normal-distribution';
import { normalisedBlackAtInflection, normalisedBlackOtm } from './normalised-black';

const SQRT3 = Math.sqrt(3);
const INV_SQRT_2PI = 0.3989422804014327;
/** Φ(z) = ½erfcx(−z/√2)e^{−z²/2} = √(π/2)·erfcx(−z/√2)·φ(z). */
const SQRT_HALF_PI = Math.sqrt(0.5 * Math.PI);
/** erf's exponential-free range is |y| ≤ 0.46875, erfcxPositive's y ≥ 0.46875. */
const CDF_CENTRAL = 0.46875 * Math.SQRT2;
const TWO_PI_OVER_3SQRT3 = (2 * Math.PI) / (3 * Math.sqrt(3));
const MAX_ITERATIONS = 16;
/** Receives ∂b/∂s from each evaluation of b (no allocation per call). */
const vega = new Float64Array(1);

/**
 * Delbourgo–Gregory rational cubic through (xl, yl) and (xr, yr) with end slopes dl, dr; r = 3 is the
 * Hermite cubic, larger r pulls the curve towards the chord (shape preservation).
 */
function rationalCubic(
  x: number,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  const h = xr - xl;
  if (!(Math.abs(h) > 0)) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  const omt = 1 - t;
  const t2 = t * t;
  const omt2 = omt * omt;
  const num = yr * t2 * t + (r * yr - h * dr) * t2 * omt + (r * yl + h * dl) * t * omt2 + yl * omt2 * omt;
  return num / (1 + (r - 3) * t * omt);
}

/** The smallest control parameter that keeps the interpolant monotone and convex (or concave) like the data. */
function minimumControl(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number): number {
  const h = xr - xl;
  const delta = (yr - yl) / h;
  let rMin = 0;
  if (dl * delta >= 0 && dr * delta >= 0 && delta !== 0) rMin = (dl + dr) / delta;
  const left = delta - dl;
  const right = dr - delta;
  // Convex (dl ≤ Δ ≤ dr) or concave data: both end second derivatives keep their sign iff r ≥ this.
  if (left * right > 0) rMin = Math.max(rMin, (dr - dl) / left, (dr - dl) / right);
  return rMin;
}

/** Control parameter matching the second derivative y2 at the left end, floored for shape preservation. */
function controlFitLeft(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, y2: number): number {
  const h = xr - xl;
  const delta = (yr - yl) / h;
  const r = (dr - dl + 0.5 * h * y2) / (delta - dl);
  const rMin = minimumControl(xl, xr, yl, yr, dl, dr);
  return Number.isFinite(r) ? Math.max(r, rMin) : Math.max(rMin, 3);
}

/** Control parameter matching the second derivative y2 at the right end, floored likewise. */
function controlFitRight(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, y2: number): number {
  const h = xr - xl;
  const delta = (yr - yl) / h;
  const r = (dr - dl + 0.5 * h * y2) / (dr - delta);
  const rMin = minimumControl(xl, xr, yl, yr, dl, dr);
  return Number.isFinite(r) ? Math.max(r, rMin) : Math.max(rMin, 3);
}

const OBJECTIVE_PLAIN = 0;
/** 1/ln b(s) − 1/ln β: near-linear in s for tiny prices, where b(s) ~ e^{−x²/(2s²)}. */
const OBJECTIVE_LOWER = 1;
/** ln((b_max − β)/(b_max − b(s))): near-linear for prices close to the maximum. */
const OBJECTIVE_UPPER = 2;

/**
 * Total implied volatility s = σ√T of a normalised out-of-the-money call price β at log-moneyness x ≤ 0.
 * Requires 0 < β < e^{x/2} (the caller classifies the bounds); returns NaN if it cannot converge.
 */
export function impliedNormalisedVolatility(beta: number, x: number): number {
  return impliedNormalisedVolatilityWithMax(beta, x, Math.exp(0.5 * x));
}

/** {@link impliedNormalisedVolatility} with the caller's b_max = e^{x/2} (saves recomputing it). */
export function impliedNormalisedVolatilityWithMax(beta: number, x: number, bMax: number): number {
  const sc = Math.sqrt(-2 * x); // inflection point of b in s
  const bc = normalisedBlackAtInflection(x, bMax);
  const vc = INV_SQRT_2PI * bMax; // e^{−(h²+t²)/2}/√(2π) with h² + t² = −x there
  let s: number;
  let objective: number;
  if (beta < bc) {
    const sl = sc - bc / vc;
    const bl = normalisedBlackOtm(x, sl, vega, bMax);
    const vl = vega[0] ?? 0;
    if (beta < bl) {
      // Lowest branch: interpolate f(β) := F(s(β)) with F(s) = (2π|x|/(3√3))·Φ(−|x|/(√3 s))³, the
      // small-s asymptote of b, so f(β) ≈ β near 0; then invert F in closed form.
      const ax = -x;
      const a = TWO_PI_OVER_3SQRT3 * ax;
      const invSl = 1 / sl;
      const invVl = 1 / vl;
      const z = -ax * invSl * (1 / SQRT3);
      const phi = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
      // Φ(z) sharing φ's exponential in the tail (an initial guess needs no tail-exact exponential).
      const p =
        z > -CDF_CENTRAL
          ? 0.5 + 0.5 * erfSmall(z * Math.SQRT1_2)
          : SQRT_HALF_PI * erfcxPositive(-z * Math.SQRT1_2) * phi;
      const fl = a * p * p * p;
      const dF = -3 * a * p * p * phi * z * invSl;
      const d2F = 3 * a * phi * p * z * invSl * invSl * (2 * phi * z + p * (2 - z * z));
      const curv = x * x * invSl * invSl * invSl - 0.25 * sl; // b''/b'
      const df = dF * invVl;
      const d2f = (d2F - dF * curv) * invVl * invVl;
      const r = controlFitRight(0, bl, 0, fl, 1, df, d2f);
      const f = rationalCubic(beta, 0, bl, 0, fl, 1, df, r);
      s = -ax / (SQRT3 * normInvCbrt(f / a));
      // A shape-preserving fit keeps 0 < f < f(b_l), hence 0 < s < s_l; guard against rounding anyway.
      if (!(s > 0 && s <= sl)) s = 0.5 * sl;
      objective = OBJECTIVE_LOWER;
    } else {
      const r = controlFitRight(bl, bc, sl, sc, 1 / vl, 1 / vc, 0);
      s = rationalCubic(beta, bl, bc, sl, sc, 1 / vl, 1 / vc, r);
      objective = OBJECTIVE_PLAIN;
    }
  } else {
    const su = vc > 0 ? sc + (bMax - bc) / vc : Infinity;
    const bu = normalisedBlackOtm(x, su, vega, bMax);
    const vu = vega[0] ?? 0;
    if (beta <= bu) {
      const r = controlFitLeft(bc, bu, sc, su, 1 / vc, 1 / vu, 0);
      s = rationalCubic(beta, bc, bu, sc, su, 1 / vc, 1 / vu, r);
      objective = OBJECTIVE_PLAIN;
    } else {
      // Highest branch: interpolate f(β) := Φ(−s(β)/2), which goes to 0 linearly (slope −1/2) at b_max.
      const fu = normCdf(-0.5 * su);
      const phi = normPdf(0.5 * su);
      const dF = -0.5 * phi;
      const d2F = 0.125 * su * phi;
      const curv = (x * x) / (su * su * su) - 0.25 * su;
      const df = dF / vu;
      const d2f = (d2F - dF * curv) / (vu * vu);
      const r = controlFitLeft(bu, bMax, fu, 0, df, -0.5, d2f);
      const f = rationalCubic(beta, bu, bMax, fu, 0, df, -0.5, r);
      s = f > 0 && f < 0.5 ? -2 * normInv(f) : su;
      if (!(s >= su)) s = su;
      objective = OBJECTIVE_UPPER;
    }
  }
  return householder(beta, x, bMax, s, objective);
}

/**
 * Householder(3) on g(s) per objective: s ← s + ν(1 + ½h₂ν)/(1 + ν(h₂ + ⅙h₃ν)), ν = −g/g',
 * hₖ = g⁽ᵏ⁾/g'. Uses b'/b' = 1, b''/b' = x²/s³ − s/4, b'''/b' = (b''/b')² − 3x²/s⁴ − 1/4.
 */
function householder(beta: number, x: number, bMax: number, s0: number, objective: number): number {
  let s = s0;
  const lnBeta = objective === OBJECTIVE_LOWER ? Math.log(beta) : 0;
  const invLnBeta = 1 / lnBeta;
  const upperGap = bMax - beta;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const b = normalisedBlackOtm(x, s, vega, bMax);
    const v = vega[0] ?? 0;
    if (!(v > 0) || !(b > 0)) {
      // Underflow at a far-too-small guess (or overflow past the top): step towards the inflection point.
      s = s < Math.sqrt(-2 * x) || x === 0 ? 2 * s : 0.5 * s;
      continue;
    }
    // Divisions sit on the serial path of each step: use reciprocals where it costs no accuracy.
    const invS = 1 / s;
    const x2s3 = x * x * invS * invS * invS;
    const bpp = x2s3 - 0.25 * s; // b''/b'
    const bppp = bpp * bpp - 3 * x2s3 * invS - 0.25; // b'''/b'
    let nu: number;
    let h2: number;
    let h3: number;
    if (objective === OBJECTIVE_LOWER) {
      const lnB = Math.log(b);
      const invLnB = 1 / lnB;
      const bpb = v / b; // b'/b
      const k = 1 + 2 * invLnB;
      // g = 1/ln b − 1/ln β = (ln β − ln b)/(ln b·ln β), g' = −(b'/b)/ln²b: ν = −g/g' without the
      // cancellation of the two reciprocals.
      nu = (lnB * invLnBeta * (lnBeta - lnB)) / bpb;
      h2 = bpp - bpb * k;
      h3 = h2 * h2 + (bppp - bpp * bpp) - (bpp * bpb - bpb * bpb) * k + 2 * bpb * bpb * invLnB * invLnB;
    } else if (objective === OBJECTIVE_UPPER) {
      const gap = bMax - b;
      if (!(gap > 0)) {
        s = 0.5 * s;
        continue;
      }
      const bpg = v / gap; // b'/(b_max − b)
      // g = ln(b_max − β) − ln(b_max − b); g' = b'/(b_max − b).
      nu = -Math.log(upperGap / gap) / bpg;
      h2 = bpp + bpg;
      h3 = bppp + 3 * bpp * bpg + 2 * bpg * bpg;
    } else {
      nu = (beta - b) / v;
      h2 = bpp;
      h3 = bppp;
    }
    const step = (nu * (1 + 0.5 * h2 * nu)) / (1 + nu * (h2 + h3 * nu * (1 / 6)));
    const next = s + step;
    const sNew = next > 0 && Number.isFinite(next) ? next : 0.5 * s;
    const done = Math.abs(sNew - s) <= 4e-16 * sNew;
    s = sNew;
    // A step below 1e-6 relative leaves ~(1e-6)⁴ of error after quartic convergence: done too.
    if (done || (i >= 1 && Math.abs(step) <= 1e-6 * s)) return s;
  }
  return NaN; // not converged: report it rather than return an inaccurate vol
}
