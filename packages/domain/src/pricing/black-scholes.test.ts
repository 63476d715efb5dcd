import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price, bsmGreeks, bsmPrice, europeanSecondOrder } from './black-scholes';
import type { OptionInput, OptionRight } from './types';

const opt = (
  right: OptionRight,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
): OptionInput => ({
  right,
  S,
  K,
  T,
  r,
  q,
  sigma,
});

/** |actual − expected| ≤ half a unit in the last quoted digit. */
const quoted = (actual: number, expected: number, decimals: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
};

// Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), chapter 1 examples, quoted to 4
// decimals; Haug writes cost of carry b, here q = r − b. Every value was re-derived from the closed form
// in 40-digit arithmetic (mpmath) before use.
describe('Haug (2007) reference values', () => {
  it('BSM call S=60 K=65 T=0.25 r=0.08 b=r σ=0.30 → 2.1334 (Haug 1.1.1)', () => {
    quoted(bsmPrice(opt('call', 60, 65, 0.25, 0.08, 0, 0.3)), 2.1334, 4);
  });
  it('generalized BSM put S=100 K=95 T=0.5 r=0.10 q=0.05 σ=0.20 → 2.4648 (Haug 1.1.4, Merton 1973)', () => {
    quoted(bsmPrice(opt('put', 100, 95, 0.5, 0.1, 0.05, 0.2)), 2.4648, 4);
  });
  it('Black-76 F=19 K=19 T=0.75 r=0.10 σ=0.28 → call = put = 1.7011 (Haug 1.1.5)', () => {
    const c = black76Price(opt('call', 19, 19, 0.75, 0.1, 0, 0.28));
    const p = black76Price(opt('put', 19, 19, 0.75, 0.1, 0, 0.28));
    quoted(c, 1.7011, 4);
    quoted(p, 1.7011, 4);
  });
  it('delta, futures S=105 K=100 T=0.5 r=0.10 b=0 σ=0.36 → call 0.5946, put −0.3566 (Haug 2.1.1)', () => {
    quoted(black76Greeks(opt('call', 105, 100, 0.5, 0.1, 0, 0.36)).delta, 0.5946, 4);
    quoted(black76Greeks(opt('put', 105, 100, 0.5, 0.1, 0, 0.36)).delta, -0.3566, 4);
    // The same through BSM with q = r (b = 0).
    quoted(bsmGreeks(opt('call', 105, 100, 0.5, 0.1, 0.1, 0.36)).delta, 0.5946, 4);
  });
  it('gamma S=55 K=60 T=0.75 r=0.10 b=0.10 σ=0.30 → 0.0278 (Haug 2.1.4)', () => {
    quoted(bsmGreeks(opt('call', 55, 60, 0.75, 0.1, 0, 0.3)).gamma, 0.0278, 4);
    quoted(bsmGreeks(opt('put', 55, 60, 0.75, 0.1, 0, 0.3)).gamma, 0.0278, 4);
  });
  it('vega S=55 K=60 T=0.75 r=0.10 b=0.10 σ=0.30 → 18.9358 (Haug 2.1.5)', () => {
    // The issue quoted r = 0.105, b = 0.0695 for this value; those inputs give 18.5027 by the closed form,
    // 18.9358 is the book's vega example on the gamma example's inputs (as QuantLib's test suite also uses).
    quoted(bsmGreeks(opt('call', 55, 60, 0.75, 0.1, 0, 0.3)).vega, 18.9358, 4);
    quoted(bsmGreeks(opt('call', 55, 60, 0.75, 0.105, 0.105 - 0.0695, 0.3)).vega, 18.5027, 4);
  });
  it('theta put S=430 K=405 T=0.0833 r=0.07 b=0.02 σ=0.20 → −31.1924 per year (Haug 2.1.6)', () => {
    const g = bsmGreeks(opt('put', 430, 405, 0.0833, 0.07, 0.05, 0.2));
    quoted(g.theta, -31.1924, 4);
    expect(g.thetaPerDay).toBeCloseTo(-31.1924 / 365, 6);
  });
  it('rho call S=72 K=75 T=1 r=0.09 b=0.09 σ=0.19 → 38.7325 (Haug 2.1.7)', () => {
    quoted(bsmGreeks(opt('call', 72, 75, 1, 0.09, 0, 0.19)).rho, 38.7325, 4);
  });
});

// Hull, "Options, Futures, and Other Derivatives" (Example 15.6 in the 8th–10th eds.; the greeks example
// of the "Greek letters" chapter: 100,000 calls on a non-dividend stock, S=49, K=50, 20 weeks).
describe('Hull reference values', () => {
  it('Example 15.6: S=42 K=40 r=0.10 σ=0.20 T=0.5 → call 4.76, put 0.81', () => {
    quoted(bsmPrice(opt('call', 42, 40, 0.5, 0.1, 0, 0.2)), 4.76, 2);
    quoted(bsmPrice(opt('put', 42, 40, 0.5, 0.1, 0, 0.2)), 0.81, 2);
  });
  it('Greeks example: S=49 K=50 r=0.05 σ=0.20 T=20/52 → Δ 0.522, Γ 0.066, vega 12.1, Θ −4.31/yr, ρ 8.91', () => {
    const g = bsmGreeks(opt('call', 49, 50, 20 / 52, 0.05, 0, 0.2));
    quoted(g.delta, 0.522, 3);
    quoted(g.gamma, 0.066, 3);
    quoted(g.vega, 12.1, 1);
    quoted(g.theta, -4.31, 2);
    quoted(g.rho, 8.91, 2);
  });
});

describe('edge semantics', () => {
  it('T = 0: intrinsic value, delta 1/0 and 1/2 at the money (documented convention)', () => {
    expect(bsmPrice(opt('call', 110, 100, 0, 0.05, 0.01, 0.3))).toBe(10);
    expect(bsmPrice(opt('put', 110, 100, 0, 0.05, 0.01, 0.3))).toBe(0);
    expect(bsmGreeks(opt('call', 110, 100, 0, 0.05, 0, 0.3)).delta).toBe(1);
    expect(bsmGreeks(opt('put', 110, 100, 0, 0.05, 0, 0.3)).delta).toBe(-0);
    expect(bsmGreeks(opt('put', 90, 100, 0, 0.05, 0, 0.3)).delta).toBe(-1);
    expect(bsmGreeks(opt('call', 100, 100, 0, 0.05, 0, 0.3)).delta).toBe(0.5);
    expect(bsmGreeks(opt('put', 100, 100, 0, 0.05, 0, 0.3)).delta).toBe(-0.5);
    const g = bsmGreeks(opt('call', 100, 100, 0, 0.05, 0, 0.3));
    expect([g.gamma, g.vega, g.theta, g.rho]).toEqual([0, 0, 0, 0]);
  });
  it('sigma = 0: discounted intrinsic value of the forward', () => {
    const S = 100;
    const K = 100;
    const T = 1;
    const r = 0.05;
    const q = 0.01;
    const fwdIntrinsic = S * Math.exp(-q * T) - K * Math.exp(-r * T);
    expect(bsmPrice(opt('call', S, K, T, r, q, 0))).toBeCloseTo(fwdIntrinsic, 14);
    expect(bsmPrice(opt('put', S, K, T, r, q, 0))).toBe(0);
    const g = bsmGreeks(opt('call', S, K, T, r, q, 0));
    expect(g.delta).toBeCloseTo(Math.exp(-q * T), 15);
    expect(g.theta).toBeCloseTo(q * S * Math.exp(-q * T) - r * K * Math.exp(-r * T), 12);
    expect(g.rho).toBeCloseTo(T * K * Math.exp(-r * T), 12);
  });
  it('invalid input prices to NaN and never throws', () => {
    for (const bad of [
      opt('call', -1, 100, 1, 0.05, 0, 0.2),
      opt('call', 100, -1, 1, 0.05, 0, 0.2),
      opt('call', 100, 100, -1, 0.05, 0, 0.2),
      opt('call', 100, 100, 1, 0.05, 0, -0.2),
      opt('put', NaN, 100, 1, 0.05, 0, 0.2),
      opt('put', 100, 100, 1, NaN, 0, 0.2),
      opt('put', 100, 100, Infinity, 0.05, 0, 0.2),
    ]) {
      expect(bsmPrice(bad)).toBeNaN();
      expect(Object.values(bsmGreeks(bad)).every(Number.isNaN)).toBe(true);
      expect(Object.values(europeanSecondOrder(bad)).every(Number.isNaN)).toBe(true);
    }
  });
  it('keeps relative precision deep out of the money (no cancellation): 40-digit reference (mpmath)', () => {
    // S=100 K=250 T=0.1 σ=0.2 r=q=0: 100·Φ(d1) − 250·Φ(d2) ≈ 4.9e-48, where the textbook formula cancels.
    const p = bsmPrice(opt('call', 100, 250, 0.1, 0, 0, 0.2));
    expect(Math.abs(p / 4.9429788737428397e-48 - 1)).toBeLessThan(1e-13);
  });
  it('huge and tiny vol stay inside the bounds', () => {
    expect(bsmPrice(opt('call', 100, 100, 1, 0.05, 0.02, 50))).toBeCloseTo(100 * Math.exp(-0.02), 10);
    expect(bsmPrice(opt('call', 100, 100, 1e-9, 0.05, 0, 1e-6))).toBeGreaterThan(0);
    expect(bsmPrice(opt('call', 100, 100, 1e-9, 0.05, 0, 1e-6))).toBeLessThan(1e-8);
  });
});

const arbOption = fc.record({
  right: fc.constantFrom<OptionRight>('call', 'put'),
  S: fc.double({ min: 1, max: 1000, noNaN: true }),
  m: fc.double({ min: -3, max: 3, noNaN: true }),
  T: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  r: fc.double({ min: -0.02, max: 0.12, noNaN: true }),
  q: fc.double({ min: 0, max: 0.08, noNaN: true }),
  sigma: fc.double({ min: 0.01, max: 4, noNaN: true }),
});
/** K from standardised moneyness m = ln(F/K)/(σ√T). */
const toInput = (a: {
  right: OptionRight;
  S: number;
  m: number;
  T: number;
  r: number;
  q: number;
  sigma: number;
}): OptionInput => ({
  right: a.right,
  S: a.S,
  K: a.S * Math.exp((a.r - a.q) * a.T - a.m * a.sigma * Math.sqrt(a.T)),
  T: a.T,
  r: a.r,
  q: a.q,
  sigma: a.sigma,
});

describe('properties', () => {
  it('put-call parity C − P = S·e^{−qT} − K·e^{−rT} to 1e-10 relative to S', () => {
    fc.assert(
      fc.property(arbOption, (a) => {
        const i = toInput(a);
        const c = bsmPrice({ ...i, right: 'call' });
        const p = bsmPrice({ ...i, right: 'put' });
        const fwd = i.S * Math.exp(-i.q * i.T) - i.K * Math.exp(-i.r * i.T);
        expect(Math.abs(c - p - fwd)).toBeLessThanOrEqual(1e-10 * i.S);
      }),
      { numRuns: 2000 },
    );
  });

  it('monotone: calls rise with S and fall with K, puts the reverse; both rise with σ; T with no carry drag', () => {
    fc.assert(
      fc.property(arbOption, fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (a, d) => {
        const i = toInput(a);
        const sign = i.right === 'call' ? 1 : -1;
        const v = bsmPrice(i);
        const tol = 1e-15 * v; // rounding: a step of d = 1e-6 can move the price by less than an ulp
        expect(sign * (bsmPrice({ ...i, S: i.S * (1 + d) }) - v)).toBeGreaterThanOrEqual(-tol);
        expect(sign * (bsmPrice({ ...i, K: i.K * (1 + d) }) - v)).toBeLessThanOrEqual(tol);
        expect(bsmPrice({ ...i, sigma: i.sigma * (1 + d) })).toBeGreaterThanOrEqual(v - tol);
        // With no carry drag on the right's bound (calls: q = 0, r ≥ 0; puts: r = 0) value grows with T.
        const noDrag = i.right === 'call' ? { ...i, q: 0, r: Math.max(i.r, 0) } : { ...i, r: 0 };
        const v0 = bsmPrice(noDrag);
        expect(bsmPrice({ ...noDrag, T: i.T * (1 + d) })).toBeGreaterThanOrEqual(v0 - 1e-15 * v0);
      }),
      { numRuns: 2000 },
    );
  });

  it('greeks equal central finite differences of the price (relative 1e-6)', () => {
    fc.assert(
      fc.property(arbOption, (a) => {
        const i = toInput({ ...a, m: a.m * 0.8, sigma: Math.min(a.sigma, 2) });
        const g = bsmGreeks(i);
        const so = europeanSecondOrder(i);
        const s = i.sigma * Math.sqrt(i.T);
        const price = (o: Partial<OptionInput>): number => bsmPrice({ ...i, ...o });
        const delta = (o: Partial<OptionInput>): number => bsmGreeks({ ...i, ...o }).delta;
        const vega = (o: Partial<OptionInput>): number => bsmGreeks({ ...i, ...o }).vega;
        // Fourth-order central difference: truncation O(h⁴), so modest steps keep rounding small too.
        const d = (f: (x: number) => number, x: number, h: number): number =>
          (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h);
        // Steps move ln(F/K) by a small fraction of σ√T, the scale on which the price changes.
        const hS = 2e-3 * i.S * Math.min(s, 1);
        const hRate = (2e-3 * Math.min(s, 1)) / i.T;
        const hT = 2e-3 * Math.min(i.T, Math.min(s, 1) / Math.max(Math.abs(i.r - i.q), 1e-9));
        const checks: [string, number, number, number][] = [
          ['delta', g.delta, d((S) => price({ S }), i.S, hS), 1],
          ['gamma', g.gamma, d((S) => delta({ S }), i.S, hS), 1 / i.S],
          ['vega', g.vega, d((sigma) => price({ sigma }), i.sigma, 2e-3 * i.sigma), i.S],
          ['theta', g.theta, -d((T) => price({ T }), i.T, hT), i.S],
          ['rho', g.rho, d((r) => price({ r }), i.r, hRate), i.K],
          ['dividendRho', g.dividendRho, d((q) => price({ q }), i.q, hRate), i.S],
          ['vanna', so.vanna, d((sigma) => delta({ sigma }), i.sigma, 2e-3 * i.sigma), 1],
          ['charm', so.charm, -d((T) => delta({ T }), i.T, hT), 1],
          ['vomma', so.vomma, d((sigma) => vega({ sigma }), i.sigma, 2e-3 * i.sigma), i.S],
        ];
        for (const [name, analytic, fd, scale] of checks) {
          expect(Math.abs(analytic - fd), name).toBeLessThanOrEqual(1e-6 * Math.abs(fd) + 1e-9 * scale);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('Black-76 equals BSM with q = r, and its rho is −T·V', () => {
    fc.assert(
      fc.property(arbOption, (a) => {
        const i = toInput(a);
        const b76 = { ...i, q: 0.123 };
        expect(black76Price(b76)).toBe(bsmPrice({ ...i, q: i.r }));
        const g = black76Greeks(b76);
        expect(g.delta).toBe(bsmGreeks({ ...i, q: i.r }).delta);
        expect(Math.abs(g.rho + i.T * black76Price(b76))).toBeLessThanOrEqual(1e-12 * i.S * i.T);
        expect(g.dividendRho).toBe(0);
      }),
    );
  });
});
