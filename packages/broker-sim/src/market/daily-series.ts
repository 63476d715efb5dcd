// Daily closes of one series: the historical file replayed, then a seeded walk on NYSE trading days past its end.
// Each walk step draws its shock from hash(seed, name, epoch day), so a day's shock never depends on which
// other days were asked for first; the level itself is the running sum, extended lazily and cached.
//
// Prices: GBM in log space, ln S(n+1) = ln S(n) + μ_d + σ_d·z, with μ_d and σ_d the mean and standard deviation of
// the last `calibrationDays` daily log returns of the file (the annualized drift is clamped to [-2%, +10%]: a
// five-year mean return is too noisy to extrapolate).
// VIX: a mean-reverting AR(1) of ln VIX, x(n+1) = θ + b·(x(n) − θ) + s·z, with θ, b, s fitted by least squares
// on the last `calibrationDays` days of the file, so the level wanders (and IV rank moves) around its norm; kept
// within [9, 90] (9.14 is the lowest VIX close on record; the walk has no crash regime to justify more).
import { type IsoDate, nextTradingDay, toEpochDay } from '@optionstrader/domain';
import type { DailyBar } from './load-history';
import { normalFor } from '@optionstrader/domain';

export const TRADING_DAYS_PER_YEAR = 252;
const VIX_FLOOR = 9;
const VIX_CEILING = 90;

export interface GbmCalibration {
  /** Annualized drift of ln S (clamped). */
  drift: number;
  /** Annualized volatility of daily log returns. */
  vol: number;
}

export interface MeanReversionCalibration {
  /** Long-run mean of the level (exp θ). */
  longRunLevel: number;
  /** Daily AR(1) coefficient b. */
  persistence: number;
  /** Daily standard deviation of the shock to ln level. */
  shockSd: number;
}

export interface DailySeries {
  readonly name: string;
  readonly firstDate: IsoDate;
  /** The last date of the file; later closes come from the walk. */
  readonly historyEnd: IsoDate;
  /** The close of the last trading day on or before `date` (NaN before the first date). */
  closeOnOrBefore(date: IsoDate): number;
  /** Whether `date` has a close of its own (a file row, or a walk day). */
  hasClose(date: IsoDate): boolean;
  /** Shares traded on the last trading day on or before `date`; null when unknown. */
  volumeOnOrBefore(date: IsoDate): number | null;
}

type Step = (previous: number, epochDay: number) => number;

function lastIndexAtOrBefore(days: ArrayLike<number>, length: number, day: number): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] ?? Infinity) <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function createExtendedSeries(
  name: string,
  bars: readonly DailyBar[],
  step: Step,
  walkVolume: (epochDay: number) => number | null,
): DailySeries {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (!first || !last) throw new RangeError(`${name}: no history`);
  const histDays = Int32Array.from(bars, (bar) => toEpochDay(bar.date));
  const histCloses = Float64Array.from(bars, (bar) => bar.close);
  const lastHistDay = toEpochDay(last.date);
  const walkDays: number[] = [];
  const walkCloses: number[] = [];
  let walkEnd: IsoDate = last.date;
  let walkLevel = last.close;

  const extendTo = (day: number): void => {
    while ((walkDays[walkDays.length - 1] ?? lastHistDay) < day) {
      walkEnd = nextTradingDay(walkEnd);
      const epochDay = toEpochDay(walkEnd);
      walkLevel = step(walkLevel, epochDay);
      walkDays.push(epochDay);
      walkCloses.push(walkLevel);
    }
  };
  const locate = (date: IsoDate): { close: number; day: number } | null => {
    const day = toEpochDay(date);
    if (day <= lastHistDay) {
      const i = lastIndexAtOrBefore(histDays, histDays.length, day);
      return i < 0 ? null : { close: histCloses[i] ?? NaN, day: histDays[i] ?? NaN };
    }
    extendTo(day);
    const i = lastIndexAtOrBefore(walkDays, walkDays.length, day);
    return i < 0 ? { close: last.close, day: lastHistDay } : { close: walkCloses[i] ?? NaN, day: walkDays[i] ?? NaN };
  };
  return {
    name,
    firstDate: first.date,
    historyEnd: last.date,
    closeOnOrBefore: (date) => locate(date)?.close ?? NaN,
    hasClose: (date) => locate(date)?.day === toEpochDay(date),
    volumeOnOrBefore(date) {
      const found = locate(date);
      if (!found) return null;
      if (found.day > lastHistDay) return walkVolume(found.day);
      const i = lastIndexAtOrBefore(histDays, histDays.length, found.day);
      return bars[i]?.volume ?? null;
    },
  };
}

function logReturns(bars: readonly DailyBar[], count: number): number[] {
  const start = Math.max(1, bars.length - count);
  const out: number[] = [];
  for (let i = start; i < bars.length; i++) {
    const a = bars[i - 1]?.close ?? NaN;
    const b = bars[i]?.close ?? NaN;
    out.push(Math.log(b / a));
  }
  return out;
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n < 2) return { mean: NaN, sd: NaN };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/** Drift and vol of the last `days` daily log returns, annualized. */
export function calibrateGbm(bars: readonly DailyBar[], days: number): GbmCalibration {
  const { mean, sd } = meanAndSd(logReturns(bars, days));
  return {
    drift: Math.min(0.1, Math.max(-0.02, mean * TRADING_DAYS_PER_YEAR)),
    vol: sd * Math.sqrt(TRADING_DAYS_PER_YEAR),
  };
}

/** Least-squares AR(1) fit of ln(close) over the last `days` days. */
export function calibrateMeanReversion(bars: readonly DailyBar[], days: number): MeanReversionCalibration {
  const logs = bars.slice(-days - 1).map((bar) => Math.log(bar.close));
  const xs = logs.slice(0, -1);
  const ys = logs.slice(1);
  const mx = meanAndSd(xs).mean;
  const my = meanAndSd(ys).mean;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    sxx += ((xs[i] ?? 0) - mx) ** 2;
  }
  const persistence = Math.min(0.995, Math.max(0.9, sxy / sxx));
  const theta = (my - persistence * mx) / (1 - persistence);
  const residuals = xs.map((x, i) => (ys[i] ?? 0) - theta - persistence * (x - theta));
  return { longRunLevel: Math.exp(theta), persistence, shockSd: meanAndSd(residuals).sd };
}

export function createPriceSeries(
  symbol: string,
  bars: readonly DailyBar[],
  { seed, calibration }: { seed: number; calibration: GbmCalibration },
): DailySeries {
  const muDaily = calibration.drift / TRADING_DAYS_PER_YEAR;
  const sdDaily = calibration.vol / Math.sqrt(TRADING_DAYS_PER_YEAR);
  const recentVolumes = bars
    .slice(-TRADING_DAYS_PER_YEAR)
    .map((bar) => bar.volume)
    .filter((v): v is number => v !== null && v > 0)
    .sort((a, b) => a - b);
  const medianVolume = recentVolumes[recentVolumes.length >> 1] ?? null;
  return createExtendedSeries(
    symbol,
    bars,
    (previous, day) => previous * Math.exp(muDaily + sdDaily * normalFor(seed, symbol, 'close', day)),
    (day) =>
      medianVolume === null
        ? null
        : Math.round(medianVolume * Math.exp(0.35 * normalFor(seed, symbol, 'volume', day) - 0.06)),
  );
}

export function createVixSeries(
  bars: readonly DailyBar[],
  { seed, calibration }: { seed: number; calibration: MeanReversionCalibration },
): DailySeries {
  const theta = Math.log(calibration.longRunLevel);
  const b = calibration.persistence;
  return createExtendedSeries(
    'VIX',
    bars,
    (previous, day) => {
      const next = Math.exp(
        theta + b * (Math.log(previous) - theta) + calibration.shockSd * normalFor(seed, 'VIX', day),
      );
      return Math.min(VIX_CEILING, Math.max(VIX_FLOOR, next));
    },
    () => null,
  );
}
