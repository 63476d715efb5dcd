import { describe, expect, it } from 'vitest';
import { type PayoffLeg, breakevens, coveredCallBreakeven, expiryProfit, singleLegBreakeven } from './breakevens';

describe('breakevens', () => {
  it('of single legs, exactly', () => {
    expect(singleLegBreakeven('put', 190, 2.35)).toBe(187.65);
    expect(singleLegBreakeven('call', 190, 2.35)).toBe(192.35);
    expect(coveredCallBreakeven(50.25, 1.1)).toBe(49.15);
    expect(breakevens([{ kind: 'put', strike: 190, quantity: -1, premium: 2.35 }])).toEqual([187.65]);
    expect(breakevens([{ kind: 'call', strike: 0.5, quantity: 1, premium: 0.07 }])).toEqual([0.57]);
  });

  it('of combos', () => {
    const ironCondor: PayoffLeg[] = [
      { kind: 'put', strike: 90, quantity: 1, premium: 0.4 },
      { kind: 'put', strike: 95, quantity: -1, premium: 1.2 },
      { kind: 'call', strike: 105, quantity: -1, premium: 1.1 },
      { kind: 'call', strike: 110, quantity: 1, premium: 0.4 },
    ];
    expect(breakevens(ironCondor)).toEqual([93.5, 106.5]);
    expect(expiryProfit(ironCondor, 100)).toBe(1.5);
    expect(expiryProfit(ironCondor, 80)).toBe(-3.5);

    const straddle: PayoffLeg[] = [
      { kind: 'call', strike: 100, quantity: 1, premium: 3 },
      { kind: 'put', strike: 100, quantity: 1, premium: 2.5 },
    ];
    expect(breakevens(straddle)).toEqual([94.5, 105.5]);

    const coveredCall: PayoffLeg[] = [
      { kind: 'stock', quantity: 1, price: 50.25 },
      { kind: 'call', strike: 55, quantity: -1, premium: 1.1 },
    ];
    expect(breakevens(coveredCall)).toEqual([49.15]);

    const ratio: PayoffLeg[] = [
      { kind: 'call', strike: 100, quantity: 1, premium: 3 },
      { kind: 'call', strike: 105, quantity: -2, premium: 1.2 },
    ];
    // Debit 0.6: breakevens 100.6 and, above 105, 105 + (5 − 0.6) = 109.4.
    expect(breakevens(ratio)).toEqual([100.6, 109.4]);

    // Rounds to the micro-unit where the root is not a whole number of them: credit 1.0, slope 3 between 9 and 10.
    const thirds: PayoffLeg[] = [
      { kind: 'put', strike: 10, quantity: -3, premium: 0.5 },
      { kind: 'put', strike: 9, quantity: 1, premium: 0.5 },
    ];
    expect(breakevens(thirds)).toEqual([9.666667]);
  });

  it('returns none for a position that never loses, reports flat-zero segments by their ends, refuses bad legs', () => {
    const arbitrage: PayoffLeg[] = [
      { kind: 'put', strike: 100, quantity: 1, premium: 1 },
      { kind: 'put', strike: 95, quantity: -1, premium: 2 },
    ];
    expect(breakevens(arbitrage)).toEqual([]);
    expect(breakevens([{ kind: 'put', strike: 100, quantity: -1, premium: 0 }])).toEqual([100]);
    expect(breakevens([{ kind: 'call', strike: 100, quantity: 1, premium: 0 }])).toEqual([0, 100]);
    expect(() => breakevens([])).toThrow(RangeError);
    expect(() => breakevens([{ kind: 'call', strike: 100, quantity: 1.5, premium: 1 }])).toThrow(RangeError);
    expect(() => breakevens([{ kind: 'call', strike: Number.NaN, quantity: 1, premium: 1 }])).toThrow(RangeError);
  });
});
