// American pricing with discrete cash dividends: a trinomial lattice on a fixed log-price grid.
// Why trinomial: with a fixed spatial step h the time step may vary, so every ex-dividend date is a
// layer exactly — on a uniform binomial the ex-date is rounded to a layer and the error of exercising a
// call "just before the dividend" a fraction of a step early is ~r·K·Δt, which does not average out.
// The stock drops by the dividend at the ex-date (Vellekoop & Nieuwenhuis 2006): the cum-dividend value
// at node x is max(exercise(x), W(x − D)), W the ex-dividend value interpolated (cubic) on the grid.
// The last step is priced with Black-Scholes (smoothing the payoff kink) and two lattices are
// Richardson-extrapolated.

import { europeanPrice } from '../black-scholes';
import type { CashDividend, OptionInput } from '../types';

export const DEFAULT_TRINOMIAL_STEPS = 500;

interface Layer {
  t: number;
  /** Cash dividend paid at t (ex-date), 0 for none. */
  dividend: number;
}

let bufV = new Float64Array(0);
let bufW = new Float64Array(0);
let bufX = new Float64Array(0);

function ensure(size: number): void {
  if (bufV.length < size) {
    const len = Math.max(size, 2 * bufV.length);
    bufV = new Float64Array(len);
    bufW = new Float64Array(len);
    bufX = new Float64Array(len);
  }
}

/**
 * Time layers: 0 = t₀ < t₁ < … < t_N = T with every dividend date a layer and steps of at most T/steps.
 * Dividends on the same date are summed.
 */
function timeLayers(T: number, steps: number, dividends: readonly CashDividend[]): Layer[] {
  const dates = new Map<number, number>();
  for (const d of dividends) dates.set(d.t, (dates.get(d.t) ?? 0) + d.amount);
  const stops = [...dates.keys()].sort((a, b) => a - b);
  stops.push(T);
  const layers: Layer[] = [{ t: 0, dividend: 0 }];
  let start = 0;
  for (const stop of stops) {
    const n = Math.max(1, Math.ceil(((stop - start) * steps) / T - 1e-9));
    for (let i = 1; i <= n; i++) layers.push({ t: i === n ? stop : start + ((stop - start) * i) / n, dividend: 0 });
    const last = layers[layers.length - 1]!;
    if (stop < T) last.dividend = dates.get(stop) ?? 0;
    start = stop;
  }
  return layers;
}

/**
 * One lattice with about `steps` steps; dividends must lie in (0, T) with positive amounts and the input
 * must be valid with T > 0. NaN when the dividends are worth more than the stock.
 */
export function trinomialLattice(input: OptionInput, steps: number, dividends: readonly CashDividend[]): number {
  const { S, K, T, r, q, sigma } = input;
  const isCall = input.right === 'call';
  let sumDiv = 0;
  let pvDiv = 0;
  for (const d of dividends) {
    sumDiv += d.amount;
    pvDiv += d.amount * Math.exp(-r * d.t);
  }
  // The stock must be worth more than the dividends it will pay.
  if (!(S > pvDiv)) return NaN;

  const layers = timeLayers(T, steps, dividends);
  const n = layers.length - 1;
  // Space step from the nominal time step: p_middle ≈ 2/3, and always a valid scheme for smaller steps.
  const h = sigma * Math.sqrt((3 * T) / steps);
  const nu = r - q - 0.5 * sigma * sigma;
  // Extra nodes below so x − D near the root is interpolated on the grid, not extrapolated.
  const extra = sumDiv > 0 ? Math.min(4 * n, Math.ceil(Math.log(S / Math.max(S - sumDiv, S * 1e-3)) / h) + 3) : 0;
  // Layer i spans node indices j ∈ [−extra − i, i]; stored at offset j + extra + n.
  const size = 2 * n + extra + 1;
  ensure(size);
  const v = bufV;
  const w = bufW;
  const x = bufX;
  const lnS = Math.log(S);
  const offset = extra + n;
  for (let m = 0; m < size; m++) x[m] = Math.exp(lnS + (m - offset) * h);

  // Nodes beyond ±8 standard deviations (plus the dividend margin) cannot move the price: cut them.
  const reach = Math.ceil((8 * sigma * Math.sqrt(T) + Math.abs(nu) * T) / h) + 2;
  const floor = Math.max(0, offset - extra - reach);
  const ceiling = Math.min(size - 1, offset + reach);

  // Terminal step smoothed: values at layer n − 1 are the European price over the last step.
  const last = layers[n - 1]!;
  const tauLast = T - last.t;
  let lo = offset - extra - (n - 1);
  let hi = offset + (n - 1);
  const from = Math.max(lo, floor);
  const to = Math.min(hi, ceiling);
  for (let m = from; m <= to; m++) w[m] = europeanPrice(isCall, x[m]!, K, tauLast, r, q, sigma);
  finishLayer(v, w, x, from, to, last.dividend, K, isCall);

  for (let i = n - 2; i >= 0; i--) {
    const dt = layers[i + 1]!.t - layers[i]!.t;
    const a = (sigma * sigma * dt + nu * nu * dt * dt) / (h * h);
    const bdrift = (nu * dt) / h;
    const disc = Math.exp(-r * dt);
    const pu = 0.5 * (a + bdrift) * disc;
    const pd = 0.5 * (a - bdrift) * disc;
    const pm = (1 - a) * disc;
    lo++;
    hi--;
    const a0 = Math.max(lo, floor + 1);
    const a1 = Math.min(hi, ceiling - 1);
    for (let m = a0; m <= a1; m++) w[m] = pd * v[m - 1]! + pm * v[m]! + pu * v[m + 1]!;
    // At a cut edge the outer neighbour is missing: extrapolate linearly (the values there are
    // intrinsic or zero to many digits).
    if (lo <= floor) w[floor] = 2 * w[floor + 1]! - w[floor + 2]!;
    if (hi >= ceiling) w[ceiling] = 2 * w[ceiling - 1]! - w[ceiling - 2]!;
    finishLayer(v, w, x, Math.max(lo, floor), Math.min(hi, ceiling), layers[i]!.dividend, K, isCall);
  }
  return v[offset]!;
}

/** v = max(exercise, continuation), with continuation taken at x − D on an ex-dividend date. */
function finishLayer(
  v: Float64Array,
  w: Float64Array,
  x: Float64Array,
  lo: number,
  hi: number,
  dividend: number,
  K: number,
  isCall: boolean,
): void {
  if (dividend === 0) {
    for (let m = lo; m <= hi; m++) {
      const ex = isCall ? x[m]! - K : K - x[m]!;
      const cont = w[m]!;
      v[m] = ex > cont ? ex : cont;
    }
    return;
  }
  let j = lo;
  for (let m = lo; m <= hi; m++) {
    const price = x[m]!;
    const y = price - dividend;
    let cont: number;
    if (!(y > 0)) {
      // The dividend takes the whole stock, which is worth 0 from then on.
      cont = isCall ? 0 : K;
    } else {
      while (j < hi - 1 && x[j + 1]! <= y) j++;
      if (j > lo && j + 2 <= hi) {
        // Cubic Lagrange through four neighbours: O(h⁴), where linear would leave Γh²/8 per dividend.
        const x0 = x[j - 1]!;
        const x1 = x[j]!;
        const x2 = x[j + 1]!;
        const x3 = x[j + 2]!;
        const a0 = y - x0;
        const a1 = y - x1;
        const a2 = y - x2;
        const a3 = y - x3;
        cont =
          (w[j - 1]! * a1 * a2 * a3) / ((x0 - x1) * (x0 - x2) * (x0 - x3)) +
          (w[j]! * a0 * a2 * a3) / ((x1 - x0) * (x1 - x2) * (x1 - x3)) +
          (w[j + 1]! * a0 * a1 * a3) / ((x2 - x0) * (x2 - x1) * (x2 - x3)) +
          (w[j + 2]! * a0 * a1 * a2) / ((x3 - x0) * (x3 - x1) * (x3 - x2));
      } else {
        // Linear at the grid's edges (extrapolating below it, where values are intrinsic or 0).
        const x0 = x[j]!;
        const x1 = x[j + 1]!;
        cont = w[j]! + ((w[j + 1]! - w[j]!) * (y - x0)) / (x1 - x0);
      }
      const intrinsic = isCall ? y - K : K - y;
      if (cont < intrinsic) cont = intrinsic;
      if (cont < 0) cont = 0;
    }
    const ex = isCall ? price - K : K - price;
    v[m] = ex > cont ? ex : cont;
  }
}

/** Richardson extrapolation of the lattice at `steps` and steps/2 (error ~c/N). */
export function trinomialExtrapolated(input: OptionInput, steps: number, dividends: readonly CashDividend[]): number {
  const n2 = Math.max(4, Math.round(steps));
  const n1 = Math.round(n2 / 2);
  const v2 = trinomialLattice(input, n2, dividends);
  const v1 = trinomialLattice(input, n1, dividends);
  return 2 * v2 - v1;
}
