// American options on equities: price, greeks and implied vol, with discrete cash dividends.
//
// Engines:
// - 'accurate' (default): without cash dividends, the Andersen-Lake-Offengenden boundary engine
//   (boundary-engine.ts, ~1e-5 absolute at K = 100 for T ≤ 3y, ~0.1 ms); with cash dividends the
//   trinomial lattice that drops the stock by each dividend at its exact ex-date (trinomial.ts, ~1e-4..5e-4
//   absolute, ~1 ms); in the negative-rate regimes where the exercise region may be a band, the
//   Leisen-Reimer binomial (leisen-reimer.ts).
// - 'bjerksund-stensland' (2002) and 'barone-adesi-whaley' (1987): closed-form approximations, ~10 µs,
//   errors up to ~1e-2 of the price on long maturities. With cash dividends they price the escrowed
//   stock S − PV(dividends), a rough approximation.
// Semantics: T = 0 → intrinsic value; invalid input (S, K ≤ 0, σ ≤ 0 with T > 0, non-finite values,
// bad dividends, dividends worth more than the stock) → NaN, never a throw. Without cash dividends, when
// early exercise can never pay — put with r ≤ 0 and q ≥ r (so r ≤ 0 = q), call with q ≤ 0 and r ≥ q —
// the price (and greeks) are exactly the European ones. Put q < r < 0 / call r < q < 0 (the exercise
// region can be a band) goes to the lattice. The result is never below the European price nor intrinsic.

import { bsmGreeks, europeanPrice } from '../black-scholes';
import { europeanImpliedVolCode } from '../implied-vol';
import type { CashDividend, Greeks, IvFailure, IvInput, IvResult, OptionInput, PricingOptions } from '../types';
import { bawStandard } from './barone-adesi-whaley';
import { bs2002Standard } from './bjerksund-stensland';
import { boundaryEnginePrice, type BoundaryScheme } from './boundary-engine';
import { exerciseRegime, intrinsicValue, isValidAmericanInput } from './regime';
import { leisenReimerExtrapolated } from './leisen-reimer';
import { DEFAULT_TRINOMIAL_STEPS, trinomialExtrapolated } from './trinomial';

export { bawCriticalPrice } from './barone-adesi-whaley';
export { boundaryScheme, DEFAULT_SCHEME, type BoundaryScheme } from './boundary-engine';
export { exerciseRegime, type ExerciseRegime } from './regime';
export { DEFAULT_LR_STEPS } from './leisen-reimer';
export { DEFAULT_TRINOMIAL_STEPS } from './trinomial';

export type AmericanEngine = 'accurate' | 'bjerksund-stensland' | 'barone-adesi-whaley';

export interface AmericanOptions extends PricingOptions {
  engine?: AmericanEngine;
  /** Lattice steps when a lattice is used (cash dividends, negative-rate band regimes). */
  steps?: number;
}

export interface TreeOptions {
  /** Time steps of the finer lattice (default 500; the coarser one has half). */
  steps?: number;
  dividends?: readonly CashDividend[];
}

function validDividends(dividends: readonly CashDividend[] | undefined): boolean {
  if (dividends === undefined) return true;
  for (const d of dividends) if (!(Number.isFinite(d.t) && d.amount >= 0 && d.amount < Infinity)) return false;
  return true;
}

/** Dividends that matter: paid strictly inside (0, T) with a positive amount. */
function liveDividends(dividends: readonly CashDividend[] | undefined, T: number): CashDividend[] {
  if (dividends === undefined) return [];
  return dividends.filter((d) => d.t > 0 && d.t < T && d.amount > 0);
}

function europeanOf(input: OptionInput): number {
  return europeanPrice(input.right === 'call', input.S, input.K, input.T, input.r, input.q, input.sigma);
}

/** American price (see the module comment for engines and edge cases); NaN for invalid input. */
export function americanPrice(input: OptionInput, options?: AmericanOptions): number {
  if (!validDividends(options?.dividends)) return NaN;
  // At expiry σ does not matter (σ = 0 included): intrinsic value.
  if (input.T === 0)
    return input.sigma >= 0 && isValidAmericanInput({ ...input, sigma: 1 }) ? intrinsicValue(input) : NaN;
  if (!isValidAmericanInput(input)) return NaN;
  const divs = liveDividends(options?.dividends, input.T);
  const engine = options?.engine ?? 'accurate';
  if (divs.length > 0) {
    if (engine === 'accurate') {
      const v = trinomialExtrapolated(input, options?.steps ?? DEFAULT_TRINOMIAL_STEPS, divs);
      return Math.max(v, intrinsicValue(input));
    }
    // Approximations know only a yield: price the escrowed stock, but exercise pays the real intrinsic.
    const pv = divs.reduce((acc, d) => acc + d.amount * Math.exp(-input.r * d.t), 0);
    if (!(input.S - pv > 0)) return NaN;
    return Math.max(approximation(engine, { ...input, S: input.S - pv }), intrinsicValue(input));
  }
  const regime = exerciseRegime(input.right, input.r, input.q);
  const euro = europeanOf(input);
  if (regime === 'european') return euro;
  let v: number;
  if (regime === 'lattice') v = leisenReimerExtrapolated(input, options?.steps);
  else v = engine === 'accurate' ? boundaryEnginePrice(input) : approximation(engine, input);
  return Math.max(v, euro, intrinsicValue(input));
}

function approximation(engine: Exclude<AmericanEngine, 'accurate'>, input: OptionInput): number {
  const regime = exerciseRegime(input.right, input.r, input.q);
  if (regime === 'european') return europeanOf(input);
  // Outside the single-boundary regime neither formula holds: the tree answers instead.
  if (regime === 'lattice') return leisenReimerExtrapolated(input);
  const v = engine === 'bjerksund-stensland' ? bs2002Standard(input) : bawStandard(input);
  // Degenerate corners (e.g. BS2002's perpetual boundary is infinite at r = 0 for a call): fall back.
  return Number.isFinite(v) ? v : boundaryEnginePrice(input);
}

function guarded(input: OptionInput, f: (i: OptionInput) => number): number {
  if (!isValidAmericanInput(input)) return NaN;
  if (input.T === 0) return intrinsicValue(input);
  if (exerciseRegime(input.right, input.r, input.q) === 'european') return europeanOf(input);
  return Math.max(f(input), europeanOf(input), intrinsicValue(input));
}

/** Bjerksund & Stensland (2002) approximation (continuous yield q only); NaN for invalid input. */
export function bjerksundStensland2002(input: OptionInput): number {
  return guarded(input, (i) => approximation('bjerksund-stensland', i));
}

/** Barone-Adesi & Whaley (1987) quadratic approximation (continuous yield q only); NaN for invalid input. */
export function baroneAdesiWhaley(input: OptionInput): number {
  return guarded(input, (i) => approximation('barone-adesi-whaley', i));
}

/**
 * The accurate engine with cash dividends: a trinomial lattice (every ex-date a layer, the stock dropped
 * by the dividend there, Black-Scholes last step, Richardson-extrapolated from `steps` and steps/2).
 * NaN for invalid input or dividends worth more than the stock.
 */
export function americanTree(input: OptionInput, options?: TreeOptions): number {
  if (!isValidAmericanInput(input) || !validDividends(options?.dividends)) return NaN;
  if (input.T === 0) return intrinsicValue(input);
  const v = trinomialExtrapolated(
    input,
    options?.steps ?? DEFAULT_TRINOMIAL_STEPS,
    liveDividends(options?.dividends, input.T),
  );
  return Math.max(v, intrinsicValue(input));
}

/**
 * Leisen-Reimer binomial (no cash dividends), Richardson-extrapolated from `steps` (odd, default 401)
 * and about half as many. NaN for invalid input.
 */
export function leisenReimerTree(input: OptionInput, steps?: number): number {
  if (!isValidAmericanInput(input)) return NaN;
  if (input.T === 0) return intrinsicValue(input);
  return Math.max(leisenReimerExtrapolated(input, steps), intrinsicValue(input));
}

/** The boundary (Andersen-Lake-Offengenden) engine; continuous yield only. NaN for invalid input. */
export function americanBoundaryEngine(input: OptionInput, scheme?: BoundaryScheme): number {
  if (!isValidAmericanInput(input)) return NaN;
  if (input.T === 0) return intrinsicValue(input);
  const regime = exerciseRegime(input.right, input.r, input.q);
  if (regime === 'european') return europeanOf(input);
  if (regime === 'lattice') return NaN;
  return Math.max(boundaryEnginePrice(input, scheme), europeanOf(input), intrinsicValue(input));
}

const DAYS_PER_YEAR = 365;

function nanGreeks(): Greeks {
  return { delta: NaN, gamma: NaN, vega: NaN, theta: NaN, thetaPerDay: NaN, rho: NaN, dividendRho: NaN };
}

/**
 * Greeks by central finite differences on the chosen engine (units as in {@link Greeks}). Bumps are
 * relative and the tree keeps its step count in every bump, so bumped and base prices share a geometry;
 * the tree's bumps are wider (its price has small kinks where exercise decisions change node). Theta
 * moves the dividend dates with the valuation date, as calendar time does.
 */
export function americanGreeks(input: OptionInput, options?: AmericanOptions): Greeks {
  const base = americanPrice(input, options);
  if (!Number.isFinite(base) || input.T === 0) return nanGreeks();
  // Where the American price is the European one, so are its greeks (closed form, no bump noise).
  if (
    liveDividends(options?.dividends, input.T).length === 0 &&
    exerciseRegime(input.right, input.r, input.q) === 'european'
  ) {
    return bsmGreeks(input);
  }
  const usesTree =
    (options?.engine ?? 'accurate') === 'accurate' &&
    (liveDividends(options?.dividends, input.T).length > 0 ||
      exerciseRegime(input.right, input.r, input.q) === 'lattice');
  const price = (patch: Partial<OptionInput>, dividends = options?.dividends): number =>
    americanPrice({ ...input, ...patch }, { ...options, dividends });

  const hS = input.S * (usesTree ? 1e-2 : 1e-3);
  const up = price({ S: input.S + hS });
  const down = price({ S: input.S - hS });
  const delta = (up - down) / (2 * hS);
  const gamma = (up - 2 * base + down) / (hS * hS);

  const hV = Math.min(usesTree ? 1e-3 : 1e-4, input.sigma / 2);
  const vega = (price({ sigma: input.sigma + hV }) - price({ sigma: input.sigma - hV })) / (2 * hV);

  const hR = usesTree ? 1e-3 : 1e-4;
  const rho = (price({ r: input.r + hR }) - price({ r: input.r - hR })) / (2 * hR);
  const dividendRho = (price({ q: input.q + hR }) - price({ q: input.q - hR })) / (2 * hR);

  // Theta = −∂V/∂T with dividend dates shifting along; one-sided when T is shorter than the bump.
  const hT = Math.min(usesTree ? 1 / DAYS_PER_YEAR : 1e-4, input.T / 2);
  const shift = (dt: number): readonly CashDividend[] | undefined =>
    options?.dividends?.map((d) => ({ t: d.t + dt, amount: d.amount }));
  const later = price({ T: input.T - hT }, shift(-hT));
  const earlier = price({ T: input.T + hT }, shift(hT));
  const theta = (later - earlier) / (2 * hT);
  return { delta, gamma, vega, theta, thetaPerDay: theta / DAYS_PER_YEAR, rho, dividendRho };
}

const SIGMA_MIN = 1e-3;
const SIGMA_MAX = 10;
const VOL_TOL = 1e-10;

function fail(reason: IvFailure): IvResult {
  return { ok: false, iv: NaN, reason };
}

/**
 * Implied vol that reproduces `price` with {@link americanPrice} (same engine and dividends). The root is
 * bracketed from the European implied vol (an upper bound, the American price being higher) and polished
 * by the Illinois method to ~1e-10 in vol. NaN with a reason: 'invalid_input'; 'below_intrinsic' when the
 * price is under max(S − K, 0)/max(K − S, 0) or not above the engine's value at σ = 0.1% (the vol is then
 * not identifiable); 'above_maximum' at or above S (call) / K (put), or above the value at σ = 1000%;
 * 'no_convergence' if the iteration fails.
 */
export function americanImpliedVolResult(input: IvInput, options?: AmericanOptions): IvResult {
  const { price: target, ...rest } = input;
  const probe: OptionInput = { ...rest, sigma: 0.2 };
  if (
    !isValidAmericanInput(probe) ||
    !(input.T > 0) ||
    !(target >= 0 && target < Infinity) ||
    !validDividends(options?.dividends)
  ) {
    return fail('invalid_input');
  }
  const isCall = input.right === 'call';
  if (target < intrinsicValue(probe)) return fail('below_intrinsic');
  if (target >= (isCall ? input.S : input.K)) return fail('above_maximum');

  const f = (sigma: number): number => americanPrice({ ...rest, sigma }, options) - target;
  const fLow = f(SIGMA_MIN);
  if (!(fLow < 0)) return Number.isNaN(fLow) ? fail('invalid_input') : fail('below_intrinsic');

  // European IV of the same price is ≥ the American IV (without cash dividends), so it is a good
  // upper end; fall back to a fixed guess if it does not exist (e.g. an ITM put priced near intrinsic).
  let guess = europeanImpliedVolCode(isCall, input.S, input.K, input.T, input.r, input.q, target);
  if (!(guess > SIGMA_MIN && guess < SIGMA_MAX)) guess = 0.3;
  let a = SIGMA_MIN;
  let fa = fLow;
  let b = guess;
  let fb = f(b);
  // Expand until the root is bracketed: f(a) < 0 < f(b).
  while (fb < 0) {
    a = b;
    fa = fb;
    if (b >= SIGMA_MAX) return fail('above_maximum');
    b = Math.min(SIGMA_MAX, b * 2);
    fb = f(b);
  }
  if (Number.isNaN(fb)) return fail('no_convergence');
  if (fb === 0) return { ok: true, iv: b };
  // Pull the lower end up close to the root with a secant step, keeping the bracket.
  const c = b - (fb * (b - a)) / (fb - fa);
  if (c > a && c < b) {
    const fc = f(c);
    if (fc < 0) {
      a = c;
      fa = fc;
    } else if (fc > 0) {
      b = c;
      fb = fc;
    } else return { ok: true, iv: c };
  }
  // Illinois: regula falsi that halves the stale end's value so both ends converge.
  let side = 0;
  for (let it = 0; it < 100; it++) {
    const x = (a * fb - b * fa) / (fb - fa);
    const fx = f(x);
    if (Number.isNaN(fx)) return fail('no_convergence');
    if (fx === 0 || b - a < VOL_TOL) return { ok: true, iv: x };
    if (fx < 0) {
      a = x;
      fa = fx;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = x;
      fb = fx;
      if (side === 1) fa /= 2;
      side = 1;
    }
    if (b - a < VOL_TOL) return { ok: true, iv: 0.5 * (a + b) };
  }
  return fail('no_convergence');
}
