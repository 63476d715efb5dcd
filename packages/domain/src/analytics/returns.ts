// Returns of income trades and their annualization, as scanners rank them.
//
// Conventions (all per share; the ×100 multiplier cancels out):
// - Return on risk (ROR) = profit / capital at risk. Short put: premium / (strike − premium), i.e. per contract
//   premium / (strike·100 − premium): what is lost if the stock goes to zero after assignment.
//   Covered call: premium / (costBasis − premium). Credit spread: credit / (width − credit) via `returnFigures`.
// - Return on capital (ROC) = profit / capital employed. Short put: premium / strike (cash-secured collateral);
//   covered call: premium / costBasis. For margin accounts pass the margin requirement to `returnFigures`.
// - Annualization over calendar days (ACT/365): simple r·365/days; compounded (1 + r)^(365/days) − 1 (as if the
//   trade were repeated at the same return all year). Days ≤ 0 cannot be annualized: NaN.
// Invalid inputs (NaN, capital ≤ 0) give NaN, never a made-up number.

export type Annualization = 'simple' | 'compound';

const DAYS_PER_YEAR = 365;

export function annualizeReturn(periodReturn: number, days: number, method: Annualization = 'simple'): number {
  if (!Number.isFinite(periodReturn) || !Number.isFinite(days) || days <= 0) return Number.NaN;
  const periods = DAYS_PER_YEAR / days;
  return method === 'simple' ? periodReturn * periods : Math.pow(1 + periodReturn, periods) - 1;
}

export interface ReturnFigures {
  /** Return over the holding period, as a fraction (0.02 = 2%). */
  period: number;
  annualizedSimple: number;
  annualizedCompound: number;
}

/** profit / base over `days` calendar days, with both annualizations. */
export function returnFigures(profit: number, base: number, days: number): ReturnFigures {
  const period = Number.isFinite(profit) && base > 0 && Number.isFinite(base) ? profit / base : Number.NaN;
  return {
    period,
    annualizedSimple: annualizeReturn(period, days, 'simple'),
    annualizedCompound: annualizeReturn(period, days, 'compound'),
  };
}

export interface ShortPutReturns {
  onRisk: ReturnFigures;
  onCapital: ReturnFigures;
}

/** Cash-secured put held to expiry, expiring worthless. */
export function shortPutReturns(strike: number, premium: number, days: number): ShortPutReturns {
  if (!(premium >= 0))
    return { onRisk: returnFigures(Number.NaN, 1, days), onCapital: returnFigures(Number.NaN, 1, days) };
  return { onRisk: returnFigures(premium, strike - premium, days), onCapital: returnFigures(premium, strike, days) };
}

export interface CoveredCallReturns {
  /** Stock unchanged, call expires worthless: premium / (costBasis − premium). */
  onRisk: ReturnFigures;
  /** premium / costBasis. */
  onCapital: ReturnFigures;
  /** Called away at the strike: (premium + strike − costBasis) / (costBasis − premium). */
  ifCalled: ReturnFigures;
}

export function coveredCallReturns(
  costBasis: number,
  premium: number,
  strike: number,
  days: number,
): CoveredCallReturns {
  if (!(premium >= 0)) {
    const nan = returnFigures(Number.NaN, 1, days);
    return { onRisk: nan, onCapital: nan, ifCalled: nan };
  }
  return {
    onRisk: returnFigures(premium, costBasis - premium, days),
    onCapital: returnFigures(premium, costBasis, days),
    ifCalled: returnFigures(premium + strike - costBasis, costBasis - premium, days),
  };
}
