// America/New_York wall time ↔ UTC instants by the US daylight-saving rule, without a time-zone database.
//
// Rules (Energy Policy Act of 2005 and the Uniform Time Act as amended in 1986):
// - 2007 onwards: EDT (UTC−4) from the second Sunday of March 02:00 EST to the first Sunday of November 02:00 EDT.
// - 1987–2006: EDT from the first Sunday of April 02:00 EST to the last Sunday of October 02:00 EDT.
// Outside those rules (before 1987) this module refuses to answer rather than guess.
// Wall times that do not exist (02:00–02:59 on the spring-forward day) resolve as if read on the standard
// offset (02:30 → 03:30 EDT); repeated ones (01:00–01:59 on the fall-back day) resolve to the earlier, EDT instant.
// These match Temporal's `disambiguation: 'compatible'`. Market hours are never near either gap.
import {
  type IsoDate,
  InvalidDateError,
  SUNDAY,
  dateParts,
  daysBetween,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  utcDateOf,
  utcInstant,
} from './iso-date';

export const FIRST_DST_RULE_YEAR = 1987;

const EST_OFFSET_MINUTES = -300;
const EDT_OFFSET_MINUTES = -240;

/** The local dates (Sundays) on which daylight saving starts and ends in New York in `year`. */
export function newYorkDstDates(year: number): { start: IsoDate; end: IsoDate } {
  if (!Number.isInteger(year) || year < FIRST_DST_RULE_YEAR) {
    throw new InvalidDateError(`No New York DST rule implemented for ${year} (supported from ${FIRST_DST_RULE_YEAR})`);
  }
  if (year >= 2007) {
    return { start: nthWeekdayOfMonth(year, 3, SUNDAY, 2), end: nthWeekdayOfMonth(year, 11, SUNDAY, 1) };
  }
  return { start: nthWeekdayOfMonth(year, 4, SUNDAY, 1), end: lastWeekdayOfMonth(year, 10, SUNDAY) };
}

/** UTC offset in minutes (−240 or −300) of a New York wall time: `minuteOfDay` minutes after local midnight of `date`. */
export function newYorkOffsetAtLocal(date: IsoDate, minuteOfDay: number): number {
  const { start, end } = newYorkDstDates(dateParts(date).year);
  const afterStart = daysBetween(start, date) > 0 || (date === start && minuteOfDay >= 180);
  const beforeEnd = daysBetween(date, end) > 0 || (date === end && minuteOfDay < 120);
  return afterStart && beforeEnd ? EDT_OFFSET_MINUTES : EST_OFFSET_MINUTES;
}

/** Epoch ms of a New York wall time (see the module note for the two DST edge hours). */
export function newYorkToUtc(date: IsoDate, minuteOfDay: number): number {
  return utcInstant(date, minuteOfDay - newYorkOffsetAtLocal(date, minuteOfDay));
}

/** UTC offset in minutes of New York at an instant. */
export function newYorkOffsetAt(epochMs: number): number {
  const { start, end } = newYorkDstDates(dateParts(utcDateOf(epochMs)).year);
  // 02:00 EST = 07:00Z on the start day; 02:00 EDT = 06:00Z on the end day.
  const startsAt = utcInstant(start, 7 * 60);
  const endsAt = utcInstant(end, 6 * 60);
  return epochMs >= startsAt && epochMs < endsAt ? EDT_OFFSET_MINUTES : EST_OFFSET_MINUTES;
}

export interface NewYorkWallTime {
  date: IsoDate;
  /** Minutes after local midnight, 0–1439 (fractions of a minute included). */
  minuteOfDay: number;
  offsetMinutes: number;
}

/** The New York calendar date and wall time of an instant. */
export function utcToNewYork(epochMs: number): NewYorkWallTime {
  const offsetMinutes = newYorkOffsetAt(epochMs);
  const local = epochMs + offsetMinutes * 60_000;
  const date = utcDateOf(local);
  return { date, minuteOfDay: (local - utcInstant(date)) / 60_000, offsetMinutes };
}

/** The New York calendar date of an instant (what "today" means for the exchange). */
export function newYorkDateOf(epochMs: number): IsoDate {
  return utcToNewYork(epochMs).date;
}
