import { describe, expect, it } from 'vitest';
import { parseIsoDate as d } from './iso-date';
import {
  describeSchedule,
  InvalidScheduleError,
  latestOccurrenceBetween,
  nextOccurrence,
  nyTime,
  occurrencesOn,
  validateSchedule,
  type MarketSchedule,
} from './market-schedule';

const preOpen: MarketSchedule = { kind: 'session', anchor: 'open', offsetMinutes: -45, days: 'trading' };
const beforeExpiryClose: MarketSchedule = { kind: 'session', anchor: 'close', offsetMinutes: -20, days: 'expiry' };
const risk: MarketSchedule = { kind: 'intraday', everyMinutes: 5, startOffsetMinutes: 0, days: 'trading' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('market schedule', () => {
  it('runs 45 minutes before the open in New York time, across the DST change', () => {
    // 2026-03-06 is EST (UTC−5), 2026-03-09 EDT (UTC−4): the same wall time, an hour apart in UTC.
    expect(iso(nextOccurrence(preOpen, Date.parse('2026-03-06T00:00:00Z')))).toBe('2026-03-06T13:45:00.000Z');
    expect(iso(nextOccurrence(preOpen, Date.parse('2026-03-07T00:00:00Z')))).toBe('2026-03-09T12:45:00.000Z');
  });

  it('skips the Thanksgiving holiday and weekends', () => {
    // Wednesday 2026-11-25 after its run → Friday 2026-11-27 (Thursday is closed).
    const after = nyTime(d('2026-11-25'), 9, 0);
    expect(nextOccurrence(preOpen, after)).toBe(nyTime(d('2026-11-27'), 8, 45));
    expect(occurrencesOn(preOpen, d('2026-11-26'))).toEqual([]);
    expect(occurrencesOn(preOpen, d('2026-11-28'))).toEqual([]);
  });

  it('moves a close-anchored run with an early close (13:00 the day after Thanksgiving)', () => {
    expect(occurrencesOn(beforeExpiryClose, d('2026-11-27'))).toEqual([nyTime(d('2026-11-27'), 12, 40)]);
    expect(occurrencesOn(beforeExpiryClose, d('2026-11-20'))).toEqual([nyTime(d('2026-11-20'), 15, 40)]);
  });

  it('runs expiry-day jobs on Fridays, or on Thursday when Friday is a holiday', () => {
    // Good Friday 2026-04-03 is closed: that week's options expire on Thursday 2026-04-02.
    expect(occurrencesOn(beforeExpiryClose, d('2026-04-02'))).toHaveLength(1);
    expect(occurrencesOn(beforeExpiryClose, d('2026-04-03'))).toEqual([]);
    expect(occurrencesOn(beforeExpiryClose, d('2026-04-01'))).toEqual([]);
    expect(nextOccurrence(beforeExpiryClose, nyTime(d('2026-03-30'), 0))).toBe(nyTime(d('2026-04-02'), 15, 40));
  });

  it('intraday: every 5 minutes from the open, the close excluded; 78 runs on a full day, 42 on an early close', () => {
    const full = occurrencesOn(risk, d('2026-11-20'));
    expect(full).toHaveLength(78);
    expect(full[0]).toBe(nyTime(d('2026-11-20'), 9, 30));
    expect(full.at(-1)).toBe(nyTime(d('2026-11-20'), 15, 55));
    expect(occurrencesOn(risk, d('2026-11-27'))).toHaveLength(42);
    const scans: MarketSchedule = { kind: 'intraday', everyMinutes: 60, startOffsetMinutes: 15, days: 'trading' };
    expect(occurrencesOn(scans, d('2026-11-20')).map((at) => iso(at).slice(11, 16))).toEqual([
      '14:45',
      '15:45',
      '16:45',
      '17:45',
      '18:45',
      '19:45',
      '20:45',
    ]);
  });

  it('next occurrence is strictly after the instant given', () => {
    const at = nyTime(d('2026-11-20'), 10, 0);
    expect(nextOccurrence(risk, at)).toBe(nyTime(d('2026-11-20'), 10, 5));
    expect(nextOccurrence(risk, at - 1)).toBe(at);
    // After the last run of a Friday: Monday's open.
    expect(nextOccurrence(risk, nyTime(d('2026-11-20'), 15, 55))).toBe(nyTime(d('2026-11-23'), 9, 30));
  });

  it('the latest missed occurrence after downtime, or none', () => {
    const down = nyTime(d('2026-11-20'), 8, 0);
    const up = nyTime(d('2026-11-24'), 7, 0);
    expect(latestOccurrenceBetween(preOpen, down, up)).toBe(nyTime(d('2026-11-23'), 8, 45));
    expect(latestOccurrenceBetween(preOpen, nyTime(d('2026-11-21'), 0), nyTime(d('2026-11-22'), 0))).toBeNull();
  });

  it('describes itself in words and refuses nonsense', () => {
    expect(describeSchedule(preOpen)).toBe('45 min before the open, trading days (ET)');
    expect(describeSchedule({ kind: 'session', anchor: 'close', offsetMinutes: 90, days: 'expiry' })).toBe(
      '1 h 30 min after the close, expiry days (ET)',
    );
    expect(describeSchedule(risk)).toBe('every 5 min during the session, trading days');
    expect(() => validateSchedule({ ...risk, everyMinutes: 0 })).toThrow(InvalidScheduleError);
    expect(() => validateSchedule({ ...preOpen, offsetMinutes: 1.5 })).toThrow(InvalidScheduleError);
  });
});
