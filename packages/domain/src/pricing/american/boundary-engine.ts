// The accurate engine without cash dividends: the exercise boundary is solved from its integral
// equation by the fixed-point method of Andersen, Lake & Offengenden (2016, "High-performance American
// option pricing", FP-B), with the boundary interpolated by a Chebyshev polynomial in √τ; the price is
// then the European price plus the early-exercise premium integral (Kim 1990). It converges spectrally
// and is smooth in every input, unlike a tree, whose exercise decisions jump from node to node.

import { gaussLegendre } from '../../math/bivariate-normal';
import { normCdf, normPdf } from '../../math/normal-distribution';
import { europeanPrice } from '../black-scholes';
import type { OptionInput } from '../types';
import { bawCriticalPrice } from './barone-adesi-whaley';

const HALF_PI = Math.PI / 2;

/** A discretisation: Chebyshev degree, quadrature points, fixed-point iterations and their stop. */
export interface BoundaryScheme {
  chebyshev: number;
  iterations: number;
  tolerance: number;
  /** θ-quadrature of the boundary integrals: u = τ·sin²θ with sinθ, cosθ and weights. */
  sin: Float64Array;
  cos: Float64Array;
  weight: Float64Array;
  /** The same for the final premium integral (done once, so it can afford more points). */
  priceSin: Float64Array;
  priceCos: Float64Array;
  priceWeight: Float64Array;
}

// Quadrature in θ ∈ [0, π/2] with u = τ·sin²θ: √u and √(τ − u) are both smooth in θ, which removes the
// 1/√(τ−u) singularity and the √u behaviour of the boundary near expiry, so Gauss-Legendre converges fast.
function thetaRule(points: number): { sin: Float64Array; cos: Float64Array; weight: Float64Array } {
  const gl = gaussLegendre(points);
  const sin = new Float64Array(points);
  const cos = new Float64Array(points);
  const weight = new Float64Array(points);
  for (let j = 0; j < points; j++) {
    const theta = (HALF_PI * (1 + gl.x[j]!)) / 2;
    sin[j] = Math.sin(theta);
    cos[j] = Math.cos(theta);
    weight[j] = (HALF_PI * gl.w[j]!) / 2;
  }
  return { sin, cos, weight };
}

export function boundaryScheme(
  chebyshev: number,
  quadrature: number,
  priceQuadrature: number,
  iterations: number,
  tolerance = 1e-13,
): BoundaryScheme {
  const q = thetaRule(quadrature);
  const p = thetaRule(priceQuadrature);
  return {
    chebyshev,
    iterations,
    tolerance,
    sin: q.sin,
    cos: q.cos,
    weight: q.weight,
    priceSin: p.sin,
    priceCos: p.cos,
    priceWeight: p.weight,
  };
}

/** ~1e-5 absolute (K = 100) for T ≤ 3 years, ~1e-4 at T = 10 with tiny σ; ~100-150 µs. */
export const DEFAULT_SCHEME = boundaryScheme(10, 16, 32, 40, 1e-9);

/**
 * American put in the 'standard' regime (r > 0), validated input, T > 0. Calls go through the
 * put-call symmetry C(S, K, r, q) = P(K, S, q, r) (McDonald & Schroder 1998).
 */
export function boundaryEnginePrice(input: OptionInput, scheme: BoundaryScheme = DEFAULT_SCHEME): number {
  const { S, K, T, r, q, sigma } = input;
  return input.right === 'put' ? americanPut(S, K, T, r, q, sigma, scheme) : americanPut(K, S, T, q, r, sigma, scheme);
}

function americanPut(
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
  scheme: BoundaryScheme,
): number {
  const { sin: SIN, cos: COS, weight: WQ, iterations, tolerance } = scheme;
  // FP-B (smooth-pasting form) converges in a few iterations but can oscillate for long maturities
  // at high rates; once its steps stop shrinking we switch to the slower, stable FP-A (value matching).
  let useFpA = false;
  let lastChange = Infinity;
  // The boundary starts at X = K·min(1, r/q) at expiry and decreases with time to maturity.
  const X = q > 0 ? K * Math.min(1, r / q) : K;
  const sqrtT = Math.sqrt(T);
  const n = scheme.chebyshev;
  const tau = new Float64Array(n + 1);
  const B = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const z = (sqrtT * (1 + Math.cos((k * Math.PI) / n))) / 2;
    tau[k] = z * z;
  }
  // Initial guess: the Barone-Adesi-Whaley critical price of each maturity.
  B[n] = X;
  for (let k = 0; k < n; k++) {
    const guess = bawCriticalPrice(false, K, tau[k]!, r, q, sigma);
    B[k] = guess > 0 && guess < X ? guess : X * Math.exp(-sigma * Math.sqrt(tau[k]!));
  }
  const coef = new Float64Array(n + 1);
  const next = new Float64Array(n + 1);
  fitChebyshev(B, X, coef);

  const s2half = 0.5 * sigma * sigma;
  const drift = r - q;
  const lnX = Math.log(X);
  const m = SIN.length;
  // Per-node constants of the quadrature (τ is fixed per node, so these survive the iterations).
  const growR = new Float64Array(n * m);
  const growQ = new Float64Array(n * m);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < m; j++) {
      const u = tau[k]! * SIN[j]! * SIN[j]!;
      growR[k * m + j] = Math.exp(r * u);
      growQ[k * m + j] = Math.exp(q * u);
    }
  }
  for (let it = 0; it < iterations; it++) {
    let change = 0;
    for (let k = 0; k < n; k++) {
      const t = tau[k]!;
      const bt = B[k]!;
      const lnBt = Math.log(bt);
      const st = Math.sqrt(t);
      const volT = sigma * st;
      const dp0 = (lnBt - Math.log(K) + (drift + s2half) * t) / volT;
      const dm0 = dp0 - volT;
      let intN = 0;
      let intD = 0;
      const base = k * m;
      for (let j = 0; j < m; j++) {
        const sn = SIN[j]!;
        const cs = COS[j]!;
        const dt = t * cs * cs;
        const vol = volT * cs;
        const lnBu = lnX - Math.sqrt(chebAt(coef, (2 * st * sn) / sqrtT - 1));
        const dp = (lnBt - lnBu + (drift + s2half) * dt) / vol;
        const w = WQ[j]! * ((2 * st * sn) / sigma);
        // du/(σ√(τ−u)) = 2√τ·sinθ/σ dθ and du = 2τ·sinθ·cosθ dθ = (σ√(τ−u))·(2√τ·sinθ/σ) dθ.
        if (useFpA) {
          intN += w * vol * growR[base + j]! * normCdf(dp - vol);
          if (q !== 0) intD += w * vol * growQ[base + j]! * normCdf(dp);
        } else {
          intN += w * growR[base + j]! * normPdf(dp - vol);
          if (q !== 0) intD += w * growQ[base + j]! * (normCdf(dp) * vol + normPdf(dp));
        }
      }
      const num = useFpA ? normCdf(dm0) + r * intN : normPdf(dm0) / volT + r * intN;
      const den = useFpA ? normCdf(dp0) + q * intD : normPdf(dp0) / volT + normCdf(dp0) + q * intD;
      let bNew = K * Math.exp(-drift * t) * (num / den);
      if (!(bNew > 0)) bNew = bt / 2;
      if (bNew > X) bNew = X;
      change = Math.max(change, Math.abs(bNew - bt) / bt);
      next[k] = bNew;
    }
    for (let k = 0; k < n; k++) B[k] = next[k]!;
    fitChebyshev(B, X, coef);
    if (change < tolerance) break;
    if (!useFpA && it >= 2 && change > 0.7 * lastChange) useFpA = true;
    lastChange = change;
  }

  if (S <= B[0]!) return K - S;
  // Price: European put plus ∫₀ᵀ [rK e^{−r(T−u)}Φ(−d₋) − qS e^{−q(T−u)}Φ(−d₊)](T−u, S/B(u)) du.
  let premium = 0;
  for (let j = 0; j < scheme.priceSin.length; j++) {
    const sn = scheme.priceSin[j]!;
    const cs = scheme.priceCos[j]!;
    const dt = T * cs * cs;
    const vol = sigma * sqrtT * cs;
    const lnBu = lnX - Math.sqrt(chebAt(coef, 2 * sn - 1));
    const dp = (Math.log(S) - lnBu + (drift + s2half) * dt) / vol;
    const dm = dp - vol;
    const f = r * K * Math.exp(-r * dt) * normCdf(-dm) - q * S * Math.exp(-q * dt) * normCdf(-dp);
    premium += scheme.priceWeight[j]! * f * 2 * T * sn * cs;
  }
  const euro = europeanPrice(false, S, K, T, r, q, sigma);
  return Math.max(euro + premium, K - S, euro);
}

/**
 * Chebyshev coefficients of G(ξ) = ln(B/X)² at the extrema ξ_k = cos(kπ/n), where √τ = √T(1+ξ)/2.
 * G is smooth in √τ (B ~ X·exp(−c√(τ·|ln τ|)) near expiry is not smooth in τ).
 */
function fitChebyshev(B: Float64Array, X: number, coef: Float64Array): void {
  const n = B.length - 1;
  for (let j = 0; j <= n; j++) {
    let sum = 0;
    for (let k = 0; k <= n; k++) {
      const l = Math.log(B[k]! / X);
      const g = l * l;
      const weight = k === 0 || k === n ? 0.5 : 1;
      sum += weight * g * Math.cos((j * k * Math.PI) / n);
    }
    coef[j] = ((2 / n) * sum) / (j === 0 || j === n ? 2 : 1);
  }
}

/** ln(B/X)² at ξ from the Chebyshev fit (Clenshaw), clamped at 0. */
function chebAt(coef: Float64Array, xi: number): number {
  let b1 = 0;
  let b2 = 0;
  for (let j = coef.length - 1; j >= 1; j--) {
    const b0 = coef[j]! + 2 * xi * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  const g = coef[0]! + xi * b1 - b2;
  return g > 0 ? g : 0;
}
