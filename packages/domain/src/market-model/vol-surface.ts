// The implied-vol surface: level from the VIX, a term structure that reverts toward a long-run level, and skew.
//
//   L    = ratio · VIX/100                 the 30-day ATM vol (ratio 1 for SPY, 1.25 for QQQ, calibrated for stocks)
//   σ∞   = ratio · VIX_longrun/100         the long-dated ATM vol (VIX_longrun from the VIX mean-reversion fit)
//   f(T) = (1 − e^(−κT)) / (κT),  κ = 4/year
//   σ_atm(T)² = σ∞² + (σ0² − σ∞²)·f(T),    σ0² chosen so that σ_atm(30 days) = L (floored at (L/2)²)
//            → backwardation when the VIX is above its norm, contango below it, as in the listed market.
//   x = ln(K/F), F = S·e^((r−q)T);  z = x / (σ_atm(T)·√max(T, 1 day)), clamped to ±6
//   σ(K, T) = σ_atm(T) · clamp(1 − a·z + c·z², 0.5, 3.5)
//            a = skew (puts richer: vol rises as the strike falls), c = smile (wings up); the 1/√T inside z
//            steepens the skew in log-moneyness for short expiries.
// Anything undefined (T ≤ 0, unknown level) is NaN, never 0.

export const TERM_STRUCTURE_KAPPA = 4;
const T30 = 30 / 365;
const MIN_T = 1 / 365;

export interface SurfaceLevel {
  /** 30-day ATM vol L. */
  atm30: number;
  /** Long-run ATM vol σ∞. */
  longRun: number;
}

export interface SkewParams {
  skew: number;
  smile: number;
}

function termWeight(T: number): number {
  const k = TERM_STRUCTURE_KAPPA * T;
  return k < 1e-8 ? 1 : (1 - Math.exp(-k)) / k;
}

/** ATM (at-the-forward) vol for a time to expiry in years. */
export function atmVol(level: SurfaceLevel, T: number): number {
  if (!(T > 0) || !(level.atm30 > 0) || !(level.longRun > 0)) return NaN;
  const longVar = level.longRun ** 2;
  const shortVar = Math.max((level.atm30 / 2) ** 2, longVar + (level.atm30 ** 2 - longVar) / termWeight(T30));
  return Math.sqrt(longVar + (shortVar - longVar) * termWeight(T));
}

/** Standardized moneyness z of a strike (used by the skew and by liquidity). */
export function standardizedMoneyness(logMoneyness: number, atm: number, T: number): number {
  const z = logMoneyness / (atm * Math.sqrt(Math.max(T, MIN_T)));
  return Math.max(-6, Math.min(6, z));
}

/** Vol at a strike, given the ATM vol of the expiry and ln(K/F). */
export function skewedVol(atm: number, T: number, logMoneyness: number, params: SkewParams): number {
  if (!(atm > 0) || !(T > 0) || !Number.isFinite(logMoneyness)) return NaN;
  const z = standardizedMoneyness(logMoneyness, atm, T);
  const factor = Math.max(0.5, Math.min(3.5, 1 - params.skew * z + params.smile * z * z));
  return atm * factor;
}
