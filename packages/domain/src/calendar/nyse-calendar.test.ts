import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, fromEpochDay, parseIsoDate as d, toEpochDay } from './iso-date';
import {
  CalendarRangeError,
  addTradingDays,
  closureOn,
  earlyCloses,
  isEarlyClose,
  isMarketOpen,
  isTradingDay,
  lastTradingDayOfMonth,
  marketClosures,
  nextTradingDay,
  onOrBeforeTradingDay,
  previousTradingDay,
  sessionFor,
  tradingDaysBetween,
  tradingDaysInRange,
} from './nyse-calendar';

// Source: NYSE "Holidays & Trading Hours" (nyse.com/markets/hours-calendars), the published calendars for
// 2022–2027, and the NYSE notice closing markets on 2025-01-09 for the national day of mourning for Jimmy Carter.
const PUBLISHED: Record<number, { holidays: string[]; earlyCloses: string[] }> = {
  2022: {
    // 2022-01-01 was a Saturday: not observed (markets open Friday 2021-12-31).
    holidays: ['01-17', '02-21', '04-15', '05-30', '06-20', '07-04', '09-05', '11-24', '12-26'],
    earlyCloses: ['11-25'],
  },
  2023: {
    holidays: ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25'],
    earlyCloses: ['07-03', '11-24'],
  },
  2024: {
    holidays: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
    earlyCloses: ['07-03', '11-29', '12-24'],
  },
  2025: {
    holidays: ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
    earlyCloses: ['07-03', '11-28', '12-24'],
  },
  2026: {
    holidays: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
    earlyCloses: ['11-27', '12-24'],
  },
  2027: {
    holidays: ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24'],
    earlyCloses: ['11-26'],
  },
};

const utc = (iso: string) => Date.parse(iso);

describe('NYSE holidays and early closes', () => {
  for (const [year, published] of Object.entries(PUBLISHED)) {
    it(`matches the published ${year} calendar`, () => {
      expect(marketClosures(Number(year)).map((closure) => closure.date)).toEqual(
        published.holidays.map((day) => `${year}-${day}`),
      );
      expect(earlyCloses(Number(year)).map((early) => early.date)).toEqual(
        published.earlyCloses.map((day) => `${year}-${day}`),
      );
    });
  }

  it('applies the observance rules', () => {
    expect(isTradingDay(d('2021-12-31'))).toBe(true); // New Year's Day 2022 on a Saturday: no Friday observance
    expect(isTradingDay(d('2010-12-31'))).toBe(true);
    expect(isTradingDay(d('2017-01-02'))).toBe(false); // Sunday → Monday
    expect(isTradingDay(d('2021-06-18'))).toBe(true); // Juneteenth only from 2022
    expect(isTradingDay(d('2027-06-18'))).toBe(false); // Saturday Juneteenth → Friday
    expect(isTradingDay(d('1997-01-20'))).toBe(true); // MLK Day only from 1998
    expect(isTradingDay(d('1998-01-19'))).toBe(false);
    expect(closureOn(d('2026-04-03'))?.name).toBe('Good Friday');
    expect(closureOn(d('2026-04-02'))).toBeUndefined();
  });

  it('knows the special closures', () => {
    for (const date of [
      '1994-04-27',
      '2001-09-11',
      '2001-09-12',
      '2001-09-13',
      '2001-09-14',
      '2004-06-11',
      '2007-01-02',
      '2012-10-29',
      '2012-10-30',
      '2018-12-05',
      '2025-01-09',
    ]) {
      expect(isTradingDay(d(date)), date).toBe(false);
      expect(closureOn(d(date))?.kind).toBe('special');
    }
    expect(nextTradingDay(d('2001-09-10'))).toBe('2001-09-17');
  });

  it('puts early closes only on trading days', () => {
    expect(isEarlyClose(d('2026-07-02'))).toBe(false); // July 3 is the observed holiday that year
    expect(isEarlyClose(d('2018-12-24'))).toBe(true); // a Monday
    expect(isEarlyClose(d('2021-12-23'))).toBe(false); // Dec 24, 2021 was the observed Christmas
  });

  it('refuses years it does not cover', () => {
    expect(() => isTradingDay(d('1989-12-29'))).toThrow(CalendarRangeError);
    expect(() => marketClosures(2100)).toThrow(CalendarRangeError);
  });
});

describe('sessions', () => {
  it('opens at 09:30 ET across the DST boundaries', () => {
    expect(sessionFor(d('2026-03-06'))).toMatchObject({
      open: utc('2026-03-06T14:30Z'),
      close: utc('2026-03-06T21:00Z'),
    });
    expect(sessionFor(d('2026-03-09'))).toMatchObject({
      open: utc('2026-03-09T13:30Z'),
      close: utc('2026-03-09T20:00Z'),
    });
    expect(sessionFor(d('2026-10-30'))).toMatchObject({ open: utc('2026-10-30T13:30Z') });
    expect(sessionFor(d('2026-11-02'))).toMatchObject({
      open: utc('2026-11-02T14:30Z'),
      close: utc('2026-11-02T21:00Z'),
    });
    // Pre-2007 rule: DST started 2006-04-02, so mid-March 2006 was still EST.
    expect(sessionFor(d('2006-03-13'))?.open).toBe(utc('2006-03-13T14:30Z'));
    expect(sessionFor(d('2006-04-03'))?.open).toBe(utc('2006-04-03T13:30Z'));
  });

  it('closes at 13:00 ET on early-close days and has no session on closed days', () => {
    expect(sessionFor(d('2026-11-27'))).toEqual({
      date: '2026-11-27',
      open: utc('2026-11-27T14:30Z'),
      close: utc('2026-11-27T18:00Z'),
      earlyClose: true,
    });
    expect(sessionFor(d('2024-07-03'))?.close).toBe(utc('2024-07-03T17:00Z'));
    expect(sessionFor(d('2026-11-26'))).toBeNull();
    expect(sessionFor(d('2026-03-07'))).toBeNull();
  });

  it('tells whether the market is open at an instant (open inclusive, close exclusive)', () => {
    expect(isMarketOpen(utc('2026-03-09T13:29:59.999Z'))).toBe(false);
    expect(isMarketOpen(utc('2026-03-09T13:30Z'))).toBe(true);
    expect(isMarketOpen(utc('2026-03-09T19:59:59.999Z'))).toBe(true);
    expect(isMarketOpen(utc('2026-03-09T20:00Z'))).toBe(false);
    expect(isMarketOpen(utc('2026-11-27T17:59Z'))).toBe(true);
    expect(isMarketOpen(utc('2026-11-27T18:00Z'))).toBe(false);
    expect(isMarketOpen(utc('2026-11-26T15:00Z'))).toBe(false);
    expect(isMarketOpen(utc('2026-03-07T15:00Z'))).toBe(false);
    expect(() => isMarketOpen(Number.NaN)).toThrow();
  });
});

describe('trading-day arithmetic', () => {
  it('steps over weekends and holidays', () => {
    expect(nextTradingDay(d('2026-04-02'))).toBe('2026-04-06');
    expect(previousTradingDay(d('2026-04-06'))).toBe('2026-04-02');
    expect(nextTradingDay(d('2025-12-31'))).toBe('2026-01-02');
    expect(addTradingDays(d('2026-04-02'), 2)).toBe('2026-04-07');
    expect(addTradingDays(d('2026-04-07'), -2)).toBe('2026-04-02');
    expect(lastTradingDayOfMonth(2026, 1)).toBe('2026-01-30');
    expect(onOrBeforeTradingDay(d('2026-07-04'))).toBe('2026-07-02');
  });

  it('counts trading days in (from, to]', () => {
    expect(tradingDaysBetween(d('2026-04-02'), d('2026-04-06'))).toBe(1);
    expect(tradingDaysBetween(d('2026-04-06'), d('2026-04-02'))).toBe(-1);
    expect(tradingDaysBetween(d('2026-01-01'), d('2026-01-01'))).toBe(0);
    // 2026: 261 weekdays − 10 weekday holidays (all ten fall on weekdays) = 251 sessions.
    expect(tradingDaysBetween(d('2025-12-31'), d('2026-12-31'))).toBe(251);
    expect(tradingDaysInRange(d('2026-01-01'), d('2026-12-31'))).toHaveLength(251);
  });

  const day = fc.integer({ min: toEpochDay(d('1990-03-01')), max: toEpochDay(d('2099-10-31')) }).map(fromEpochDay);

  it('next and previous trading day are inverses (property)', () => {
    fc.assert(
      fc.property(day, (date: IsoDate) => {
        expect(previousTradingDay(nextTradingDay(date))).toBe(onOrBeforeTradingDay(date));
        if (isTradingDay(date)) {
          expect(nextTradingDay(previousTradingDay(date))).toBe(date);
          expect(previousTradingDay(nextTradingDay(date))).toBe(date);
        }
        expect(tradingDaysBetween(date, nextTradingDay(date))).toBe(1);
      }),
    );
  });

  it('trading days between is additive (property)', () => {
    const near = fc.tuple(day, fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 400 }));
    fc.assert(
      fc.property(near, ([a, x, y]) => {
        const b = fromEpochDay(
          Math.min(toEpochDay(d('2099-12-31')), Math.max(toEpochDay(d('1990-01-01')), toEpochDay(a) + x)),
        );
        const c = fromEpochDay(
          Math.min(toEpochDay(d('2099-12-31')), Math.max(toEpochDay(d('1990-01-01')), toEpochDay(a) + y)),
        );
        expect(tradingDaysBetween(a, b) + tradingDaysBetween(b, c)).toBe(tradingDaysBetween(a, c));
      }),
    );
  });

  it('addTradingDays agrees with tradingDaysBetween (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -30, max: 30 }), (date, n) => {
        const start = onOrBeforeTradingDay(date);
        expect(tradingDaysBetween(start, addTradingDays(start, n))).toBe(n);
      }),
    );
  });
});
