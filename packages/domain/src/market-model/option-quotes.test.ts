import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liquidity, marketAround, spreadWidth, tickCents } from './option-quotes';

const onTick = (price: number, cents: number) =>
  Math.abs(Math.round(price * 100) - price * 100) < 1e-6 && Math.round(price * 100) % cents === 0;

describe('option markets', () => {
  it('quotes bid ≤ model ≤ ask on ticks, never a negative bid, a mark only with a bid', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.constantFrom('index_etf' as const, 'stock' as const),
        (model, half, kind) => {
          const { bid, ask, mark } = marketAround(model, half, kind);
          const tick = tickCents(kind, model);
          expect(bid).toBeGreaterThanOrEqual(0);
          expect(bid).toBeLessThanOrEqual(model + 1e-9);
          expect(ask).toBeGreaterThanOrEqual(model - 1e-9);
          expect(ask).toBeGreaterThan(bid);
          expect(onTick(bid, tick) && onTick(ask, tick)).toBe(true);
          if (bid > 0) {
            expect(mark).toBeCloseTo((bid + ask) / 2, 9);
            expect(Math.abs((mark ?? NaN) - model)).toBeLessThanOrEqual(tick / 200 + 1e-9);
          } else expect(mark).toBeNull();
        },
      ),
    );
  });

  it('uses $0.05 ticks for stock options from $3 and pennies for index ETFs', () => {
    expect(marketAround(5.03, 0.05, 'stock')).toEqual({ bid: 5, ask: 5.1, mark: 5.05 });
    expect(marketAround(5.03, 0.05, 'index_etf')).toEqual({ bid: 4.98, ask: 5.08, mark: 5.03 });
    expect(marketAround(0.004, 0.02, 'index_etf')).toEqual({ bid: 0, ask: 0.02, mark: null });
  });

  it('widens the spread away from the money, near expiry and in thin contracts', () => {
    const base = { kind: 'index_etf' as const, modelPrice: 2, z: 0, dte: 30, dailyVolume: 1000 };
    expect(spreadWidth({ ...base, z: -2 })).toBeGreaterThan(spreadWidth(base));
    expect(spreadWidth({ ...base, dte: 1 })).toBeGreaterThan(spreadWidth(base));
    expect(spreadWidth({ ...base, dailyVolume: 5 })).toBeGreaterThan(spreadWidth(base));
    expect(spreadWidth({ ...base, kind: 'stock' })).toBeGreaterThan(spreadWidth(base));
  });

  it('concentrates open interest at the money and volume in near-dated contracts', () => {
    const at = (z: number, dte: number) =>
      liquidity({ seed: 1, key: 'k', epochDay: 20000, baseOpenInterest: 10_000, z, dte, monthly: true });
    expect(at(0, 30).openInterest).toBeGreaterThan(at(3, 30).openInterest);
    expect(at(0, 3).dailyVolume).toBeGreaterThan(at(0, 200).dailyVolume);
    expect(at(0, 30)).toEqual(at(0, 30));
  });
});
