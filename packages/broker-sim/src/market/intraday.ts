// Intraday spot: a seeded Brownian bridge in log price from the previous close (at the open) to the day's close
// (at the close), valued at one-minute knots and linear in between; flat outside the regular session.
import type { TradingSession } from '@optionstrader/domain';
import { TRADING_DAYS_PER_YEAR } from './daily-series';
import { rngFor } from '@optionstrader/domain';

const MINUTE_MS = 60_000;

/**
 * ln S at each minute knot 0..n of the session: a + (b − a)·k/n + B(k), where B is a Brownian bridge
 * (B(0) = B(n) = 0) with the daily variance of an annual vol `annualVol`.
 */
export function intradayLogPath(
  seed: number,
  symbol: string,
  session: TradingSession,
  previousClose: number,
  close: number,
  annualVol: number,
): Float64Array {
  const n = Math.max(1, Math.round((session.close - session.open) / MINUTE_MS));
  const a = Math.log(previousClose);
  const b = Math.log(close);
  const stepSd = annualVol / Math.sqrt(TRADING_DAYS_PER_YEAR * n);
  const rng = rngFor(seed, symbol, 'intraday', session.date);
  const walk = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) walk[k] = (walk[k - 1] ?? 0) + stepSd * rng.normal();
  const end = walk[n] ?? 0;
  const path = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) path[k] = a + ((b - a) * k) / n + (walk[k] ?? 0) - (end * k) / n;
  path[0] = a;
  path[n] = b;
  return path;
}

/** The spot at `atMs` inside the session, from a path made by `intradayLogPath`. */
export function sampleLogPath(path: Float64Array, session: TradingSession, atMs: number): number {
  const n = path.length - 1;
  const u = Math.min(1, Math.max(0, (atMs - session.open) / (session.close - session.open)));
  const position = u * n;
  const k = Math.min(n - 1, Math.floor(position));
  const frac = position - k;
  return Math.exp((path[k] ?? NaN) * (1 - frac) + (path[k + 1] ?? NaN) * frac);
}
