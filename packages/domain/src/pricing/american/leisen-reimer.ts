// Leisen-Reimer (1996) binomial tree for American options without cash dividends, with Richardson
// extrapolation. LR places the nodes around the strike from d1/d2 (Peizer-Pratt inversion), so its
// error is a smooth ~c/n for puts and extrapolates well; it serves the negative-rate regimes where the
// exercise region can be a band (no boundary engine there) and as the fine reference in tests.

import type { OptionInput } from '../types';

export const DEFAULT_LR_STEPS = 401;

/** Peizer-Pratt inversion (method 2): the binomial probability matching Φ(z) for n steps. */
function peizerPratt(z: number, n: number): number {
  const t = z / (n + 1 / 3 + 0.1 / (n + 1));
  const s = 0.5 * Math.sqrt(-Math.expm1(-t * t * (n + 1 / 6)));
  return z >= 0 ? 0.5 + s : 0.5 - s;
}

// Reused across calls: allocation would dominate small trees. Safe: one pricing runs at a time per realm.
let bufV = new Float64Array(0);
let bufX = new Float64Array(0);

/** One LR tree with n steps (made odd). Assumes validated input with T > 0, σ > 0. */
export function leisenReimer(input: OptionInput, steps: number): number {
  const n = steps % 2 === 1 ? steps : steps + 1;
  const { S, K, T, r, q, sigma } = input;
  const isCall = input.right === 'call';
  const b = r - q;
  const dt = T / n;
  const sqrtT = Math.sqrt(T);
  const d1 = (Math.log(S / K) + (b + 0.5 * sigma * sigma) * T) / (sigma * sqrtT);
  const d2 = d1 - sigma * sqrtT;
  const growth = Math.exp(b * dt);
  let p = peizerPratt(d2, n);
  let u = (growth * peizerPratt(d1, n)) / p;
  let d = (growth - p * u) / (1 - p);
  if (!(p > 0 && p < 1 && d > 0 && u > d && Number.isFinite(u))) {
    // Far from the strike the inversion saturates; CRR is an adequate grid there.
    u = Math.exp(sigma * Math.sqrt(dt));
    d = 1 / u;
    p = (growth - d) / (u - d);
    if (!(p > 0 && p < 1)) return NaN;
  }
  const disc = Math.exp(-r * dt);
  const pu = disc * p;
  const pd = disc * (1 - p);
  if (bufV.length < n + 1) {
    bufV = new Float64Array(2 * n + 2);
    bufX = new Float64Array(2 * n + 2);
  }
  const v = bufV;
  const x = bufX;
  const logLow = Math.log(S) + n * Math.log(d);
  const logRatio = Math.log(u / d);
  for (let m = 0; m <= n; m++) {
    const price = Math.exp(logLow + m * logRatio);
    x[m] = price;
    v[m] = isCall ? Math.max(price - K, 0) : Math.max(K - price, 0);
  }
  const invD = 1 / d;
  const sign = isCall ? 1 : -1;
  for (let i = n - 1; i >= 0; i--) {
    for (let m = 0; m <= i; m++) {
      const cont = pd * v[m]! + pu * v[m + 1]!;
      const price = x[m]! * invD;
      x[m] = price;
      const ex = sign * (price - K);
      v[m] = ex > cont ? ex : cont;
    }
  }
  return v[0]!;
}

/** LR price Richardson-extrapolated from n and ~n/2 steps: V ≈ (n₂V₂ − n₁V₁)/(n₂ − n₁). */
export function leisenReimerExtrapolated(input: OptionInput, steps = DEFAULT_LR_STEPS): number {
  const n2 = Math.max(5, Math.floor(steps)) | 1;
  let n1 = Math.floor(n2 / 2);
  if (n1 % 2 === 0) n1 -= 1;
  return (n2 * leisenReimer(input, n2) - n1 * leisenReimer(input, n1)) / (n2 - n1);
}
