import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate } from '../calendar';
import type { MarginMarket, MarginPosition } from './margin';
import { maxLossByUnderlier } from './max-loss';

const expiry = '2026-04-17' as IsoDate;
const later = '2027-01-15' as IsoDate;
const market: MarginMarket = {
  nowMs: newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60),
  spot: (symbol) => ({ KO: 100, SPY: 500 })[symbol] ?? null,
  kind: () => 'stock',
  vol: () => 0.25,
  rate: 0.04,
  dividendYield: () => 0,
};
const stock = (quantity: number, mark: number | null = 100, symbol = 'KO'): MarginPosition => ({
  symbol,
  quantity,
  mark,
  instrument: { kind: 'stock' },
});
const option = (
  right: 'call' | 'put',
  strike: number,
  quantity: number,
  mark: number | null,
  on: IsoDate = expiry,
): MarginPosition => ({
  symbol: 'KO',
  quantity,
  mark,
  instrument: { kind: 'option', right, strike, expiry: on, multiplier: 100 },
});
const only = (positions: MarginPosition[]) => {
  const result = maxLossByUnderlier(positions, market);
  expect(result).toHaveLength(1);
  return result[0]!;
};

describe('maxLossByUnderlier', () => {
  it('short put: the strike less the premium', () => {
    // −200 today; worth −9,500 at S = 0.
    expect(only([option('put', 95, -1, 2)])).toEqual({
      symbol: 'KO',
      maxLoss: 9300,
      definedRisk: true,
      reason: "Worst case at expiry: KO at 0.00 (now 100.00), worth -9,500.00 against -200.00 at today's marks",
    });
  });

  it('bull put spread: the width less the credit', () => {
    const result = only([option('put', 95, -1, 2), option('put', 90, 1, 0.8)]);
    expect(result.maxLoss).toBe(380); // (5 − 1.20) × 100
    expect(result.reason).toContain('KO at or below 90.00');
  });

  it('covered call: the stock to zero, less the premium', () => {
    expect(only([stock(100), option('call', 110, -1, 1.5)]).maxLoss).toBe(9850); // 100 × 100 − 150
  });

  it('iron condor: the wider loss side less the credit', () => {
    // Credit 2 − 0.80 + 1.50 − 0.60 = 2.10; 5 wide: 500 − 210.
    const result = only([
      option('put', 95, -1, 2),
      option('put', 90, 1, 0.8),
      option('call', 105, -1, 1.5),
      option('call', 110, 1, 0.6),
    ]);
    expect(result.maxLoss).toBe(290);
    expect(result.definedRisk).toBe(true);
  });

  it('long call and long stock: what was paid', () => {
    expect(only([option('call', 105, 1, 3)])).toMatchObject({ maxLoss: 300, definedRisk: true });
    expect(only([option('call', 105, 1, 3)]).reason).toContain('KO at or below 105.00');
    expect(only([stock(100)])).toMatchObject({ maxLoss: 10000, definedRisk: true });
  });

  it('values a diagonal at intrinsic only (conservative)', () => {
    // Long 90 call (later) at 14, short 105 call at 1.50: 1,250 today, worth 0 at or below 90.
    expect(only([option('call', 90, 1, 14, later), option('call', 105, -1, 1.5)]).maxLoss).toBe(1250);
  });

  it('has no bound with uncovered short calls or short stock', () => {
    expect(only([option('call', 110, -2, 1.5)])).toEqual({
      symbol: 'KO',
      maxLoss: null,
      definedRisk: false,
      reason: '2 uncovered short calls: the loss grows without limit as KO rises',
    });
    expect(only([stock(100), option('call', 110, -2, 1.5)]).reason).toBe(
      '1 uncovered short call: the loss grows without limit as KO rises',
    );
    expect(only([stock(-100)]).reason).toBe('100 shares short: the loss grows without limit as KO rises');
    // A long call caps short stock.
    expect(only([stock(-100), option('call', 110, 1, 1)])).toMatchObject({ maxLoss: -9900 + 11000, definedRisk: true });
  });

  it('is null with an unknown mark, risk still classified', () => {
    expect(only([option('put', 95, -1, null)])).toEqual({
      symbol: 'KO',
      maxLoss: null,
      definedRisk: true,
      reason: 'KO 95 put 2026-04-17: mark unknown',
    });
    expect(only([option('call', 95, -1, null)]).definedRisk).toBe(false);
  });

  it('gives one entry per live underlier, sorted', () => {
    const result = maxLossByUnderlier([stock(10, 500, 'SPY'), option('put', 95, -1, 2), stock(0, 50, 'AAPL')], market);
    expect(result.map((r) => [r.symbol, r.maxLoss])).toEqual([
      ['KO', 9300],
      ['SPY', 5000],
    ]);
  });
});
