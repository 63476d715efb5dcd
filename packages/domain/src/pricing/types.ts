// Shared shapes of the option-pricing API. Units: T in years (ACT/365 of calendar time), r and q
// continuously compounded per year, sigma per sqrt(year); prices in the underlying's currency per share.

export type OptionRight = 'call' | 'put';
export type ExerciseStyle = 'european' | 'american';

export interface OptionInput {
  right: OptionRight;
  /** Spot price of the underlying (for Black-76: the forward/futures price F). */
  S: number;
  K: number;
  T: number;
  r: number;
  /** Continuous dividend yield (for Black-76 leave at r: the model sets b = 0). */
  q: number;
  sigma: number;
}

export interface IvInput extends Omit<OptionInput, 'sigma'> {
  /** Observed option price. */
  price: number;
}

/** A cash dividend paid at time `t` (years from now), for the American engine. */
export interface CashDividend {
  t: number;
  amount: number;
}

export interface PricingOptions {
  style?: ExerciseStyle;
  /** Discrete cash dividends (American engine only; european pricing uses q). */
  dividends?: readonly CashDividend[];
}

/**
 * Greeks, in the units traders read:
 * delta ∂V/∂S; gamma ∂²V/∂S²; vega ∂V/∂σ per 1.00 of vol (divide by 100 for per vol point);
 * theta ∂V/∂t per year (negative for a decaying long option; `thetaPerDay` = theta / 365);
 * rho ∂V/∂r per 1.00 of rate; dividendRho ∂V/∂q per 1.00.
 */
export interface Greeks {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  thetaPerDay: number;
  rho: number;
  dividendRho: number;
}

/** Second-order greeks available in closed form for European options. */
export interface SecondOrderGreeks {
  /** ∂delta/∂σ = ∂vega/∂S */
  vanna: number;
  /** ∂delta/∂t per year of calendar time, i.e. −∂delta/∂T (T = time to expiry): theta's sign convention. */
  charm: number;
  /** ∂vega/∂σ */
  vomma: number;
}

/** Why an implied vol is NaN (price outside arbitrage bounds or invalid input). */
export type IvFailure = 'below_intrinsic' | 'above_maximum' | 'invalid_input' | 'no_convergence';

export type IvResult = { ok: true; iv: number } | { ok: false; iv: number; reason: IvFailure };
