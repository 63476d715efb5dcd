// Calendar dates as ISO 'YYYY-MM-DD' strings with plain integer arithmetic: no JS Date, so no host time zone.

/** A valid proleptic-Gregorian date 'YYYY-MM-DD' (years 0001–9999). Build one with `parseIsoDate` or `isoDate`. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

/** Day of the week, 0 = Sunday … 6 = Saturday (as in JS `getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const SUNDAY = 0;
export const MONDAY = 1;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

export class InvalidDateError extends Error {
  override name = 'InvalidDateError';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const match = ISO.exec(text);
  return match !== null && validParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Validates 'YYYY-MM-DD'; an impossible date ('2023-02-29') or another format is an InvalidDateError. */
export function parseIsoDate(text: string): IsoDate {
  if (!isIsoDate(text)) throw new InvalidDateError(`Not a valid ISO date (YYYY-MM-DD): "${text}"`);
  return text;
}

/** The date of year/month/day (month 1–12); impossible combinations throw. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  if (!validParts(year, month, day)) throw new InvalidDateError(`Not a valid date: ${year}-${month}-${day}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function dateParts(date: IsoDate): DateParts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/**
 * Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`, exact for every Gregorian date.
 * The inverse is `fromEpochDay`.
 */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isSafeInteger(epochDay)) throw new InvalidDateError(`Not an integer day number: ${epochDay}`);
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function weekday(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((toEpochDay(date) + THURSDAY) % 7) + 7) % 7) as Weekday;
}

export function isWeekend(date: IsoDate): boolean {
  const day = weekday(date);
  return day === SATURDAY || day === SUNDAY;
}

/** The n-th (1-based) given weekday of a month, e.g. the third Friday: nthWeekdayOfMonth(y, m, FRIDAY, 3). */
export function nthWeekdayOfMonth(year: number, month: number, day: Weekday, n: number): IsoDate {
  const first = isoDate(year, month, 1);
  const offset = (day - weekday(first) + 7) % 7;
  return isoDate(year, month, 1 + offset + (n - 1) * 7);
}

/** The last given weekday of a month, e.g. Memorial Day = last Monday of May. */
export function lastWeekdayOfMonth(year: number, month: number, day: Weekday): IsoDate {
  const last = isoDate(year, month, daysInMonth(year, month));
  return addDays(last, -((weekday(last) - day + 7) % 7));
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** UTC calendar date of an instant (epoch ms). */
export function utcDateOf(epochMs: number): IsoDate {
  return fromEpochDay(Math.floor(epochMs / 86_400_000));
}

/** Epoch ms of a UTC date and wall time given in minutes after midnight. */
export function utcInstant(date: IsoDate, minuteOfDay = 0): number {
  return (toEpochDay(date) * 1440 + minuteOfDay) * 60_000;
}
