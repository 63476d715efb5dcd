import { describe, expect, it } from 'vitest';
import { type IsoDate, parseIsoDate } from '../calendar';
import {
  callWriteStrike,
  fullyCollateralizedContracts,
  isRollDay,
  monthlyRollDate,
  nextMonthlyExpiry,
  putWriteStrike,
} from './index-roll';

const d = (text: string): IsoDate => parseIsoDate(text);

/** Listed strikes every `step` points from `from` to `to`. */
const grid = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

// Cboe S&P 500 PutWrite Index roll records (certification.cboe.com/us/indices/benchmark_roll_information/, as
// tabulated in ../shared/data/cboe-index-rules.md): roll date, reference SPX before 11:00 ET, the strike written,
// the 11:30–12:00 ET VWAP premium and the number of puts per index unit; T-bill rates are discount rates in percent.
const ROLLS = [
  { date: '2021-02-19', reference: 3926.93, strike: 3925, premium: 69.055735, n: 0.540042673, tbill: 0.0003 },
  { date: '2021-03-19', reference: 3913.49, strike: 3910, premium: null, n: null, tbill: 0.0001 },
  { date: '2021-04-16', reference: 4178.75, strike: 4175, premium: 67.777264, n: 0.523745234, tbill: 0.0002 },
] as const;

describe('roll dates', () => {
  it('is the third Friday of the month', () => {
    expect(monthlyRollDate(2021, 2)).toBe('2021-02-19');
    expect(monthlyRollDate(2021, 3)).toBe('2021-03-19');
    expect(monthlyRollDate(2021, 4)).toBe('2021-04-16');
    for (const roll of ROLLS) expect(isRollDay(d(roll.date))).toBe(true);
  });

  it('moves to the trading day before when the third Friday is a holiday', () => {
    // Good Friday 2022-04-15 was the third Friday of April 2022; NYSE was closed.
    expect(monthlyRollDate(2022, 4)).toBe('2022-04-14');
    expect(isRollDay(d('2022-04-14'))).toBe(true);
    expect(isRollDay(d('2022-04-15'))).toBe(false);
  });

  it('is not any other day', () => {
    expect(isRollDay(d('2021-02-18'))).toBe(false);
    expect(isRollDay(d('2021-02-26'))).toBe(false);
    expect(isRollDay(d('2021-02-12'))).toBe(false);
  });

  it('sells on the next monthly expiration strictly after today', () => {
    expect(nextMonthlyExpiry(d('2021-02-18'))).toBe('2021-02-19');
    expect(nextMonthlyExpiry(d('2021-02-19'))).toBe('2021-03-19'); // on the roll day: next month's
    expect(nextMonthlyExpiry(d('2021-02-20'))).toBe('2021-03-19');
    expect(nextMonthlyExpiry(d('2021-04-16'))).toBe('2021-05-21');
    expect(nextMonthlyExpiry(d('2022-03-18'))).toBe('2022-04-14');
    expect(nextMonthlyExpiry(d('2021-12-17'))).toBe('2022-01-21'); // across the year
    expect(nextMonthlyExpiry(d('2021-12-31'))).toBe('2022-01-21');
  });
});

describe('strike rules', () => {
  it('writes the put at the highest listed strike at or below the reference, as Cboe PUT did', () => {
    for (const roll of ROLLS) {
      const strikes = grid(roll.strike - 50, roll.strike + 50, 5);
      expect(putWriteStrike(strikes, roll.reference, 'at_or_below'), roll.date).toBe(roll.strike);
    }
  });

  it('differs from the nearest strike when the strike above is closer', () => {
    // March 2021: 3915 was 1.51 away, 3910 3.49; April 2021: 4180 was 1.25 away, 4175 3.75.
    expect(putWriteStrike(grid(3850, 3950, 5), 3913.49, 'nearest')).toBe(3915);
    expect(putWriteStrike(grid(4100, 4250, 5), 4178.75, 'nearest')).toBe(4180);
    expect(putWriteStrike(grid(3850, 4000, 5), 3926.93, 'nearest')).toBe(3925);
  });

  it('takes a strike equal to the reference, breaks ties out of the money, and finds none outside the grid', () => {
    expect(putWriteStrike([95, 100, 105], 100, 'at_or_below')).toBe(100);
    expect(callWriteStrike([95, 100, 105], 100, 'at_or_above')).toBe(100);
    expect(putWriteStrike([95, 100], 97.5, 'nearest')).toBe(95);
    expect(callWriteStrike([95, 100], 97.5, 'nearest')).toBe(100);
    expect(putWriteStrike([105, 110], 101, 'at_or_below')).toBeNull();
    expect(callWriteStrike([90, 95], 101, 'at_or_above')).toBeNull();
    expect(putWriteStrike([], 101, 'nearest')).toBeNull();
  });

  it('writes the call at the lowest listed strike at or above the reference (Cboe BXM)', () => {
    expect(callWriteStrike(grid(3850, 4000, 5), 3926.93, 'at_or_above')).toBe(3930);
    expect(callWriteStrike(grid(3850, 4000, 5), 3913.49, 'at_or_above')).toBe(3915);
    expect(callWriteStrike(grid(4100, 4250, 5), 4178.75, 'nearest')).toBe(4180);
    expect(callWriteStrike(grid(3850, 4000, 5), 3926.93, 'nearest')).toBe(3925);
  });
});

describe('full collateral', () => {
  it('matches the index levels the Cboe roll records imply', () => {
    // With N·K covered at expiry, N·(K − P) ≈ M, the index value before the sale: ≈ 2082 (Feb 2021), ≈ 2151 (Apr 2021).
    const [feb, , apr] = ROLLS;
    expect(Math.abs((feb.n * (feb.strike - feb.premium)) / 2082 - 1)).toBeLessThan(0.01);
    expect(Math.abs((apr.n * (apr.strike - apr.premium)) / 2151 - 1)).toBeLessThan(0.01);
  });

  it('gives back the records’ number of puts from those index levels', () => {
    // Feb 19 → Mar 19 2021 is 28 days, Apr 16 → May 21 35; the 1-month T-bill rate of the record grows the cash.
    // N = M/K (the premium left out) would be 1.8% short in February: the tolerance tells the two apart.
    const feb = fullyCollateralizedContracts({
      netLiquidation: 2082,
      strike: 3925,
      premium: 69.055735,
      rate: 0.0003,
      years: 28 / 365,
      multiplier: 1,
    });
    expect(feb.exact / 0.540042673).toBeCloseTo(1, 3);
    expect(feb.contracts).toBe(0); // whole contracts: a fraction of a put is not sold
    const apr = fullyCollateralizedContracts({
      netLiquidation: 2151,
      strike: 4175,
      premium: 67.777264,
      rate: 0.0002,
      years: 35 / 365,
      multiplier: 1,
    });
    expect(apr.exact / 0.523745234).toBeCloseTo(1, 3);
  });

  it('solves (M + N·P·m)·g = N·K·m and floors it', () => {
    // g = e^(0.04 × 28/365) = 1.0030732; N = 1,500,000 × g / ((5010 − 80.5 × g) × 100) = 3.0524.
    const count = fullyCollateralizedContracts({
      netLiquidation: 1_500_000,
      strike: 5010,
      premium: 80.5,
      rate: 0.04,
      years: 28 / 365,
      multiplier: 100,
    });
    expect(count.growth).toBeCloseTo(1.0030732, 7);
    expect(count.exact).toBeCloseTo(3.0524, 4);
    expect(count.contracts).toBe(3);
    const { exact, growth } = count;
    expect((1_500_000 + exact * 80.5 * 100) * growth).toBeCloseTo(exact * 5010 * 100, 4);
    // An exact whole number is not floored below itself by rounding.
    const whole = fullyCollateralizedContracts({
      netLiquidation: 4900 * 100 * 2,
      strike: 5000,
      premium: 100,
      rate: 0,
      years: 0.1,
      multiplier: 100,
    });
    expect(whole.contracts).toBe(2);
  });

  it('refuses inputs with no answer', () => {
    const base = { netLiquidation: 100_000, strike: 100, premium: 2, rate: 0.04, years: 0.1, multiplier: 100 };
    expect(() => fullyCollateralizedContracts({ ...base, premium: 100 })).toThrow(RangeError);
    expect(() => fullyCollateralizedContracts({ ...base, strike: 0 })).toThrow(RangeError);
    expect(() => fullyCollateralizedContracts({ ...base, rate: Number.NaN })).toThrow(RangeError);
    expect(fullyCollateralizedContracts({ ...base, netLiquidation: -5 }).contracts).toBe(0);
  });
});
