import { describe, expect, it } from 'vitest';
import { formatJobDuration, formatNewYork, formatRelative } from './job-format';

describe('job formatting', () => {
  it('shows a time on the exchange clock (EST in winter, EDT in summer)', () => {
    expect(formatNewYork('2026-03-02T14:35:00Z')).toBe('Mon, Mar 2, 9:35 AM ET');
    expect(formatNewYork('2026-07-01T13:35:00Z')).toBe('Wed, Jul 1, 9:35 AM ET');
    expect(formatNewYork(null)).toBe('—');
  });

  it('says how far away a time is', () => {
    const now = Date.parse('2026-03-02T14:00:00Z');
    expect(formatRelative('2026-03-02T14:05:00Z', now)).toBe('in 5 min');
    expect(formatRelative('2026-03-02T16:10:00Z', now)).toBe('in 2 h 10 min');
    expect(formatRelative('2026-03-04T15:00:00Z', now)).toBe('in 2 d 1 h');
    expect(formatRelative('2026-03-02T13:57:00Z', now)).toBe('3 min ago');
    expect(formatRelative('2026-03-02T14:00:10Z', now)).toBe('now');
  });

  it('words durations', () => {
    expect(formatJobDuration(null)).toBe('—');
    expect(formatJobDuration(250)).toBe('250 ms');
    expect(formatJobDuration(1_500)).toBe('1.5 s');
    expect(formatJobDuration(125_000)).toBe('2 min 5 s');
  });
});
