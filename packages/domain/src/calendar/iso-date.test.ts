import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FRIDAY,
  InvalidDateError,
  MONDAY,
  addDays,
  daysBetween,
  easterSunday,
  fromEpochDay,
  isIsoDate,
  isoDate,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  parseIsoDate,
  toEpochDay,
  utcDateOf,
  utcInstant,
  weekday,
} from './iso-date';

const d = parseIsoDate;

describe('ISO dates', () => {
  it('accepts real dates and refuses impossible or malformed ones', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of [
      '2023-02-29',
      '2100-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-5',
      '20240105',
      ' 2024-01-05',
      '',
    ]) {
      expect(() => parseIsoDate(bad), bad).toThrow(InvalidDateError);
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(parseIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(() => isoDate(2024, 2, 30)).toThrow(InvalidDateError);
  });

  it('counts days like Date.UTC does, without touching the host time zone', () => {
    expect(toEpochDay(d('1970-01-01'))).toBe(0);
    expect(toEpochDay(d('2024-01-19'))).toBe(Date.UTC(2024, 0, 19) / 86_400_000);
    expect(toEpochDay(d('1900-03-01'))).toBe(Date.UTC(1900, 2, 1) / 86_400_000);
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-12-31'), 1)).toBe('2024-01-01');
    expect(utcDateOf(Date.UTC(2026, 2, 9, 23, 59))).toBe('2026-03-09');
    expect(utcInstant(d('2026-03-09'), 13 * 60 + 30)).toBe(Date.UTC(2026, 2, 9, 13, 30));
  });

  it('round-trips every day number (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay(d('0001-01-01')), max: toEpochDay(d('9999-12-31')) }), (day) => {
        expect(toEpochDay(fromEpochDay(day))).toBe(day);
        expect(weekday(fromEpochDay(day))).toBe(new Date(day * 86_400_000).getUTCDay());
      }),
    );
  });

  it('finds nth and last weekdays', () => {
    expect(nthWeekdayOfMonth(2024, 1, FRIDAY, 3)).toBe('2024-01-19');
    expect(nthWeekdayOfMonth(2026, 12, FRIDAY, 3)).toBe('2026-12-18');
    expect(lastWeekdayOfMonth(2026, 5, MONDAY)).toBe('2026-05-25');
    expect(lastWeekdayOfMonth(2027, 5, MONDAY)).toBe('2027-05-31');
  });

  it('computes Easter Sunday (published Gregorian Easter dates)', () => {
    const easter: Record<number, string> = {
      1994: '1994-04-03',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2022: '2022-04-17',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
    };
    for (const [year, date] of Object.entries(easter)) expect(easterSunday(Number(year))).toBe(date);
  });
});
