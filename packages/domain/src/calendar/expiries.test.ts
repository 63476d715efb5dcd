import { describe, expect, it } from 'vitest';
import { parseIsoDate as d } from './iso-date';
import {
  InvalidExpiryError,
  calendarDaysToExpiry,
  expiryInstant,
  isMonthlyExpiry,
  listExpiries,
  monthlyExpiry,
  settlementForRoot,
  tradingDaysToExpiry,
  weeklyExpiryOfWeek,
  yearFractionToExpiry,
} from './expiries';

const utc = (iso: string) => Date.parse(iso);

describe('expiry dates', () => {
  it('puts monthlies on the third Friday, the Thursday before when that Friday is a holiday', () => {
    expect(monthlyExpiry(2022, 4)).toBe('2022-04-14'); // Good Friday 2022-04-15
    expect(monthlyExpiry(2025, 4)).toBe('2025-04-17'); // Good Friday 2025-04-18
    expect(monthlyExpiry(2024, 1)).toBe('2024-01-19');
    expect(monthlyExpiry(2026, 12)).toBe('2026-12-18');
    expect(monthlyExpiry(2026, 4)).toBe('2026-04-17'); // Good Friday 2026 is the first Friday
    expect(isMonthlyExpiry(d('2022-04-14'))).toBe(true);
    expect(isMonthlyExpiry(d('2022-04-15'))).toBe(false);
  });

  it('puts weeklies on Fridays, moved back over holidays', () => {
    expect(weeklyExpiryOfWeek(d('2026-03-30'))).toBe('2026-04-02'); // Good Friday week
    expect(weeklyExpiryOfWeek(d('2026-04-05'))).toBe('2026-04-02'); // Sunday belongs to the week before
    expect(weeklyExpiryOfWeek(d('2026-06-29'))).toBe('2026-07-02'); // Independence Day observed Friday
    expect(weeklyExpiryOfWeek(d('2026-01-14'))).toBe('2026-01-16');
    expect(weeklyExpiryOfWeek(d('2001-09-12'))).toBe('2001-09-10'); // the whole 9/11 week after Monday closed
  });

  it('lists expiries by kind between two dates, inclusive', () => {
    expect(listExpiries(d('2026-03-28'), d('2026-04-10'))).toEqual([
      { date: '2026-03-31', kinds: ['quarterly', 'end_of_month'] },
      { date: '2026-04-02', kinds: ['weekly'] },
      { date: '2026-04-10', kinds: ['weekly'] },
    ]);
    expect(listExpiries(d('2026-12-14'), d('2026-12-31'))).toEqual([
      { date: '2026-12-18', kinds: ['monthly', 'weekly'] },
      { date: '2026-12-24', kinds: ['weekly'] }, // Christmas Friday → Thursday (an early-close day)
      { date: '2026-12-31', kinds: ['weekly', 'quarterly', 'end_of_month'] }, // New Year's Day Friday → Thursday
    ]);
    expect(listExpiries(d('2026-01-01'), d('2026-12-31'), ['monthly']).map((expiry) => expiry.date)).toEqual([
      '2026-01-16',
      '2026-02-20',
      '2026-03-20',
      '2026-04-17',
      '2026-05-15',
      '2026-06-18', // Juneteenth Friday → Thursday
      '2026-07-17',
      '2026-08-21',
      '2026-09-18',
      '2026-10-16',
      '2026-11-20',
      '2026-12-18',
    ]);
    expect(listExpiries(d('2026-01-01'), d('2026-12-31'), ['end_of_month']).map((e) => e.date)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-31',
      '2026-04-30',
      '2026-05-29',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-30',
      '2026-11-30',
      '2026-12-31',
    ]);
    expect(listExpiries(d('2026-04-01'), d('2026-04-07'), ['daily']).map((e) => e.date)).toEqual([
      '2026-04-01',
      '2026-04-02',
      '2026-04-06',
      '2026-04-07',
    ]);
    expect(listExpiries(d('2026-04-10'), d('2026-04-01'))).toEqual([]);
  });
});

describe('days and years to expiry', () => {
  it('counts DTE in calendar and trading days', () => {
    expect(calendarDaysToExpiry(d('2026-04-01'), d('2026-04-17'))).toBe(16);
    expect(tradingDaysToExpiry(d('2026-04-01'), d('2026-04-17'))).toBe(11); // Good Friday skipped
    expect(tradingDaysToExpiry(d('2026-04-17'), d('2026-04-17'))).toBe(0);
  });

  it('measures ACT/365 to the 16:00 ET close, or the 09:30 ET open for AM settlement', () => {
    expect(expiryInstant(d('2024-01-19'))).toBe(utc('2024-01-19T21:00Z'));
    expect(expiryInstant(d('2024-01-19'), 'am')).toBe(utc('2024-01-19T14:30Z'));
    expect(expiryInstant(d('2026-12-24'))).toBe(utc('2026-12-24T18:00Z')); // early close
    // 2023-01-19 → 2024-01-19 is 365 days (the leap day comes after).
    expect(yearFractionToExpiry(utc('2023-01-19T21:00Z'), d('2024-01-19'))).toBe(1);
    expect(yearFractionToExpiry(utc('2023-01-19T21:00Z'), d('2024-01-19'), 'am')).toBeCloseTo(1 - 6.5 / 8760, 15);
    expect(yearFractionToExpiry(utc('2024-01-19T20:00Z'), d('2024-01-19'))).toBeCloseTo(1 / 8760, 15);
    expect(yearFractionToExpiry(utc('2024-01-19T21:00:01Z'), d('2024-01-19'))).toBe(0);
    expect(() => yearFractionToExpiry(utc('2022-04-01T00:00Z'), d('2022-04-15'))).toThrow(InvalidExpiryError);
  });

  it('knows the AM-settled index roots', () => {
    expect(settlementForRoot('SPX')).toBe('am');
    expect(settlementForRoot('SPXW')).toBe('pm');
    expect(settlementForRoot('AAPL')).toBe('pm');
  });
});
