// Listed-option expiry dates on the NYSE calendar, days to expiry and the year fraction used for pricing.
//
// Kinds (a date can carry several):
// - monthly: the third Friday of the month; when that Friday is not a trading day, the trading day before
//   (Good Friday 2022-04-15 → Thursday 2022-04-14).
// - weekly: every week's Friday, moved to the trading day before when the Friday is closed. The monthly Friday
//   is also that week's weekly.
// - quarterly: the last trading day of March, June, September and December.
// - end_of_month: the last trading day of every month.
// - daily: every trading day (index and ETF products with Monday–Friday expiries); not listed unless asked for.
// Time to expiry for pricing is ACT/365 in calendar time, from the valuation instant to the expiry instant:
// the session close of the expiry day (16:00 ET, 13:00 on early-close days) for PM-settled options, the 09:30 ET
// open for AM-settled ones (standard SPX, NDX, RUT monthlies settle on the opening print, the SOQ).
import {
  type IsoDate,
  FRIDAY,
  InvalidDateError,
  addDays,
  dateParts,
  daysBetween,
  nthWeekdayOfMonth,
  weekday,
} from './iso-date';
import {
  isTradingDay,
  lastTradingDayOfMonth,
  onOrBeforeTradingDay,
  sessionFor,
  tradingDaysBetween,
} from './nyse-calendar';

export type ExpiryKind = 'monthly' | 'weekly' | 'quarterly' | 'end_of_month' | 'daily';

export const STANDARD_EXPIRY_KINDS: readonly ExpiryKind[] = ['monthly', 'weekly', 'quarterly', 'end_of_month'];

export interface Expiry {
  date: IsoDate;
  /** In the order monthly, weekly, quarterly, end_of_month, daily. */
  kinds: readonly ExpiryKind[];
}

export type Settlement = 'am' | 'pm';

export class InvalidExpiryError extends InvalidDateError {
  override name = 'InvalidExpiryError';
}

const MS_PER_YEAR = 365 * 86_400_000;

/** The standard monthly expiry of a month (month 1–12). */
export function monthlyExpiry(year: number, month: number): IsoDate {
  return onOrBeforeTradingDay(nthWeekdayOfMonth(year, month, FRIDAY, 3));
}

/** The weekly expiry of the week (Monday–Sunday) containing `date`: its Friday, or the trading day before. */
export function weeklyExpiryOfWeek(date: IsoDate): IsoDate {
  const daysSinceMonday = (weekday(date) + 6) % 7;
  const friday = addDays(date, FRIDAY - 1 - daysSinceMonday);
  return onOrBeforeTradingDay(friday);
}

export function isMonthlyExpiry(date: IsoDate): boolean {
  const { year, month } = dateParts(date);
  return monthlyExpiry(year, month) === date;
}

/** Every expiry from `from` to `to` (both inclusive), of the requested kinds, sorted by date. */
export function listExpiries(
  from: IsoDate,
  to: IsoDate,
  kinds: readonly ExpiryKind[] = STANDARD_EXPIRY_KINDS,
): Expiry[] {
  const wanted = new Set(kinds);
  const found = new Map<string, Set<ExpiryKind>>();
  const mark = (date: IsoDate, kind: ExpiryKind) => {
    if (!wanted.has(kind) || daysBetween(from, date) < 0 || daysBetween(date, to) < 0) return;
    let set = found.get(date);
    if (!set) found.set(date, (set = new Set()));
    set.add(kind);
  };
  if (daysBetween(from, to) < 0) return [];

  const start = dateParts(from);
  const end = dateParts(to);
  for (let year = start.year, month = start.month; year < end.year || (year === end.year && month <= end.month);) {
    mark(monthlyExpiry(year, month), 'monthly');
    const lastDay = lastTradingDayOfMonth(year, month);
    mark(lastDay, 'end_of_month');
    if (month % 3 === 0) mark(lastDay, 'quarterly');
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  // Weeks overlapping the range: a Friday just after `to` can move back into it.
  if (wanted.has('weekly')) {
    const monday = addDays(from, -((weekday(from) + 6) % 7));
    for (let day = monday; daysBetween(day, to) >= 0; day = addDays(day, 7)) {
      mark(weeklyExpiryOfWeek(day), 'weekly');
    }
  }
  if (wanted.has('daily')) {
    for (let day = from; daysBetween(day, to) >= 0; day = addDays(day, 1)) {
      if (isTradingDay(day)) mark(day, 'daily');
    }
  }

  const order: readonly ExpiryKind[] = ['monthly', 'weekly', 'quarterly', 'end_of_month', 'daily'];
  return [...found.entries()]
    .map(([date, set]) => ({ date: date as IsoDate, kinds: order.filter((kind) => set.has(kind)) }))
    .sort((a, b) => daysBetween(b.date, a.date));
}

/** Calendar days to expiry: 0 on expiry day, negative after it. `asOf` is the New York date (`newYorkDateOf`). */
export function calendarDaysToExpiry(asOf: IsoDate, expiry: IsoDate): number {
  return daysBetween(asOf, expiry);
}

/** Trading days to expiry: sessions after `asOf` up to and including expiry day (0 on expiry day). */
export function tradingDaysToExpiry(asOf: IsoDate, expiry: IsoDate): number {
  return tradingDaysBetween(asOf, expiry);
}

/**
 * Expiry instants by `expiry|settlement`. The answer depends on the date alone, and risk scans ask for the same few
 * expiries thousands of times (each a holiday-calendar lookup); bounded so a long backtest cannot grow it forever.
 */
const instants = new Map<string, number>();
const MAX_CACHED_INSTANTS = 10_000;

/** The instant an option stops being priced: the expiry day's close (PM) or open (AM), as epoch ms. */
export function expiryInstant(expiry: IsoDate, settlement: Settlement = 'pm'): number {
  const key = `${expiry}|${settlement}`;
  const cached = instants.get(key);
  if (cached !== undefined) return cached;
  const session = sessionFor(expiry);
  if (!session) throw new InvalidExpiryError(`${expiry} is not a trading day, so it cannot be an expiry`);
  const instant = settlement === 'am' ? session.open : session.close;
  if (instants.size >= MAX_CACHED_INSTANTS) instants.clear();
  instants.set(key, instant);
  return instant;
}

/**
 * Time to expiry in years for pricing: ACT/365 calendar time from `asOfMs` to the expiry instant.
 * Returns 0 once the expiry instant has passed (pricing then means intrinsic value), never a negative time.
 */
export function yearFractionToExpiry(asOfMs: number, expiry: IsoDate, settlement: Settlement = 'pm'): number {
  if (!Number.isFinite(asOfMs)) throw new RangeError(`Not an instant: ${asOfMs}`);
  return Math.max(0, (expiryInstant(expiry, settlement) - asOfMs) / MS_PER_YEAR);
}

/** Option roots whose standard (third-Friday) series settle AM on the opening prints; weeklies (SPXW, …) are PM. */
const AM_SETTLED_ROOTS: ReadonlySet<string> = new Set(['SPX', 'NDX', 'RUT', 'DJX', 'VIX']);

/** Settlement style of an option root, for `yearFractionToExpiry`. Unknown roots are PM-settled equity/ETF options. */
export function settlementForRoot(root: string): Settlement {
  return AM_SETTLED_ROOTS.has(root.toUpperCase()) ? 'am' : 'pm';
}
