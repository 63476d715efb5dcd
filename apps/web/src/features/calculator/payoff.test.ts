import { describe, expect, test } from 'vitest';
import {
  breakevenAtExpiry,
  buildPayoffSeries,
  intrinsicValue,
  payoffExtremes,
  payoffRange,
  priceGrid,
  type PayoffRequest,
} from './payoff';

const request = (overrides: Partial<PayoffRequest> = {}): PayoffRequest => ({
  right: 'call',
  side: 'buy',
  strike: 100,
  premium: 2.5,
  from: 50,
  to: 150,
  ...overrides,
});

const pnlAt = (points: [number, number | null][], S: number) => points.find(([x]) => x === S)?.[1];

describe('intrinsicValue', () => {
  test.each([
    ['call', 110, 10],
    ['call', 90, 0],
    ['put', 90, 10],
    ['put', 110, 0],
  ] as const)('%s at S=%d with K=100 is %d', (right, S, expected) => {
    expect(intrinsicValue(right, S, 100)).toBe(expected);
  });
});

describe('breakevenAtExpiry', () => {
  test('call: strike plus premium; put: strike minus premium', () => {
    expect(breakevenAtExpiry('call', 100, 2.5)).toBe(102.5);
    expect(breakevenAtExpiry('put', 100, 2.5)).toBe(97.5);
  });
  test('a put that costs at least its strike never breaks even', () => {
    expect(breakevenAtExpiry('put', 10, 10)).toBeNull();
  });
});

describe('payoffRange', () => {
  test('is 0.5·K to 1.5·K when the spot and the breakeven lie inside', () => {
    expect(payoffRange(100, 100, 102.5)).toEqual({ from: 50, to: 150 });
  });
  test('widens to show a spot far from the strike', () => {
    const { from, to } = payoffRange(100, 200, 102.5);
    expect(from).toBe(50);
    expect(to).toBeCloseTo(220);
  });
});

describe('priceGrid', () => {
  test('is even from end to end and adds the kinks inside the range', () => {
    const grid = priceGrid(50, 150, 5, [100, 102.5, 400]);
    expect(grid).toEqual([50, 75, 100, 102.5, 125, 150]);
  });
  test('refuses an empty range', () => {
    expect(() => priceGrid(10, 10, 5, [])).toThrow(RangeError);
  });
});

describe('buildPayoffSeries', () => {
  test('a long call loses the premium (×100) below the strike, breaks even at K + premium and gains above', () => {
    const { expiry, breakeven } = buildPayoffSeries(request());
    expect(breakeven).toBe(102.5);
    expect(pnlAt(expiry, 50)).toBe(-250);
    expect(pnlAt(expiry, 100)).toBe(-250);
    expect(pnlAt(expiry, 102.5)).toBeCloseTo(0, 10);
    expect(pnlAt(expiry, 150)).toBe(4750);
  });

  test('a short put is the mirror image of a long put', () => {
    const long = buildPayoffSeries(request({ right: 'put', side: 'buy' }));
    const short = buildPayoffSeries(request({ right: 'put', side: 'sell' }));
    expect(short.breakeven).toBe(97.5);
    expect(pnlAt(short.expiry, 50)).toBe(-4750);
    expect(pnlAt(short.expiry, 150)).toBe(250);
    short.expiry.forEach(([S, pnl], i) => {
      expect(long.expiry[i]?.[0]).toBe(S);
      expect((long.expiry[i]?.[1] ?? Number.NaN) + (pnl ?? Number.NaN)).toBeCloseTo(0, 10);
    });
  });

  test('today uses the given pricer, and a non-finite price leaves a gap', () => {
    const { today } = buildPayoffSeries(
      request({ points: 3, valueToday: (S) => (S === 150 ? Number.NaN : intrinsicValue('call', S, 100) + 1) }),
    );
    expect(today).toEqual([
      [50, -150],
      [100, -150],
      [102.5, 100],
      [150, null],
    ]);
  });

  test('without a pricer there is no today line', () => {
    expect(buildPayoffSeries(request()).today).toBeNull();
  });
});

describe('payoffExtremes', () => {
  test.each([
    ['call', 'buy', null, -250],
    ['call', 'sell', 250, null],
    ['put', 'buy', 9750, -250],
    ['put', 'sell', 250, -9750],
  ] as const)('%s %s: max profit %s, max loss %s per contract', (right, side, maxProfit, maxLoss) => {
    expect(payoffExtremes(right, side, 100, 2.5)).toEqual({ maxProfit, maxLoss });
  });
});
