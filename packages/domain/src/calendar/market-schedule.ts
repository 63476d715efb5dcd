// When the unattended jobs run, in exchange terms: "45 minutes before the open on trading days", "20 minutes before
// the close on expiry days" (a 13:00 close on an early-close day moves it too), "every 5 minutes during the session".
// Pure: the scheduler asks for the next occurrence after an instant and gets an instant back.
import { addDays, type IsoDate } from './iso-date';
import { newYorkDateOf, newYorkToUtc } from './new-york-time';
import { sessionFor, type TradingSession } from './nyse-calendar';
import { weeklyExpiryOfWeek } from './expiries';

/** Which days a schedule runs on: every trading day, or only the week's option expiry day (usually Friday). */
export type ScheduleDays = 'trading' | 'expiry';

export type MarketSchedule =
  /** Once a day, at the open or close shifted by `offsetMinutes` (negative: before). */
  | { kind: 'session'; anchor: 'open' | 'close'; offsetMinutes: number; days: ScheduleDays }
  /**
   * Every `everyMinutes` from the open (+ `startOffsetMinutes`) while the session is open (the close excluded).
   */
  | { kind: 'intraday'; everyMinutes: number; startOffsetMinutes: number; days: ScheduleDays };

const MINUTE = 60_000;
/** Far enough to cross the longest closure (holidays, the 2001 and 2012 special closures) with room to spare. */
const SEARCH_DAYS = 15;

export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
}

export function validateSchedule(schedule: MarketSchedule): MarketSchedule {
  if (schedule.kind === 'session') {
    if (!Number.isInteger(schedule.offsetMinutes) || Math.abs(schedule.offsetMinutes) > 12 * 60)
      throw new InvalidScheduleError(`offsetMinutes must be a whole number within ±720: ${schedule.offsetMinutes}`);
  } else {
    if (!Number.isInteger(schedule.everyMinutes) || schedule.everyMinutes < 1 || schedule.everyMinutes > 390)
      throw new InvalidScheduleError(`everyMinutes must be a whole number from 1 to 390: ${schedule.everyMinutes}`);
    if (!Number.isInteger(schedule.startOffsetMinutes) || schedule.startOffsetMinutes < 0)
      throw new InvalidScheduleError(`startOffsetMinutes must be a whole number ≥ 0: ${schedule.startOffsetMinutes}`);
  }
  return schedule;
}

function runsOn(session: TradingSession, days: ScheduleDays): boolean {
  return days === 'trading' || weeklyExpiryOfWeek(session.date) === session.date;
}

/** The occurrences of one exchange day, ascending (none on a closed day or a day the schedule skips). */
export function occurrencesOn(schedule: MarketSchedule, date: IsoDate): number[] {
  const session = sessionFor(date);
  if (!session || !runsOn(session, schedule.days)) return [];
  if (schedule.kind === 'session') {
    return [(schedule.anchor === 'open' ? session.open : session.close) + schedule.offsetMinutes * MINUTE];
  }
  const times: number[] = [];
  for (
    let at = session.open + schedule.startOffsetMinutes * MINUTE;
    at < session.close;
    at += schedule.everyMinutes * MINUTE
  ) {
    times.push(at);
  }
  return times;
}

/** The first occurrence strictly after `afterMs`. */
export function nextOccurrence(schedule: MarketSchedule, afterMs: number): number {
  // Start a day early: an occurrence before the open (or after the close) may belong to a neighbouring date.
  let date = addDays(newYorkDateOf(afterMs), -1);
  for (let i = 0; i < SEARCH_DAYS; i++, date = addDays(date, 1)) {
    const next = occurrencesOn(schedule, date).find((at) => at > afterMs);
    if (next !== undefined) return next;
  }
  throw new InvalidScheduleError(`No occurrence within ${SEARCH_DAYS} days after ${new Date(afterMs).toISOString()}`);
}

/** The latest occurrence in (fromMs, toMs], or null: what a restart after downtime has missed. */
export function latestOccurrenceBetween(schedule: MarketSchedule, fromMs: number, toMs: number): number | null {
  let latest: number | null = null;
  for (let at = nextOccurrence(schedule, fromMs); at <= toMs; at = nextOccurrence(schedule, at)) latest = at;
  return latest;
}

function offsetWords(minutes: number, anchor: string): string {
  if (minutes === 0) return `at the ${anchor}`;
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  const amount = [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : ''].filter(Boolean).join(' ');
  return `${amount} ${minutes < 0 ? 'before' : 'after'} the ${anchor}`;
}

/** The schedule in words, as the Jobs page shows it. */
export function describeSchedule(schedule: MarketSchedule): string {
  const days = schedule.days === 'trading' ? 'trading days' : 'expiry days';
  if (schedule.kind === 'session') return `${offsetWords(schedule.offsetMinutes, schedule.anchor)}, ${days} (ET)`;
  const from = schedule.startOffsetMinutes > 0 ? ` from ${offsetWords(schedule.startOffsetMinutes, 'open')}` : '';
  return `every ${schedule.everyMinutes} min during the session${from}, ${days}`;
}

/** An exchange-time instant, for tests and fixtures: `nyTime('2026-11-27', 9, 30)`. */
export function nyTime(date: IsoDate, hour: number, minute = 0): number {
  return newYorkToUtc(date, hour * 60 + minute);
}
