import { describe, expect, it } from 'vitest';
import { greeks, greeksBatch, impliedVol, impliedVolBatch, impliedVolResult, ivReason, price, priceBatch } from './api';
import { bsmGreeks, bsmPrice } from './black-scholes';

// Hull, Example 15.6 (S=42, K=40, r=0.10, σ=0.20, T=0.5): call 4.76.
const hull = { right: 'call' as const, S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 };

describe('pricing API (European by default)', () => {
  it('price/greeks default to the European engine, also with style: european', () => {
    expect(price(hull)).toBe(bsmPrice(hull));
    expect(price(hull, { style: 'european' })).toBe(bsmPrice(hull));
    expect(greeks(hull)).toEqual(bsmGreeks(hull));
    expect(Math.abs(price(hull) - 4.76)).toBeLessThan(0.005);
  });

  it('impliedVol and impliedVolResult agree, NaN with a reason outside the bounds', () => {
    const p = price(hull);
    expect(Math.abs(impliedVol({ ...hull, price: p }) - 0.2)).toBeLessThan(1e-14);
    expect(impliedVolResult({ ...hull, price: 43 })).toEqual({ ok: false, iv: NaN, reason: 'above_maximum' });
    expect(impliedVol({ ...hull, price: 1 })).toBeNaN();
  });

  it('batch forms equal the scalar forms elementwise', () => {
    const K = Float64Array.of(30, 38, 40, 42, 50, 70);
    const right = Int8Array.of(1, 0, 1, 0, 1, 0);
    const sigma = Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
    const input = { right, S: 42, K, T: 0.5, r: 0.1, q: 0.02, sigma };
    const prices = priceBatch(input);
    const g = greeksBatch(input);
    const reasons = new Uint8Array(K.length);
    const ivs = impliedVolBatch({ ...input, price: prices }, undefined, { reasons });
    for (let i = 0; i < K.length; i++) {
      const one = {
        right: right[i] === 1 ? ('call' as const) : ('put' as const),
        S: 42,
        K: K[i]!,
        T: 0.5,
        r: 0.1,
        q: 0.02,
        sigma: sigma[i]!,
      };
      expect(prices[i]).toBe(price(one));
      expect(g.delta[i]).toBe(greeks(one).delta);
      expect(ivs[i]).toBe(impliedVol({ ...one, price: prices[i]! }));
      expect(ivReason(reasons[i]!)).toBe('ok');
    }
  });
});
