// The NYSE trading calendar: holidays by rule, special closures, early closes and session times.
//
// Holidays (NYSE Rule 7.2 and the published calendars): New Year's Day, Martin Luther King Jr. Day (3rd Monday
// of January, from 1998), Washington's Birthday / Presidents' Day (3rd Monday of February), Good Friday (Easter
// Sunday − 2, Gregorian computus), Memorial Day (last Monday of May), Juneteenth (June 19, from 2022),
// Independence Day (July 4), Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November),
// Christmas (December 25). A holiday on a Sunday is observed the Monday after, one on a Saturday the Friday
// before — except New Year's Day: the exchange stays open on Friday December 31 (end of the accounting year),
// so a Saturday New Year's Day is not observed at all (e.g. 2022).
// Special closures are listed in SPECIAL_CLOSURES (national days of mourning, 9/11, Hurricane Sandy).
// Early closes at 13:00 ET: July 3 when it is a trading day, the day after Thanksgiving, December 24 when it is a
// trading day. These are the rules NYSE has applied in its recent calendars (checked 2022–2027); early closes
// before ~2010 were decided case by case and may differ from them.
// Sessions: core trading 09:30–16:00 ET (13:00 on early-close days); UTC instants come from the US DST rule.
// Supported years: 1990–2099; other years throw (no silent guesses).
import {
  type IsoDate,
  InvalidDateError,
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  addDays,
  dateParts,
  daysBetween,
  daysInMonth,
  easterSunday,
  isoDate,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekday,
} from './iso-date';
import { newYorkToUtc, utcToNewYork } from './new-york-time';

export const FIRST_CALENDAR_YEAR = 1990;
export const LAST_CALENDAR_YEAR = 2099;

export const REGULAR_OPEN_MINUTE = 9 * 60 + 30;
export const REGULAR_CLOSE_MINUTE = 16 * 60;
export const EARLY_CLOSE_MINUTE = 13 * 60;

export class CalendarRangeError extends InvalidDateError {
  override name = 'CalendarRangeError';
}

export type ClosureKind = 'holiday' | 'special';

export interface MarketClosure {
  date: IsoDate;
  name: string;
  kind: ClosureKind;
}

export interface EarlyClose {
  date: IsoDate;
  name: string;
  /** Minutes after New York midnight. */
  closeMinute: number;
}

/** Unscheduled full-day closures since 1990. */
export const SPECIAL_CLOSURES: readonly MarketClosure[] = [
  { date: '1994-04-27' as IsoDate, name: 'National Day of Mourning (Richard Nixon)', kind: 'special' },
  { date: '2001-09-11' as IsoDate, name: 'September 11 attacks', kind: 'special' },
  { date: '2001-09-12' as IsoDate, name: 'September 11 attacks', kind: 'special' },
  { date: '2001-09-13' as IsoDate, name: 'September 11 attacks', kind: 'special' },
  { date: '2001-09-14' as IsoDate, name: 'September 11 attacks', kind: 'special' },
  { date: '2004-06-11' as IsoDate, name: 'National Day of Mourning (Ronald Reagan)', kind: 'special' },
  { date: '2007-01-02' as IsoDate, name: 'National Day of Mourning (Gerald Ford)', kind: 'special' },
  { date: '2012-10-29' as IsoDate, name: 'Hurricane Sandy', kind: 'special' },
  { date: '2012-10-30' as IsoDate, name: 'Hurricane Sandy', kind: 'special' },
  { date: '2018-12-05' as IsoDate, name: 'National Day of Mourning (George H. W. Bush)', kind: 'special' },
  { date: '2025-01-09' as IsoDate, name: 'National Day of Mourning (Jimmy Carter)', kind: 'special' },
];

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) {
    throw new CalendarRangeError(`NYSE calendar supports ${FIRST_CALENDAR_YEAR}–${LAST_CALENDAR_YEAR}, not ${year}`);
  }
}

/** Saturday → Friday before, Sunday → Monday after. */
function observed(date: IsoDate): IsoDate {
  const day = weekday(date);
  if (day === SATURDAY) return addDays(date, -1);
  if (day === SUNDAY) return addDays(date, 1);
  return date;
}

interface YearCalendar {
  closures: readonly MarketClosure[];
  closed: ReadonlySet<string>;
  earlyCloses: readonly EarlyClose[];
  early: ReadonlyMap<string, number>;
}

const cache = new Map<number, YearCalendar>();

function buildYear(year: number): YearCalendar {
  const holidays: MarketClosure[] = [];
  const add = (date: IsoDate, name: string) => holidays.push({ date, name, kind: 'holiday' });

  const newYear = isoDate(year, 1, 1);
  if (weekday(newYear) !== SATURDAY) add(observed(newYear), "New Year's Day");
  if (year >= 1998) add(nthWeekdayOfMonth(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  add(nthWeekdayOfMonth(year, 2, MONDAY, 3), "Washington's Birthday");
  add(addDays(easterSunday(year), -2), 'Good Friday');
  add(lastWeekdayOfMonth(year, 5, MONDAY), 'Memorial Day');
  if (year >= 2022) add(observed(isoDate(year, 6, 19)), 'Juneteenth National Independence Day');
  add(observed(isoDate(year, 7, 4)), 'Independence Day');
  add(nthWeekdayOfMonth(year, 9, MONDAY, 1), 'Labor Day');
  const thanksgiving = nthWeekdayOfMonth(year, 11, THURSDAY, 4);
  add(thanksgiving, 'Thanksgiving Day');
  add(observed(isoDate(year, 12, 25)), 'Christmas Day');

  const special = SPECIAL_CLOSURES.filter((closure) => dateParts(closure.date).year === year);
  const closures = [...holidays, ...special].sort((a, b) => daysBetween(b.date, a.date));
  const closed = new Set<string>(closures.map((closure) => closure.date));

  const isOpenWeekday = (date: IsoDate) => {
    const day = weekday(date);
    return day !== SATURDAY && day !== SUNDAY && !closed.has(date);
  };
  const earlyCloses: EarlyClose[] = [];
  const addEarly = (date: IsoDate, name: string) => {
    if (isOpenWeekday(date)) earlyCloses.push({ date, name, closeMinute: EARLY_CLOSE_MINUTE });
  };
  addEarly(isoDate(year, 7, 3), 'Day before Independence Day');
  addEarly(addDays(thanksgiving, 1), 'Day after Thanksgiving');
  addEarly(isoDate(year, 12, 24), 'Christmas Eve');
  earlyCloses.sort((a, b) => daysBetween(b.date, a.date));

  return {
    closures,
    closed,
    earlyCloses,
    early: new Map(earlyCloses.map((early) => [early.date, early.closeMinute])),
  };
}

function yearCalendar(year: number): YearCalendar {
  checkYear(year);
  let calendar = cache.get(year);
  if (!calendar) {
    calendar = buildYear(year);
    cache.set(year, calendar);
  }
  return calendar;
}

/** Full-day closures of a year (rule holidays and special closures), sorted by date. */
export function marketClosures(year: number): readonly MarketClosure[] {
  return yearCalendar(year).closures;
}

/** Days closing early (13:00 ET) in a year, sorted by date. */
export function earlyCloses(year: number): readonly EarlyClose[] {
  return yearCalendar(year).earlyCloses;
}

/** The closure on `date`, if the exchange is closed for a holiday or a special closure (weekends are not listed). */
export function closureOn(date: IsoDate): MarketClosure | undefined {
  return yearCalendar(dateParts(date).year).closures.find((closure) => closure.date === date);
}

export function isTradingDay(date: IsoDate): boolean {
  const calendar = yearCalendar(dateParts(date).year);
  const day = weekday(date);
  return day !== SATURDAY && day !== SUNDAY && !calendar.closed.has(date);
}

export function isEarlyClose(date: IsoDate): boolean {
  return yearCalendar(dateParts(date).year).early.has(date);
}

export interface TradingSession {
  date: IsoDate;
  /** Epoch ms of the 09:30 ET open. */
  open: number;
  /** Epoch ms of the 16:00 ET close (13:00 on early-close days). */
  close: number;
  earlyClose: boolean;
}

/** The regular session of `date`, or null when the exchange is closed that day. */
export function sessionFor(date: IsoDate): TradingSession | null {
  if (!isTradingDay(date)) return null;
  const earlyMinute = yearCalendar(dateParts(date).year).early.get(date);
  return {
    date,
    open: newYorkToUtc(date, REGULAR_OPEN_MINUTE),
    close: newYorkToUtc(date, earlyMinute ?? REGULAR_CLOSE_MINUTE),
    earlyClose: earlyMinute !== undefined,
  };
}

/** Whether the regular session is open at an instant (open inclusive, close exclusive). */
export function isMarketOpen(epochMs: number): boolean {
  if (!Number.isFinite(epochMs)) throw new InvalidDateError(`Not an instant: ${epochMs}`);
  const session = sessionFor(utcToNewYork(epochMs).date);
  return session !== null && epochMs >= session.open && epochMs < session.close;
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: IsoDate): IsoDate {
  let day = addDays(date, 1);
  while (!isTradingDay(day)) day = addDays(day, 1);
  return day;
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: IsoDate): IsoDate {
  let day = addDays(date, -1);
  while (!isTradingDay(day)) day = addDays(day, -1);
  return day;
}

/** `date` itself when it is a trading day, else the previous one (how holiday-shifted expiries move). */
export function onOrBeforeTradingDay(date: IsoDate): IsoDate {
  return isTradingDay(date) ? date : previousTradingDay(date);
}

/** `date` itself when it is a trading day, else the next one. */
export function onOrAfterTradingDay(date: IsoDate): IsoDate {
  return isTradingDay(date) ? date : nextTradingDay(date);
}

/** Moves `count` trading days forward (negative: backward) from `date`; 0 returns `date` unchanged. */
export function addTradingDays(date: IsoDate, count: number): IsoDate {
  if (!Number.isSafeInteger(count)) throw new RangeError(`Not an integer count: ${count}`);
  let day = date;
  for (let i = 0; i < Math.abs(count); i++) day = count > 0 ? nextTradingDay(day) : previousTradingDay(day);
  return day;
}

/**
 * Trading days in the half-open interval (from, to]: the number of sessions that close after `from` up to and
 * including `to`. Negative when `to` is before `from`, so between(a, b) + between(b, c) = between(a, c).
 * A trading-day DTE: tradingDaysBetween(today, expiry) is 1 the day before expiry and 0 on expiry day.
 */
export function tradingDaysBetween(from: IsoDate, to: IsoDate): number {
  const span = daysBetween(from, to);
  if (span < 0) return 0 - tradingDaysBetween(to, from);
  let count = 0;
  let day = from;
  for (let i = 0; i < span; i++) {
    day = addDays(day, 1);
    if (isTradingDay(day)) count++;
  }
  return count;
}

/** Every trading day from `from` to `to`, both inclusive. */
export function tradingDaysInRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; daysBetween(day, to) >= 0; day = addDays(day, 1)) {
    if (isTradingDay(day)) days.push(day);
  }
  return days;
}

/** The last trading day of a month (month 1–12). */
export function lastTradingDayOfMonth(year: number, month: number): IsoDate {
  return onOrBeforeTradingDay(isoDate(year, month, daysInMonth(year, month)));
}
