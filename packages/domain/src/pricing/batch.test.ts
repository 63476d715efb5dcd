import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { europeanGreeksBatch, europeanImpliedVolBatch, europeanPriceBatch } from './batch';
import { bsmGreeks, bsmPrice } from './black-scholes';
import { europeanImpliedVolResult, ivReason } from './implied-vol';
import type { OptionRight } from './types';

const columns = fc.integer({ min: 1, max: 200 }).chain((n) =>
  fc.record({
    right: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
    S: fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: n, maxLength: n }),
    K: fc.array(fc.double({ min: 1, max: 800, noNaN: true }), { minLength: n, maxLength: n }),
    T: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
    sigma: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
    // Prices as a fraction of spot: some fall outside the bounds on purpose.
    price: fc.array(fc.double({ min: -0.01, max: 1.2, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);

const rightOf = (code: number | undefined): OptionRight => (code === 1 ? 'call' : 'put');

describe('batch API equals the scalar API elementwise', () => {
  it('greeksBatch and priceBatch (per-contract columns, broadcast r and q)', () => {
    fc.assert(
      fc.property(columns, (c) => {
        const input = {
          right: Int8Array.from(c.right),
          S: Float64Array.from(c.S),
          K: Float64Array.from(c.K),
          T: Float64Array.from(c.T),
          r: 0.04,
          q: 0.01,
          sigma: Float64Array.from(c.sigma),
        };
        const out = europeanGreeksBatch(input);
        const prices = europeanPriceBatch(input, new Float64Array(c.S.length));
        for (let i = 0; i < c.S.length; i++) {
          const one = {
            right: rightOf(c.right[i]),
            S: c.S[i]!,
            K: c.K[i]!,
            T: c.T[i]!,
            r: 0.04,
            q: 0.01,
            sigma: c.sigma[i]!,
          };
          const g = bsmGreeks(one);
          expect(prices[i]).toBe(bsmPrice(one));
          expect(out.price[i]).toBe(bsmPrice(one));
          expect([
            out.delta[i],
            out.gamma[i],
            out.vega[i],
            out.theta[i],
            out.thetaPerDay[i],
            out.rho[i],
            out.dividendRho[i],
          ]).toEqual([g.delta, g.gamma, g.vega, g.theta, g.thetaPerDay, g.rho, g.dividendRho]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('impliedVolBatch with reasons (Uint8Array rights)', () => {
    fc.assert(
      fc.property(columns, (c) => {
        const n = c.S.length;
        const price = Float64Array.from(c.price, (p, i) => p * c.S[i]!);
        const reasons = new Uint8Array(n);
        const T = Float64Array.from(c.T);
        const iv = europeanImpliedVolBatch(
          {
            right: Uint8Array.from(c.right),
            S: Float64Array.from(c.S),
            K: Float64Array.from(c.K),
            T,
            r: 0.04,
            q: 0.01,
            price,
          },
          new Float64Array(n),
          reasons,
        );
        for (let i = 0; i < n; i++) {
          const res = europeanImpliedVolResult({
            right: rightOf(c.right[i]),
            S: c.S[i]!,
            K: c.K[i]!,
            T: T[i]!,
            r: 0.04,
            q: 0.01,
            price: price[i]!,
          });
          expect(iv[i]).toBe(res.iv);
          expect(ivReason(reasons[i]!)).toBe(res.ok ? 'ok' : res.reason);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a single right and scalar columns broadcast; outputs are written in place', () => {
    const out = new Float64Array(3);
    const res = europeanImpliedVolBatch(
      {
        right: 'put',
        S: 100,
        K: Float64Array.of(90, 100, 110),
        T: 0.5,
        r: 0.03,
        q: 0,
        price: Float64Array.of(1, 5, 12),
      },
      out,
    );
    expect(res).toBe(out);
    expect(res[1]).toBe(europeanImpliedVolResult({ right: 'put', S: 100, K: 100, T: 0.5, r: 0.03, q: 0, price: 5 }).iv);
  });

  it('rejects columns of different lengths and short outputs (caller bugs)', () => {
    expect(() =>
      europeanPriceBatch({
        right: 'call',
        S: new Float64Array(2),
        K: new Float64Array(3),
        T: 1,
        r: 0,
        q: 0,
        sigma: 0.2,
      }),
    ).toThrow(RangeError);
    expect(() =>
      europeanPriceBatch(
        { right: 'call', S: new Float64Array(3), K: 100, T: 1, r: 0, q: 0, sigma: 0.2 },
        new Float64Array(2),
      ),
    ).toThrow(RangeError);
  });
});
