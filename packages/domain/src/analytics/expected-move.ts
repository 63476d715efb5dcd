// Expected move of the underlying by expiry, from an implied volatility or from the ATM straddle price.

/** The k-standard-deviation move S·σ·√T·k (k = 1: the 1-sd move, ≈ 68% of outcomes under a normal approximation). */
export function expectedMove(S: number, sigma: number, T: number, standardDeviations = 1): number {
  if (![S, sigma, T, standardDeviations].every(Number.isFinite) || S <= 0 || sigma < 0 || T < 0) return Number.NaN;
  return S * sigma * Math.sqrt(T) * standardDeviations;
}

export interface MoveRange {
  move: number;
  low: number;
  high: number;
}

/** S ± the k-sd expected move. */
export function expectedMoveRange(S: number, sigma: number, T: number, standardDeviations = 1): MoveRange {
  const move = expectedMove(S, sigma, T, standardDeviations);
  return { move, low: S - move, high: S + move };
}

export interface StraddleMove {
  /** The straddle price itself: ≈ the mean absolute move E|S_T − S| (what brokers quote as the "expected move"). */
  meanAbsoluteMove: number;
  /** straddle × √(π/2) ≈ 1.2533 × straddle: the 1-sd move implied by the straddle. */
  oneStandardDeviation: number;
}

/**
 * Expected move from the at-the-money straddle price (call + put at the strike nearest spot, same expiry).
 * Under a normal approximation an ATM straddle is worth S·σ·√T·√(2/π) ≈ 0.798·S·σ·√T, which is the mean absolute
 * move; dividing by √(2/π) recovers the 1-sd move. (Discounting and skew are ignored; fine for short expiries.)
 */
export function expectedMoveFromStraddle(straddlePrice: number): StraddleMove {
  if (!Number.isFinite(straddlePrice) || straddlePrice < 0) {
    return { meanAbsoluteMove: Number.NaN, oneStandardDeviation: Number.NaN };
  }
  return { meanAbsoluteMove: straddlePrice, oneStandardDeviation: straddlePrice * Math.sqrt(Math.PI / 2) };
}
