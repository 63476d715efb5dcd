import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsmGreeks, europeanPrice } from './black-scholes';
import { black76ImpliedVolResult, europeanImpliedVol, europeanImpliedVolResult } from './implied-vol';
import type { IvInput, OptionRight } from './types';

const EPS = Number.EPSILON;

const contract = fc.record({
  right: fc.constantFrom<OptionRight>('call', 'put'),
  S: fc.double({ min: 1, max: 5000, noNaN: true }),
  T: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  r: fc.double({ min: -0.02, max: 0.12, noNaN: true }),
  q: fc.double({ min: 0, max: 0.08, noNaN: true }),
  sigma: fc.double({ min: 0.01, max: 4, noNaN: true }),
});

describe('implied vol round trip (Jäckel 2015, "Let\'s be rational": machine precision over the domain)', () => {
  it('recovers σ to 1e-12 relative for ln(F/K) in [−3, 3]·σ√T, T in [1 day, 5 y], σ in [0.01, 4]', () => {
    fc.assert(
      fc.property(contract, fc.double({ min: -3, max: 3, noNaN: true }), (c, m) => {
        const s = c.sigma * Math.sqrt(c.T);
        const K = c.S * Math.exp((c.r - c.q) * c.T - m * s);
        const isCall = c.right === 'call';
        const price = europeanPrice(isCall, c.S, K, c.T, c.r, c.q, c.sigma);
        const iv = europeanImpliedVol({ ...c, K, price });
        // The price is rounded to a double; that alone moves the exact IV by (ΔP/P)·P/(σ·vega). In the
        // money it is the time value that carries σ, and far up near the maximum the price barely moves
        // with σ: there the bound is that condition number times a few ulps, not 1e-12.
        const vega = bsmGreeks({ ...c, K }).vega;
        const condition = price / (c.sigma * vega);
        // Deep in the money the time value can fall below the price's last digit: no vol left to find.
        fc.pre(8 * EPS * condition < 1e-3);
        expect(Math.abs(iv / c.sigma - 1)).toBeLessThanOrEqual(Math.max(1e-12, 8 * EPS * condition));
      }),
      { numRuns: 5000 },
    );
  });

  it('is within 1e-12 for every out-of-the-money option (bar the price-rounding limit near the maximum)', () => {
    fc.assert(
      fc.property(contract, fc.double({ min: 0, max: 3, noNaN: true }), (c, m) => {
        const s = c.sigma * Math.sqrt(c.T);
        // OTM: calls struck above the forward, puts below.
        const sign = c.right === 'call' ? 1 : -1;
        const K = c.S * Math.exp((c.r - c.q) * c.T + sign * m * s);
        const price = europeanPrice(c.right === 'call', c.S, K, c.T, c.r, c.q, c.sigma);
        const iv = europeanImpliedVol({ ...c, K, price });
        // The condition number stays below ~10 for σ√T ≤ 4; only σ = 4 over 5 years (σ√T ≈ 9, the price
        // within 1e-5 of its maximum) needs the allowance: there 1 ulp of price is ~1e-12 of vol.
        const condition = price / (c.sigma * bsmGreeks({ ...c, K }).vega);
        expect(Math.abs(iv / c.sigma - 1)).toBeLessThanOrEqual(Math.max(1e-12, 8 * EPS * condition));
        if (s <= 4) expect(Math.abs(iv / c.sigma - 1)).toBeLessThanOrEqual(1e-13);
      }),
      { numRuns: 5000 },
    );
  });

  it('recovers σ from deep out-of-the-money prices down to 1e-300 (1e-12 relative)', () => {
    fc.assert(
      fc.property(contract, fc.double({ min: 3, max: 37, noNaN: true }), (c, m) => {
        const s = c.sigma * Math.sqrt(c.T);
        const sign = c.right === 'call' ? 1 : -1;
        const K = c.S * Math.exp((c.r - c.q) * c.T + sign * m * s);
        const price = europeanPrice(c.right === 'call', c.S, K, c.T, c.r, c.q, c.sigma);
        fc.pre(price > 1e-300 && Number.isFinite(K));
        const iv = europeanImpliedVol({ ...c, K, price });
        expect(Math.abs(iv / c.sigma - 1)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the vol of a quoted 1e-100 and a 1e-250 price and reprices it to 1e-12', () => {
    for (const target of [1e-100, 1e-250]) {
      const input: IvInput = { right: 'call', S: 100, K: 400, T: 30 / 365, r: 0.05, q: 0.01, price: target };
      const res = europeanImpliedVolResult(input);
      expect(res.ok).toBe(true);
      const back = europeanPrice(true, 100, 400, 30 / 365, 0.05, 0.01, res.iv);
      expect(Math.abs(back / target - 1)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('handles a one-day option, tiny and huge vols', () => {
    for (const [T, sigma] of [
      [1 / 365, 0.05],
      [1 / 365, 3],
      [1, 1e-4],
      [0.25, 6],
      [2, 0.001],
    ] as const) {
      for (const K of [90, 100, 110]) {
        const price = europeanPrice(false, 100, K, T, 0.03, 0.01, sigma);
        if (!(price > 1e-300)) continue;
        const iv = europeanImpliedVol({ right: 'put', S: 100, K, T, r: 0.03, q: 0.01, price });
        const condition = price / (sigma * bsmGreeks({ right: 'put', S: 100, K, T, r: 0.03, q: 0.01, sigma }).vega);
        expect(Math.abs(iv / sigma - 1)).toBeLessThanOrEqual(Math.max(1e-12, 8 * EPS * condition));
      }
    }
  });

  it("Black-76: recovers Haug's F=19 K=19 T=0.75 r=0.10 σ=0.28 from 1.7011 (to the quoted digits)", () => {
    const res = black76ImpliedVolResult({
      right: 'call',
      S: 19,
      K: 19,
      T: 0.75,
      r: 0.1,
      q: 0,
      price: 1.7010507252362672,
    });
    expect(res.ok && Math.abs(res.iv - 0.28)).toBeLessThan(1e-14);
  });
});

describe('implied vol outside the bounds', () => {
  const base = { S: 100, K: 100, T: 0.5, r: 0.05, q: 0.02 };
  const discS = 100 * Math.exp(-0.02 * 0.5);
  const discK = 100 * Math.exp(-0.05 * 0.5);

  it('price below the discounted forward intrinsic → NaN, below_intrinsic', () => {
    const itmCall = { ...base, K: 80, right: 'call' as const };
    const lower = discS - 80 * Math.exp(-0.05 * 0.5);
    expect(europeanImpliedVolResult({ ...itmCall, price: lower * (1 - 1e-9) })).toEqual({
      ok: false,
      iv: NaN,
      reason: 'below_intrinsic',
    });
    expect(europeanImpliedVol({ ...itmCall, price: lower * 0.5 })).toBeNaN();
  });

  it('price at or above S·e^{−qT} (calls) or K·e^{−rT} (puts) → NaN, above_maximum', () => {
    expect(europeanImpliedVolResult({ ...base, right: 'call', price: discS })).toMatchObject({
      ok: false,
      reason: 'above_maximum',
    });
    expect(europeanImpliedVolResult({ ...base, right: 'put', price: discK * 1.01 })).toMatchObject({
      ok: false,
      reason: 'above_maximum',
    });
  });

  it('invalid input → NaN, invalid_input (never throws)', () => {
    for (const bad of [
      { ...base, S: -1 },
      { ...base, K: 0 },
      { ...base, T: 0 },
      { ...base, T: -1 },
      { ...base, r: NaN },
      { ...base, q: Infinity },
    ]) {
      expect(europeanImpliedVolResult({ ...bad, right: 'call', price: 5 })).toMatchObject({
        ok: false,
        reason: 'invalid_input',
      });
    }
    expect(europeanImpliedVolResult({ ...base, right: 'call', price: NaN })).toMatchObject({
      ok: false,
      reason: 'invalid_input',
    });
    expect(europeanImpliedVolResult({ ...base, right: 'call', price: Infinity })).toMatchObject({
      ok: false,
      reason: 'invalid_input',
    });
    // A negative price is a price, just below every bound.
    expect(europeanImpliedVolResult({ ...base, K: 150, right: 'call', price: -1e-9 })).toMatchObject({
      ok: false,
      reason: 'below_intrinsic',
    });
  });

  it('a price exactly at the lower bound has zero vol', () => {
    expect(europeanImpliedVolResult({ ...base, K: 150, right: 'call', price: 0 })).toEqual({ ok: true, iv: 0 });
  });

  it('every price strictly inside the bounds gets a finite vol, every one outside a reason (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionRight>('call', 'put'),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -0.5, max: 1.5, noNaN: true }),
        (right, kRatio, u) => {
          const K = 100 * kRatio;
          const dk = K * Math.exp(-0.05 * 0.5);
          const lower = Math.max(right === 'call' ? discS - dk : dk - discS, 0);
          const upper = right === 'call' ? discS : dk;
          const price = lower + u * (upper - lower);
          const res = europeanImpliedVolResult({ ...base, K, right, price });
          if (price < lower) expect(res).toMatchObject({ ok: false, reason: 'below_intrinsic' });
          else if (price >= upper) expect(res).toMatchObject({ ok: false, reason: 'above_maximum' });
          else {
            expect(res.ok).toBe(true);
            expect(Number.isFinite(res.iv) && res.iv >= 0).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
