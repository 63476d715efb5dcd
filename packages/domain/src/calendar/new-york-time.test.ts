import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidDateError, fromEpochDay, parseIsoDate as d, toEpochDay } from './iso-date';
import { newYorkDateOf, newYorkDstDates, newYorkOffsetAt, newYorkToUtc, utcToNewYork } from './new-york-time';

describe('America/New_York by the US DST rule', () => {
  it('uses the 2007+ rule: second Sunday of March to first Sunday of November', () => {
    expect(newYorkDstDates(2026)).toEqual({ start: '2026-03-08', end: '2026-11-01' });
    expect(newYorkDstDates(2007)).toEqual({ start: '2007-03-11', end: '2007-11-04' });
    expect(newYorkDstDates(2024)).toEqual({ start: '2024-03-10', end: '2024-11-03' });
  });

  it('uses the 1987–2006 rule: first Sunday of April to last Sunday of October', () => {
    expect(newYorkDstDates(2006)).toEqual({ start: '2006-04-02', end: '2006-10-29' });
    expect(newYorkDstDates(1990)).toEqual({ start: '1990-04-01', end: '1990-10-28' });
    expect(() => newYorkDstDates(1986)).toThrow(InvalidDateError);
  });

  it('switches at 02:00 local time', () => {
    // 2026-03-08 02:00 EST = 07:00Z; 2026-11-01 02:00 EDT = 06:00Z.
    expect(newYorkOffsetAt(Date.UTC(2026, 2, 8, 6, 59, 59, 999))).toBe(-300);
    expect(newYorkOffsetAt(Date.UTC(2026, 2, 8, 7))).toBe(-240);
    expect(newYorkOffsetAt(Date.UTC(2026, 10, 1, 5, 59, 59, 999))).toBe(-240);
    expect(newYorkOffsetAt(Date.UTC(2026, 10, 1, 6))).toBe(-300);
  });

  it('converts wall times, resolving the skipped and repeated hours like Temporal "compatible"', () => {
    expect(newYorkToUtc(d('2026-07-01'), 9 * 60 + 30)).toBe(Date.UTC(2026, 6, 1, 13, 30));
    expect(newYorkToUtc(d('2026-01-02'), 9 * 60 + 30)).toBe(Date.UTC(2026, 0, 2, 14, 30));
    // 02:30 does not exist on 2026-03-08: read as 03:30 EDT.
    expect(newYorkToUtc(d('2026-03-08'), 150)).toBe(Date.UTC(2026, 2, 8, 7, 30));
    // 01:30 happens twice on 2026-11-01: the earlier (EDT) instant.
    expect(newYorkToUtc(d('2026-11-01'), 90)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(utcToNewYork(Date.UTC(2026, 0, 1, 3))).toEqual({
      date: '2025-12-31',
      minuteOfDay: 22 * 60,
      offsetMinutes: -300,
    });
    expect(newYorkDateOf(Date.UTC(2026, 6, 1, 3, 59))).toBe('2026-06-30');
  });

  it('round-trips wall time ↔ instant away from the 01:00–03:00 switch hours (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay(d('1990-01-01')), max: toEpochDay(d('2099-12-31')) }),
        fc.integer({ min: 3 * 60, max: 24 * 60 - 1 }),
        (day, minute) => {
          const date = fromEpochDay(day);
          const wall = utcToNewYork(newYorkToUtc(date, minute));
          expect(wall.date).toBe(date);
          expect(wall.minuteOfDay).toBe(minute);
        },
      ),
    );
  });
});
