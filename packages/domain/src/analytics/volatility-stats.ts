// Volatility statistics: IV rank and IV percentile over a history window, realized volatility from prices.

/** Days whose IV is unknown (null, undefined, NaN) or impossible (≤ 0, a common "no data" sentinel) are left out. */
function knownIvs(history: readonly (number | null | undefined)[]): number[] {
  return history.filter((iv): iv is number => typeof iv === 'number' && Number.isFinite(iv) && iv > 0);
}

/**
 * IV rank = (iv − min) / (max − min) over the window, as a fraction (0.25 = 25). Include today's IV in the history
 * to keep the result within [0, 1]. No known days, or a flat window (max = min), give NaN — not 0.
 */
export function ivRank(currentIv: number, history: readonly (number | null | undefined)[]): number {
  const ivs = knownIvs(history);
  if (ivs.length === 0 || !Number.isFinite(currentIv) || currentIv <= 0) return Number.NaN;
  const min = Math.min(...ivs);
  const max = Math.max(...ivs);
  return max === min ? Number.NaN : (currentIv - min) / (max - min);
}

/** IV percentile = share of known days in the window with an IV strictly below today's, as a fraction. */
export function ivPercentile(currentIv: number, history: readonly (number | null | undefined)[]): number {
  const ivs = knownIvs(history);
  if (ivs.length === 0 || !Number.isFinite(currentIv) || currentIv <= 0) return Number.NaN;
  return ivs.filter((iv) => iv < currentIv).length / ivs.length;
}

export const TRADING_DAYS_PER_YEAR = 252;

/** Log returns ln(p_i / p_{i−1}); NaN where a price is not a positive finite number. */
export function logReturns(prices: readonly number[]): number[] {
  const returns: number[] = [];
  for (let i = 1; i < prices.length; i++) {
    const previous = prices[i - 1] ?? Number.NaN;
    const current = prices[i] ?? Number.NaN;
    returns.push(previous > 0 && current > 0 ? Math.log(current / previous) : Number.NaN);
  }
  return returns;
}

/**
 * Close-to-close realized volatility: sample standard deviation (n − 1) of daily log returns, annualized by
 * √periodsPerYear (252 trading days). Needs at least 3 closes; a missing or non-positive close gives NaN.
 */
export function closeToCloseVolatility(closes: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  const returns = logReturns(closes);
  if (returns.length < 2 || returns.some((r) => !Number.isFinite(r))) return Number.NaN;
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * periodsPerYear);
}

export interface HighLow {
  high: number;
  low: number;
}

/**
 * Parkinson (1980) high-low volatility: σ² = Σ ln(H/L)² / (4·n·ln 2) per period, annualized by √periodsPerYear.
 * About 5× more efficient than close-to-close for a driftless diffusion, but blind to overnight gaps.
 * Needs at least one bar; a bar with low ≤ 0 or high < low gives NaN.
 */
export function parkinsonVolatility(bars: readonly HighLow[], periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  if (bars.length === 0) return Number.NaN;
  let sum = 0;
  for (const { high, low } of bars) {
    if (!(low > 0) || !(high >= low) || !Number.isFinite(high)) return Number.NaN;
    sum += Math.log(high / low) ** 2;
  }
  return Math.sqrt((sum / (4 * bars.length * Math.LN2)) * periodsPerYear);
}
