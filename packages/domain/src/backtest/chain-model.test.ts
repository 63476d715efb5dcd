import { describe, expect, it } from 'vitest';
import { REGULAR_CLOSE_MINUTE, newYorkToUtc, parseIsoDate, yearFractionToExpiry } from '../calendar';
import { price } from '../pricing/api';
import type { ChainRequest } from '../strategies/types';
import { DEFAULT_SKEW, type DaySurface, modelChain, modelValue, quotedChain, surfaceVol } from './chain-model';

const date = parseIsoDate('2021-03-01');
const nowMs = newYorkToUtc(date, REGULAR_CLOSE_MINUTE);

function surface(overrides: Partial<DaySurface> = {}): DaySurface {
  return {
    symbol: 'KO',
    kind: 'stock',
    date,
    nowMs,
    spot: 50,
    level: { atm30: 0.2, longRun: 0.2 },
    rate: 0.01,
    dividendYield: 0.03,
    skew: DEFAULT_SKEW.stock,
    yearsTo: (expiry) => yearFractionToExpiry(nowMs, expiry),
    ...overrides,
  };
}

const request: ChainRequest = {
  symbol: 'KO',
  rights: ['put'],
  minDte: 25,
  maxDte: 50,
  minMoneyness: 0.8,
  maxMoneyness: 1.02,
};

describe('model chains', () => {
  it('lists only what the request covers, with bid ≤ model ≤ ask and Black-Scholes deltas', () => {
    const chain = modelChain(surface(), request, 1);
    expect(chain.length).toBeGreaterThan(5);
    for (const q of chain) {
      const dte = (Date.parse(q.expiry) - Date.parse(date)) / 86_400_000;
      expect(dte).toBeGreaterThanOrEqual(25);
      expect(dte).toBeLessThanOrEqual(50);
      expect(q.right).toBe('put');
      expect(q.strike / 50).toBeGreaterThanOrEqual(0.8);
      expect(q.strike / 50).toBeLessThanOrEqual(1.02);
      const model = modelValue(surface(), q.expiry, q.strike, 'put');
      expect(q.bid!).toBeLessThanOrEqual(model + 1e-9);
      expect(q.ask!).toBeGreaterThanOrEqual(model - 1e-9);
      expect(q.delta!).toBeLessThan(0);
      expect(q.iv).toBeCloseTo(surfaceVol(surface(), q.expiry, q.strike), 12);
    }
  });

  it('prices puts richer below the money (skew) and reproduces Black-Scholes at the surface vol', () => {
    const s = surface();
    const expiry = parseIsoDate('2021-04-16');
    expect(surfaceVol(s, expiry, 40)).toBeGreaterThan(surfaceVol(s, expiry, 50));
    const T = s.yearsTo(expiry);
    const sigma = surfaceVol(s, expiry, 45);
    const bs = price({ right: 'put', S: 50, K: 45, T, r: 0.01, q: 0.03, sigma });
    expect(modelValue(s, expiry, 45, 'put')).toBeCloseTo(bs, 12);
    // At or after expiry: intrinsic value only.
    expect(modelValue(s, parseIsoDate('2021-03-01'), 55, 'put')).toBeCloseTo(5, 12);
  });

  it('gives the same chain for the same seed (liquidity noise is seeded)', () => {
    expect(modelChain(surface(), request, 3)).toEqual(modelChain(surface(), request, 3));
  });

  it('lists 5-point strikes for a cash-settled index above 1,000', () => {
    const chain = modelChain(
      surface({ symbol: 'SPX', kind: 'index_etf', spot: 3912.4, yearsTo: (e) => yearFractionToExpiry(nowMs, e, 'am') }),
      { ...request, symbol: 'SPX', minMoneyness: 0.97, maxMoneyness: 1.0 },
      1,
    );
    expect(chain.length).toBeGreaterThan(0);
    for (const q of chain) expect(q.strike % 5).toBe(0);
  });

  it('turns real quotes into the same shape, computing a missing delta from the quote’s IV', () => {
    const quotes = quotedChain(
      surface(),
      [
        {
          symbol: 'KO',
          quoteDate: date,
          expiry: parseIsoDate('2021-04-16'),
          strike: 48,
          right: 'put',
          bid: 0.9,
          ask: 1.0,
          last: null,
          iv: 0.21,
          delta: null,
          volume: 10,
          openInterest: 100,
        },
        {
          symbol: 'KO',
          quoteDate: date,
          expiry: parseIsoDate('2021-04-16'),
          strike: 30,
          right: 'put',
          bid: 0,
          ask: 0.05,
          last: null,
          iv: null,
          delta: null,
          volume: null,
          openInterest: null,
        },
      ],
      request,
    );
    // The 30 strike is outside the request's moneyness band.
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ strike: 48, bid: 0.9, ask: 1.0, multiplier: 100 });
    expect(quotes[0]!.delta!).toBeLessThan(-0.2);
    expect(quotes[0]!.delta!).toBeGreaterThan(-0.6);
  });
});
