// Value at risk (VaR) and conditional VaR (CVaR, expected shortfall) of a book, pure (state in, figures out).
//
// Sign conventions: P&L is positive for a gain and negative for a loss. VaR and CVaR are reported as positive loss
// amounts (a loss of 1,000 → 1000). They are not floored at zero: a negative VaR means that even the tail outcome is
// a gain (e.g. a long-gamma book with no delta).
//
// Historical VaR (`historicalVar`), empirical lower quantile (Hyndman–Fan type 1, the inverse of the empirical CDF):
//   sort the n scenario P&Ls ascending, x(1) ≤ … ≤ x(n); α = 1 − confidence; k = max(1, ⌈n·α⌉)
//   VaR  = −x(k)                                  (the k-th worst P&L; 500 scenarios at 99% → the 5th worst)
//   CVaR = −(x(1) + … + x(k)) / k                 (mean of the k worst, the VaR scenario included; CVaR ≥ VaR)
//   e.g. P&Ls −1, −2, …, −100 at 95%: k = 5, VaR = 96, CVaR = (100 + 99 + 98 + 97 + 96) / 5 = 98.
//
// Historical simulation (`scenarioPnl`): scenario i applies the i-th daily return of every underlier at once to
// today's book, an instantaneous shock: same time to expiry, same vols (the surface vol of each strike and expiry,
// unchanged), same rate and dividend yield. Simple returns by default (S' = S·(1 + r), stock P&L = qty·S·r);
// log returns (S' = S·e^r, as `logReturns` of analytics gives) with `{ returns: 'log' }`. Options are fully
// repriced with the domain's `price()` (European BSM unless `pricing` asks for American; intrinsic value once the
// expiry instant has passed): P&L = (model price at S' − model price at S) × qty × multiplier, so the model's own
// mispricing against the mark does not show up as P&L. Return series are in chronological order, all ending on the
// same day; the scenario count is the shortest series used and every series contributes its last `count` returns.
//
// Delta-gamma VaR (`deltaGammaVar`), the quadratic model (Hull, "Options, Futures, and Other Derivatives", VaR
// chapter; Britten-Jones & Schaefer 1999):
//   per underlier i: dollar delta Δ$ᵢ = Σ qty × multiplier × delta × S (stock: qty × S), dollar gamma
//   Γ$ᵢ = Σ qty × multiplier × gamma × S² (stock: 0), daily return vol σᵢ; returns rᵢ ~ N(0, C) over h days with
//   C = h · (ρᵢⱼ σᵢ σⱼ) (square-root-of-time scaling, zero mean); no cross-gammas:
//     ΔP ≈ Σ Δ$ᵢ rᵢ + ½ Σ Γ$ᵢ rᵢ²
//   moments (G = diag(Γ$)):  μ = ½ tr(GC);  σ²_P = Δ$ᵀCΔ$ + ½ tr((GC)²);  m₃ = 3 Δ$ᵀCGCΔ$ + tr((GC)³);  ξ = m₃ / σ³_P
//   Cornish-Fisher quantile of ΔP at α = 1 − confidence:  z = Φ⁻¹(α),  w = z + (z² − 1) ξ / 6,  VaR = −(μ + w σ_P)
//   delta-normal VaR = −z · √(Δ$ᵀCΔ$)  (gamma = 0 gives the same figure from both).
//   Without a correlation matrix the underliers are taken as one factor (ρ = 1 everywhere): conservative for a book
//   of same-direction deltas, not for a hedged one — pass the matrix when the book has offsetting underliers.
//   Cornish-Fisher is an expansion: for strongly skewed books (large |ξ|) prefer the historical figure.
import { yearFractionToExpiry } from '../calendar';
import { normInv } from '../math/normal-distribution';
import { price, priceBatch } from '../pricing/api';
import type { PricingOptions } from '../pricing/types';
import type { MarginMarket, MarginPosition } from './margin';
import { positionGreeks } from './position-model';

export interface VarFigures {
  /** Value at risk, a positive loss amount. */
  var: number;
  /** Conditional VaR (expected shortfall): the mean loss of the tail scenarios, a positive loss amount. */
  cvar: number;
  /** Number of scenarios the figures come from. */
  observations: number;
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`Confidence must be in (0, 1): ${confidence}`);
}

/** Historical VaR and CVaR of a sample of scenario P&Ls (losses negative), by the convention at the top. */
export function historicalVar(pnl: readonly number[], confidence: number): VarFigures {
  checkConfidence(confidence);
  const n = pnl.length;
  if (n === 0) throw new RangeError('No scenario P&Ls');
  if (pnl.some((value) => !Number.isFinite(value))) throw new RangeError('Scenario P&Ls must be finite numbers');
  const sorted = [...pnl].sort((a, b) => a - b);
  // The tolerance keeps ⌈100 × (1 − 0.95)⌉ at 5: 1 − 0.95 is 0.050000000000000044 in binary.
  const k = Math.min(n, Math.max(1, Math.ceil(n * (1 - confidence) - 1e-9)));
  let tail = 0;
  for (let i = 0; i < k; i++) tail += sorted[i] ?? 0;
  return { var: -(sorted[k - 1] ?? 0), cvar: -tail / k, observations: n };
}

export type ReturnKind = 'simple' | 'log';

export interface ScenarioOptions {
  /** How a return moves the spot: 'simple' S·(1 + r) (default) or 'log' S·e^r. */
  returns?: ReturnKind;
  /** Exercise style (and dividends) for repricing options; European BSM by default. */
  pricing?: PricingOptions;
}

export type SkipReason = 'unknown_spot' | 'no_returns' | 'invalid_returns' | 'unpriceable';

export interface SkippedPosition {
  position: MarginPosition;
  reason: SkipReason;
}

export interface ScenarioPnl {
  /** Book P&L of each scenario (the positions that were not skipped). */
  pnl: number[];
  /** Positions left out of every scenario, with why. Quantity-0 positions are ignored, not listed. */
  skipped: SkippedPosition[];
}

type OptionInstrument = Extract<MarginPosition['instrument'], { kind: 'option' }>;

function optionValue(
  position: MarginPosition,
  instrument: OptionInstrument,
  S: number,
  market: MarginMarket,
  pricing: PricingOptions | undefined,
): number {
  const T = yearFractionToExpiry(market.nowMs, instrument.expiry);
  const K = instrument.strike;
  if (T <= 0) return Math.max(0, instrument.right === 'call' ? S - K : K - S);
  return price(
    {
      right: instrument.right,
      S,
      K,
      T,
      r: market.rate,
      q: market.dividendYield(position.symbol),
      sigma: market.vol(position.symbol, instrument.expiry, K),
    },
    pricing,
  );
}

/** `optionValue` at many spots at once, into `out` (the same figures, one vol lookup and one batch). */
function optionValues(
  position: MarginPosition,
  instrument: OptionInstrument,
  spots: Float64Array,
  market: MarginMarket,
  pricing: PricingOptions | undefined,
  out: Float64Array,
): Float64Array {
  const T = yearFractionToExpiry(market.nowMs, instrument.expiry);
  const K = instrument.strike;
  if (T <= 0) {
    for (let i = 0; i < spots.length; i++) {
      const S = spots[i] ?? NaN;
      out[i] = Math.max(0, instrument.right === 'call' ? S - K : K - S);
    }
    return out;
  }
  return priceBatch(
    {
      right: instrument.right,
      S: spots,
      K,
      T,
      r: market.rate,
      q: market.dividendYield(position.symbol),
      sigma: market.vol(position.symbol, instrument.expiry, K),
    },
    out,
    pricing,
  );
}

/** Historical-simulation P&L of a book, one figure per scenario day (conventions at the top). */
export function scenarioPnl(
  positions: readonly MarginPosition[],
  market: MarginMarket,
  returnsBySymbol: Readonly<Record<string, readonly number[]>>,
  options?: ScenarioOptions,
): ScenarioPnl {
  const kind = options?.returns ?? 'simple';
  const skipped: SkippedPosition[] = [];
  const used: { position: MarginPosition; spot: number; returns: readonly number[]; base: number }[] = [];
  for (const position of positions) {
    if (position.quantity === 0) continue;
    const spot = market.spot(position.symbol);
    const returns = Object.hasOwn(returnsBySymbol, position.symbol) ? returnsBySymbol[position.symbol] : undefined;
    let reason: SkipReason | null = null;
    let base = 0;
    if (spot === null || !(spot > 0) || !Number.isFinite(spot)) reason = 'unknown_spot';
    else if (returns === undefined || returns.length === 0) reason = 'no_returns';
    else if (returns.some((r) => !Number.isFinite(r) || (kind === 'simple' && r <= -1))) reason = 'invalid_returns';
    else if (position.instrument.kind === 'option') {
      base = optionValue(position, position.instrument, spot, market, options?.pricing);
      if (!Number.isFinite(base)) reason = 'unpriceable';
    }
    if (reason !== null || spot === null || returns === undefined)
      skipped.push({ position, reason: reason ?? 'unknown_spot' });
    else used.push({ position, spot, returns, base });
  }
  if (used.length === 0) return { pnl: [], skipped };
  const count = Math.min(...used.map((u) => u.returns.length));
  const pnl = new Array<number>(count).fill(0);
  // One batch per option: its strike, expiry, vol and yield are the same in every scenario, only the spot moves.
  const moved = new Float64Array(count);
  const values = new Float64Array(count);
  for (const { position, spot, returns, base } of used) {
    const offset = returns.length - count;
    const instrument = position.instrument;
    if (instrument.kind === 'stock') {
      for (let i = 0; i < count; i++) {
        const r = returns[offset + i] ?? 0;
        pnl[i] =
          (pnl[i] ?? 0) + (kind === 'simple' ? position.quantity * spot * r : position.quantity * spot * Math.expm1(r));
      }
      continue;
    }
    for (let i = 0; i < count; i++) {
      const r = returns[offset + i] ?? 0;
      moved[i] = kind === 'simple' ? spot * (1 + r) : spot * Math.exp(r);
    }
    optionValues(position, instrument, moved, market, options?.pricing, values);
    const units = position.quantity * instrument.multiplier;
    for (let i = 0; i < count; i++) pnl[i] = (pnl[i] ?? 0) + ((values[i] ?? NaN) - base) * units;
  }
  return { pnl, skipped };
}

export interface DollarGreeks {
  symbol: string;
  /** Σ qty × multiplier × delta × S (stock: qty × S): P&L per 1.00 (100%) return, to first order. */
  delta$: number;
  /** Σ qty × multiplier × gamma × S²: P&L ≈ Δ$·r + ½·Γ$·r². */
  gamma$: number;
}

/** Dollar delta and gamma per underlier (first-seen order), the inputs of `deltaGammaVar` bar the vols. */
export function dollarGreeks(
  positions: readonly MarginPosition[],
  market: MarginMarket,
  pricing?: PricingOptions,
): { exposures: DollarGreeks[]; skipped: SkippedPosition[] } {
  const bySymbol = new Map<string, DollarGreeks>();
  const skipped: SkippedPosition[] = [];
  for (const position of positions) {
    if (position.quantity === 0) continue;
    const S = market.spot(position.symbol);
    if (S === null || !(S > 0) || !Number.isFinite(S)) {
      skipped.push({ position, reason: 'unknown_spot' });
      continue;
    }
    const g = positionGreeks(position, S, market, pricing);
    if (g === null) {
      skipped.push({ position, reason: 'unpriceable' });
      continue;
    }
    const delta$ = g.deltaShares * S;
    const gamma$ = g.gammaShares * S * S;
    const entry = bySymbol.get(position.symbol) ?? { symbol: position.symbol, delta$: 0, gamma$: 0 };
    entry.delta$ += delta$;
    entry.gamma$ += gamma$;
    bySymbol.set(position.symbol, entry);
  }
  return { exposures: [...bySymbol.values()], skipped };
}

export interface UnderlierExposure {
  /** Dollar delta Δ$ = Σ qty × multiplier × delta × S (stock: qty × S). */
  delta$: number;
  /** Dollar gamma Γ$ = Σ qty × multiplier × gamma × S² (0 for a pure-delta position). */
  gamma$: number;
  /** Daily vol of the underlier's return (0.02 = 2% a day; an annual vol / √252). */
  dailyVol: number;
}

export interface DeltaGammaVarInput {
  exposures: readonly UnderlierExposure[];
  /** Correlation of the underliers' daily returns, in the order of `exposures`; omitted → one factor (ρ = 1). */
  correlation?: readonly (readonly number[])[];
  confidence: number;
  /** Horizon in trading days (vol scales by √h); 1 by default. */
  horizonDays?: number;
}

export interface DeltaGammaVar {
  /** Delta-gamma VaR by Cornish-Fisher, a positive loss amount. */
  var: number;
  /** Delta-normal VaR: −Φ⁻¹(1 − confidence) × deltaStdDev. */
  deltaNormalVar: number;
  /** Standard deviation of the linear (delta) P&L over the horizon. */
  deltaStdDev: number;
  /** Mean, standard deviation and skewness of the quadratic P&L over the horizon. */
  mean: number;
  stdDev: number;
  skewness: number;
}

function checkedCorrelation(n: number, correlation: DeltaGammaVarInput['correlation']): number[][] {
  if (correlation === undefined) return Array.from({ length: n }, () => new Array<number>(n).fill(1));
  if (correlation.length !== n || correlation.some((row) => row.length !== n))
    throw new RangeError(`Correlation matrix must be ${n}×${n}`);
  const rho = correlation.map((row) => [...row]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const value = rho[i]?.[j] ?? Number.NaN;
      if (!(Math.abs(value) <= 1)) throw new RangeError(`Correlation out of [−1, 1] at (${i}, ${j}): ${value}`);
      if (i === j && value !== 1) throw new RangeError(`Correlation diagonal must be 1 at (${i}, ${i})`);
      if (Math.abs(value - (rho[j]?.[i] ?? Number.NaN)) > 1e-12) throw new RangeError('Correlation must be symmetric');
    }
  }
  return rho;
}

const matVec = (m: number[][], v: number[]): number[] =>
  m.map((row) => row.reduce((sum, value, j) => sum + value * (v[j] ?? 0), 0));
const dot = (a: number[], b: number[]): number => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
/** a·b of two n×n matrices, with plain loops (a 200-underlier book is 8M multiply-adds). */
function matMul(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const ai = a[i] ?? [];
    const oi = out[i] ?? [];
    for (let k = 0; k < n; k++) {
      const aik = ai[k] ?? 0;
      if (aik === 0) continue;
      const bk = b[k] ?? [];
      for (let j = 0; j < n; j++) oi[j] = (oi[j] ?? 0) + aik * (bk[j] ?? 0);
    }
  }
  return out;
}
/** trace(a·b) = Σ a_ij b_ji, without forming the product. */
function traceOfProduct(a: number[][], b: number[][]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] ?? [];
    for (let j = 0; j < ai.length; j++) sum += (ai[j] ?? 0) * (b[j]?.[i] ?? 0);
  }
  return sum;
}
const trace = (m: number[][]): number => m.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);

/** Delta-normal and delta-gamma (Cornish-Fisher) VaR of a book of underlier exposures (conventions at the top). */
interface QuadraticMoments {
  /** d·C·d: the variance of the delta P&L. */
  deltaVariance: number;
  mean: number;
  variance: number;
  /** The third central moment of the quadratic P&L. */
  third: number;
  /** |d|·|C|·|d|: the delta variance with nothing offsetting, the scale of its rounding error. */
  grossDeltaVariance: number;
}

/** The moments of Δ$·r + ½·Γ$·r² for r ~ N(0, C), C = h·diag(σ)·ρ·diag(σ) (Hull's formulas, in matrix form). */
function matrixMoments(
  exposures: readonly UnderlierExposure[],
  horizonDays: number,
  rho: number[][],
): QuadraticMoments {
  const vols = exposures.map((e) => e.dailyVol);
  const C = rho.map((row, i) => row.map((value, j) => horizonDays * value * (vols[i] ?? 0) * (vols[j] ?? 0)));
  const d = exposures.map((e) => e.delta$);
  const G = exposures.map((e) => e.gamma$);
  const GC = C.map((row, i) => row.map((value) => (G[i] ?? 0) * value));
  const GC2 = matMul(GC, GC);
  const Cd = matVec(C, d);
  const deltaVariance = dot(d, Cd);
  const absD = d.map(Math.abs);
  const grossDeltaVariance = dot(
    absD,
    matVec(
      C.map((row) => row.map(Math.abs)),
      absD,
    ),
  );
  return {
    deltaVariance,
    grossDeltaVariance,
    mean: 0.5 * trace(GC),
    variance: deltaVariance + 0.5 * trace(GC2),
    third:
      3 *
        dot(
          Cd,
          G.map((g, i) => g * (Cd[i] ?? 0)),
        ) +
      traceOfProduct(GC2, GC),
  };
}

/**
 * The same moments when every correlation is 1: C = u·uᵀ with u = σ·√h is rank one, so with s = Σ Γ$ u² and
 * t = Σ Δ$ u every trace collapses (tr GC = s, tr (GC)² = s², tr (GC)³ = s³, d·C·d = t²) — O(n) instead of O(n³).
 */
function oneFactorMoments(exposures: readonly UnderlierExposure[], horizonDays: number): QuadraticMoments {
  let s = 0;
  let t = 0;
  let gross = 0;
  for (const e of exposures) {
    const u = e.dailyVol * Math.sqrt(horizonDays);
    s += e.gamma$ * u * u;
    t += e.delta$ * u;
    gross += Math.abs(e.delta$ * u);
  }
  const deltaVariance = t * t;
  return {
    deltaVariance,
    mean: 0.5 * s,
    variance: deltaVariance + 0.5 * s * s,
    third: 3 * t * t * s + s ** 3,
    grossDeltaVariance: gross * gross,
  };
}

export function deltaGammaVar(input: DeltaGammaVarInput): DeltaGammaVar {
  const { exposures, confidence } = input;
  const horizonDays = input.horizonDays ?? 1;
  checkConfidence(confidence);
  if (!(horizonDays > 0 && Number.isFinite(horizonDays)))
    throw new RangeError(`Horizon must be a positive number of days: ${horizonDays}`);
  for (const e of exposures) {
    if (![e.delta$, e.gamma$].every(Number.isFinite) || !(e.dailyVol >= 0 && Number.isFinite(e.dailyVol)))
      throw new RangeError('Exposures need finite Δ$, Γ$ and a finite daily vol ≥ 0');
  }
  const { deltaVariance, mean, variance, third, grossDeltaVariance } =
    input.correlation === undefined
      ? oneFactorMoments(exposures, horizonDays)
      : matrixMoments(exposures, horizonDays, checkedCorrelation(exposures.length, input.correlation));
  // Offsetting exposures net to a rounding residue of the gross, which may come out slightly negative.
  if (deltaVariance < -1e-9 * Math.max(1, variance, grossDeltaVariance))
    throw new RangeError('Correlation matrix is not positive semi-definite');
  const deltaStdDev = Math.sqrt(Math.max(0, deltaVariance));
  const stdDev = Math.sqrt(Math.max(0, variance));
  // σ³ underflows to 0 for vanishing books: no dispersion, no skew.
  const cube = stdDev ** 3;
  const skewness = cube > 0 ? third / cube : 0;
  const z = normInv(1 - confidence);
  const w = z + ((z * z - 1) * skewness) / 6;
  return {
    var: -(mean + w * stdDev),
    deltaNormalVar: -z * deltaStdDev,
    deltaStdDev,
    mean,
    stdDev,
    skewness,
  };
}
