// Standard bivariate normal CDF, after Genz (2004, Statistics and Computing 14): Gauss-Legendre on
// Drezner-Wesolowsky's arcsine integral for |ρ| < 0.925, and for |ρ| → 1 an integral in √(1−ρ²) whose
// singular part is integrated in closed form, so the quadrature only sees a smooth O(x⁶) remainder.

import { erfcx, normCdf } from './normal-distribution';

const TWO_PI = 2 * Math.PI;
const SQRT_2PI = Math.sqrt(TWO_PI);

export interface GaussLegendreRule {
  x: Float64Array;
  w: Float64Array;
}

/**
 * Gauss-Legendre nodes and weights on [−1, 1], by Newton on the Legendre recurrence (to rounding).
 * Exported for the other quadratures of the pricing code (the American boundary integrals).
 */
export function gaussLegendre(n: number): GaussLegendreRule {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

// Genz's orders: 6 points suffice for |ρ| < 0.3, 12 for < 0.75, 20 beyond.
const GL6 = gaussLegendre(6);
const GL12 = gaussLegendre(12);
const GL20 = gaussLegendre(20);

/** P(X > h, Y > k) for standard normals with correlation r. */
function upperTail(h: number, k: number, r: number): number {
  const absR = Math.abs(r);
  if (absR < 0.925) {
    const rule: GaussLegendreRule = absR < 0.3 ? GL6 : absR < 0.75 ? GL12 : GL20;
    const hk = h * k;
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    let sum = 0;
    for (let i = 0; i < rule.x.length; i++) {
      const sn = Math.sin((asr * (1 + rule.x[i]!)) / 2);
      sum += rule.w[i]! * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return (sum * asr) / (4 * Math.PI) + normCdf(-h) * normCdf(-k);
  }
  // Negative correlation: mirror Y so the high-correlation formula below sees ρ > 0.
  if (r < 0) return Math.max(0, normCdf(-h) - upperTail(h, -k, -r));
  return Math.max(0, normCdf(-Math.max(h, k)) - highCorrelationGap(h, k, r));
}

/**
 * ∫_r^1 φ₂(h, k; ρ) dρ for 0.925 ≤ r ≤ 1. With x = √(1−ρ²) it is
 * (1/2π) ∫_0^a exp(−b²/2x²)·g(x) dx, b = |h−k|, a = √(1−r²), g(x) = exp(−hk/(1+√(1−x²)))/√(1−x²).
 * g ≈ e^{−hk/2}(1 + c x² + d x⁴) is integrated exactly (J₀..J₂); the rest by 20-point Gauss-Legendre.
 */
function highCorrelationGap(h: number, k: number, r: number): number {
  if (r >= 1) return 0;
  const a = Math.sqrt((1 - r) * (1 + r));
  const b = Math.abs(h - k);
  const hk = h * k;
  const c = (4 - hk) / 8;
  const d = (48 - 16 * hk + hk * hk) / 128;
  const as = a * a;
  const bs = b * b;
  // J_m = ∫_0^a x^{2m} e^{−b²/2x²} dx, all scaled by e^{−hk/2}; the exponent below is ≤ 0 (no overflow).
  const e = Math.exp(-hk / 2 - bs / (2 * as));
  // b·√(2π)·Φ(−b/a)·e^{−hk/2}, with Φ of the lower tail through erfcx to keep its digits.
  const tail = b === 0 ? 0 : b * SQRT_2PI * 0.5 * erfcx(b / a / Math.SQRT2) * e;
  const j0 = a * e - tail;
  const j1 = (as * a * e - bs * j0) / 3;
  const j2 = (as * as * a * e - bs * j1) / 5;
  let closed = j0 + c * j1 + d * j2;
  if (!(closed > 0)) closed = Math.max(0, closed);
  // Remainder ∫_0^a e^{−b²/2x²}(g(x) − e^{−hk/2}(1 + c x² + d x⁴)) dx.
  let rem = 0;
  const half = a / 2;
  for (let i = 0; i < GL20.x.length; i++) {
    const x = half * (1 + GL20.x[i]!);
    const xs = x * x;
    const rs = Math.sqrt((1 - x) * (1 + x));
    const damp = -bs / (2 * xs);
    const g = Math.exp(damp - hk / (1 + rs)) / rs;
    const approx = Math.exp(damp - hk / 2) * (1 + c * xs + d * xs * xs);
    rem += GL20.w[i]! * (g - approx);
  }
  return (closed + rem * half) / TWO_PI;
}

/**
 * Φ₂(a, b; ρ) = P(X ≤ a, Y ≤ b) for standard normals X, Y with correlation ρ ∈ [−1, 1]
 * (absolute accuracy ~1e-15). NaN for NaN arguments or |ρ| > 1.
 */
export function bivariateNormalCdf(a: number, b: number, rho: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || !(Math.abs(rho) <= 1)) return NaN;
  if (a === -Infinity || b === -Infinity) return 0;
  if (a === Infinity) return normCdf(b);
  if (b === Infinity) return normCdf(a);
  if (rho === 1) return normCdf(Math.min(a, b));
  if (rho === -1) return Math.max(0, normCdf(a) - normCdf(-b));
  return Math.min(1, upperTail(-a, -b, rho));
}
