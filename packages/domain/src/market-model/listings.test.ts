import { monthlyExpiry, parseIsoDate, weekday } from '../calendar';
import { describe, expect, it } from 'vitest';
import { listedExpirations, strikeGrid } from './listings';

describe('listed expirations', () => {
  it('lists weeklies, Monday/Wednesday expiries, monthlies, quarterlies and January LEAPS for index ETFs', () => {
    const list = listedExpirations('index_etf', parseIsoDate('2026-11-20'));
    expect(list).toContain(monthlyExpiry(2026, 12));
    expect(list).toContain('2026-11-27'); // a weekly (Friday after Thanksgiving is open)
    expect(list).toContain('2026-11-23'); // a Monday
    expect(list).toContain(monthlyExpiry(2027, 10));
    expect(list).toContain('2027-03-31'); // quarterly
    expect(list).toContain(monthlyExpiry(2028, 1)); // LEAPS
    expect(list).toEqual([...list].sort());
  });

  it('lists fewer series for stocks: no Monday/Wednesday, monthlies to ~9 months', () => {
    const list = listedExpirations('stock', parseIsoDate('2026-11-20'));
    expect(list.some((date) => weekday(date) === 1 || weekday(date) === 3)).toBe(false);
    expect(list).toContain(monthlyExpiry(2027, 7));
    expect(list).not.toContain(monthlyExpiry(2027, 10));
    expect(list).toContain(monthlyExpiry(2028, 1));
  });

  it('moves a monthly on Good Friday to the Thursday (through the domain calendar)', () => {
    const list = listedExpirations('index_etf', parseIsoDate('2022-03-01'));
    expect(list).toContain('2022-04-14');
    expect(list).not.toContain('2022-04-15');
  });
});

describe('strike grid', () => {
  it('uses $1 strikes near the money for SPY and a coarser grid further out', () => {
    const strikes = strikeGrid('index_etf', 600.4, 30 / 365, 0.17);
    expect(strikes).toContain(600);
    expect(strikes).toContain(601);
    expect(strikes).not.toContain(501);
    expect(strikes).toContain(520);
    expect(strikes).not.toContain(515);
    expect(Math.min(...strikes)).toBeGreaterThanOrEqual(600.4 * 0.85 - 1e-9);
    expect(Math.max(...strikes)).toBeLessThanOrEqual(600.4 * 1.15 + 1e-9);
  });

  it('uses the coarse increment for long-dated expiries and spans up to ±50%', () => {
    const strikes = strikeGrid('stock', 150, 1.5, 0.3);
    expect(strikes.every((k) => k % 5 === 0)).toBe(true);
    expect(Math.min(...strikes)).toBe(75);
    expect(Math.max(...strikes)).toBe(225);
  });

  it('has $0.50 strikes for low-priced stocks and none at or below 0', () => {
    const strikes = strikeGrid('stock', 12, 30 / 365, 0.4);
    expect(strikes).toContain(12.5);
    expect(strikes.every((k) => k > 0)).toBe(true);
  });
});
