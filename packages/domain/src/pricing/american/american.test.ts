import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsmGreeks, europeanPrice } from '../black-scholes';
import type { OptionInput } from '../types';
import {
  americanBoundaryEngine,
  americanGreeks,
  americanImpliedVolResult,
  americanPrice,
  americanTree,
  baroneAdesiWhaley,
  bjerksundStensland2002,
  leisenReimerTree,
} from './index';

const euro = (i: OptionInput): number => europeanPrice(i.right === 'call', i.S, i.K, i.T, i.r, i.q, i.sigma);
const intrinsic = (i: OptionInput): number => Math.max(i.right === 'call' ? i.S - i.K : i.K - i.S, 0);

// Haug, The Complete Guide to Option Pricing Formulas (2nd ed., §3.3.?, Barone-Adesi & Whaley table;
// 1st ed. p. 24): K = 100, r = 0.10, b = 0 (q = r), rows S = 90/100/110 for each (T, σ).
const HAUG_BAW: { T: number; sigma: number; calls: number[]; puts: number[] }[] = [
  { T: 0.1, sigma: 0.15, calls: [0.0206, 1.8771, 10.0089], puts: [10.0, 1.877, 0.041] },
  { T: 0.1, sigma: 0.25, calls: [0.3159, 3.128, 10.3919], puts: [10.2533, 3.1277, 0.4562] },
  { T: 0.1, sigma: 0.35, calls: [0.9495, 4.3777, 11.1679], puts: [10.8787, 4.3777, 1.2402] },
  { T: 0.5, sigma: 0.15, calls: [0.8208, 4.0842, 10.8087], puts: [10.5595, 4.0842, 1.0822] },
  { T: 0.5, sigma: 0.25, calls: [2.7437, 6.8015, 13.017], puts: [12.4419, 6.8014, 3.3226] },
  { T: 0.5, sigma: 0.35, calls: [5.0063, 9.5106, 15.5689], puts: [14.6945, 9.5104, 5.8823] },
];
const SPOTS = [90, 100, 110];

function haugGrid(): { input: OptionInput; baw: number }[] {
  const out: { input: OptionInput; baw: number }[] = [];
  for (const row of HAUG_BAW) {
    SPOTS.forEach((S, k) => {
      const base = { S, K: 100, T: row.T, r: 0.1, q: 0.1, sigma: row.sigma };
      out.push({ input: { ...base, right: 'call' }, baw: row.calls[k]! });
      out.push({ input: { ...base, right: 'put' }, baw: row.puts[k]! });
    });
  }
  return out;
}

describe('Barone-Adesi & Whaley vs Haug (2nd ed.) BAW table', () => {
  it('reproduces all 36 values to 3e-3 (35 of 36 to 1e-3)', () => {
    // The ITM short-dated calls (S = 110, T = 0.1) differ by up to 2.8e-3: Haug's own VB code reproduces
    // the table only to about that (QuantLib's test of the same table notes it and uses 3e-3), so the
    // last digit of those entries is not a reliable reference.
    let worst = 0;
    let above1e3 = 0;
    for (const { input, baw } of haugGrid()) {
      const err = Math.abs(baroneAdesiWhaley(input) - baw);
      worst = Math.max(worst, err);
      if (err > 1e-3) above1e3++;
    }
    expect(worst).toBeLessThan(3e-3);
    expect(above1e3).toBeLessThanOrEqual(2);
  });
});

describe('accurate engine on the Haug grid vs a fine Leisen-Reimer binomial', () => {
  // A heavy reference computation (seconds on a shared machine): a generous limit, not a speed assertion.
  it(
    'agrees to 1e-4 with an 8001-step Richardson-extrapolated LR tree (computed once here)',
    { timeout: 60_000 },
    () => {
      let worst = 0;
      for (const { input } of haugGrid()) {
        worst = Math.max(worst, Math.abs(americanPrice(input) - leisenReimerTree(input, 8001)));
      }
      expect(worst).toBeLessThan(1e-4);
    },
  );

  it('agrees to 1e-4 with a 20,001-step LR tree on long-dated and dividend-yield cases', () => {
    const cases: OptionInput[] = [
      { right: 'put', S: 100, K: 100, T: 1, r: 0.05, q: 0, sigma: 0.2 },
      { right: 'put', S: 40, K: 45, T: 0.5833, r: 0.0488, q: 0, sigma: 0.3 },
      { right: 'call', S: 110, K: 100, T: 3, r: 0.03, q: 0.07, sigma: 0.2 },
      { right: 'put', S: 80, K: 100, T: 2, r: 0.05, q: 0.08, sigma: 0.25 },
    ];
    for (const input of cases) {
      expect(Math.abs(americanPrice(input) - leisenReimerTree(input, 20001))).toBeLessThan(1e-4);
    }
  }, 60_000);
});

describe('Bjerksund & Stensland 2002', () => {
  it('is a lower bound within 0.5% of the accurate price on the Haug grid', () => {
    // BS2002 prices a feasible (two-piece flat) exercise strategy, so it cannot exceed the true value.
    for (const { input } of haugGrid()) {
      const accurate = americanPrice(input);
      const bs = bjerksundStensland2002(input);
      expect(bs).toBeLessThanOrEqual(accurate + 1e-9);
      expect((accurate - bs) / accurate).toBeLessThan(5e-3);
    }
  });

  it("Haug's example S = 42, K = 40, T = 0.75, r = 0.04, b = −0.04, σ = 0.35 lies between BS1993 and the true value", () => {
    // Haug's worked example gives 5.2704 for the 1993 version (we reproduce that with the 1993 formula
    // in a scratch check); the 2002 refinement must be higher but below the accurate 5.3091.
    // 5.2869 is our own value (not a number from the book) kept as a regression check.
    const input: OptionInput = { right: 'call', S: 42, K: 40, T: 0.75, r: 0.04, q: 0.08, sigma: 0.35 };
    const bs = bjerksundStensland2002(input);
    expect(bs).toBeGreaterThan(5.2704);
    expect(bs).toBeLessThan(americanPrice(input));
    expect(bs).toBeCloseTo(5.2869, 4);
    expect(americanPrice(input)).toBeCloseTo(5.3091, 4);
  });
});

describe('edge semantics', () => {
  const put: OptionInput = { right: 'put', S: 95, K: 100, T: 0.5, r: 0.05, q: 0.01, sigma: 0.3 };

  it('T = 0 gives intrinsic value, invalid input NaN, never throws', () => {
    expect(americanPrice({ ...put, T: 0 })).toBe(5);
    expect(americanPrice({ ...put, T: 0, sigma: 0 })).toBe(5);
    expect(americanPrice({ ...put, right: 'call', T: 0 })).toBe(0);
    for (const bad of [{ S: -1 }, { K: 0 }, { sigma: 0 }, { sigma: NaN }, { T: -1 }, { r: Infinity }, { q: NaN }]) {
      expect(americanPrice({ ...put, ...bad })).toBeNaN();
      expect(americanGreeks({ ...put, ...bad }).delta).toBeNaN();
      expect(baroneAdesiWhaley({ ...put, ...bad })).toBeNaN();
      expect(bjerksundStensland2002({ ...put, ...bad })).toBeNaN();
    }
    expect(americanPrice(put, { dividends: [{ t: 0.2, amount: NaN }] })).toBeNaN();
    expect(americanPrice(put, { dividends: [{ t: 0.2, amount: 200 }] })).toBeNaN();
  });

  it('put with r ≤ 0 and q = 0, and call with q ≤ 0 (r ≥ q) and no dividends, equal the European price', () => {
    for (const r of [0, -0.01]) {
      const p = { ...put, r, q: 0 };
      expect(americanPrice(p)).toBe(euro(p));
      expect(baroneAdesiWhaley(p)).toBe(euro(p));
      expect(bjerksundStensland2002(p)).toBe(euro(p));
    }
    for (const q of [0, -0.02]) {
      const c: OptionInput = { ...put, right: 'call', r: 0.05, q };
      expect(americanPrice(c)).toBe(euro(c));
    }
  });

  it('negative rates with inverted carry (put q < r < 0) use the lattice and are above the European', () => {
    const p: OptionInput = { right: 'put', S: 90, K: 100, T: 1, r: -0.01, q: -0.05, sigma: 0.2 };
    const v = americanPrice(p);
    expect(v).toBeGreaterThan(euro(p));
    // The band regime is the lattice's weak spot: LR converges roughly here (~1e-3 at the default steps).
    expect(Math.abs(v - leisenReimerTree(p, 4001))).toBeLessThan(2e-3);
  });
});

describe('discrete cash dividends (trinomial lattice, stock dropped at the ex-date)', () => {
  it('a call exercised just before a large dividend is worth more than the European on the escrowed stock', () => {
    const input: OptionInput = { right: 'call', S: 100, K: 90, T: 0.5, r: 0.05, q: 0, sigma: 0.25 };
    const dividends = [{ t: 0.25, amount: 5 }];
    const american = americanPrice(input, { dividends });
    const escrowedEuropean = euro({ ...input, S: 100 - 5 * Math.exp(-0.05 * 0.25) });
    expect(american).toBeGreaterThan(escrowedEuropean + 1.5);
    // Exercising just before the ex-date is a lower bound: the European call expiring at t⁻ = 0.25.
    expect(american).toBeGreaterThanOrEqual(euro({ ...input, T: 0.25 }) - 1e-3);
    expect(american).toBeGreaterThanOrEqual(intrinsic(input));
  });

  it('converges: default steps agree with a 6000-step lattice to 1e-3', () => {
    const cases: { input: OptionInput; dividends: { t: number; amount: number }[] }[] = [
      {
        input: { right: 'call', S: 100, K: 90, T: 0.5, r: 0.05, q: 0, sigma: 0.25 },
        dividends: [{ t: 0.25, amount: 5 }],
      },
      {
        input: { right: 'put', S: 100, K: 100, T: 1, r: 0.05, q: 0, sigma: 0.3 },
        dividends: [0.1, 0.35, 0.6, 0.85].map((t) => ({ t, amount: 2 })),
      },
      {
        input: { right: 'call', S: 100, K: 100, T: 1, r: 0.03, q: 0, sigma: 0.2 },
        dividends: [
          { t: 0.001, amount: 1 },
          { t: 0.5, amount: 1 },
        ],
      },
    ];
    for (const { input, dividends } of cases) {
      const fine = americanTree(input, { steps: 6000, dividends });
      expect(Math.abs(americanPrice(input, { dividends }) - fine)).toBeLessThan(1e-3);
    }
  });

  it('without dividends the lattice agrees with the boundary engine to 1e-3', () => {
    const input: OptionInput = { right: 'put', S: 100, K: 100, T: 1, r: 0.05, q: 0, sigma: 0.2 };
    expect(Math.abs(americanTree(input) - americanBoundaryEngine(input))).toBeLessThan(1e-3);
  });

  it('ignores dividends outside (0, T)', () => {
    const input: OptionInput = { right: 'put', S: 100, K: 100, T: 0.5, r: 0.05, q: 0, sigma: 0.2 };
    expect(americanPrice(input, { dividends: [{ t: 0.7, amount: 3 }] })).toBe(americanPrice(input));
  });
});

const arbInput = (right: 'call' | 'put'): fc.Arbitrary<OptionInput> =>
  fc.record({
    right: fc.constant(right),
    S: fc.double({ min: 50, max: 150, noNaN: true }),
    K: fc.constant(100),
    T: fc.double({ min: 0.02, max: 2, noNaN: true }),
    r: fc.double({ min: 0, max: 0.1, noNaN: true }),
    q: fc.double({ min: 0, max: 0.1, noNaN: true }),
    sigma: fc.double({ min: 0.05, max: 0.8, noNaN: true }),
  });
const arbRight = fc.constantFrom<'call' | 'put'>('call', 'put').chain(arbInput);

describe('properties (fast-check)', () => {
  it('American ≥ European (1e-12) and ≥ intrinsic, for every engine', () => {
    fc.assert(
      fc.property(arbRight, (input) => {
        const e = euro(input);
        for (const v of [americanPrice(input), baroneAdesiWhaley(input), bjerksundStensland2002(input)]) {
          expect(v).toBeGreaterThanOrEqual(e - 1e-12);
          expect(v).toBeGreaterThanOrEqual(intrinsic(input));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('call with q = 0 and no dividends equals the European call', () => {
    fc.assert(
      fc.property(arbInput('call'), (input) => {
        const c = { ...input, q: 0 };
        expect(americanPrice(c)).toBe(euro(c));
      }),
    );
  });

  it('monotone: calls rise with S, puts with K; both with σ and T', () => {
    fc.assert(
      fc.property(arbRight, fc.double({ min: 1.01, max: 1.3, noNaN: true }), (input, f) => {
        const v = americanPrice(input);
        const tol = 1e-7 * input.K;
        const sUp = americanPrice({ ...input, S: input.S * f });
        const kUp = americanPrice({ ...input, K: input.K * f });
        if (input.right === 'call') {
          expect(sUp).toBeGreaterThanOrEqual(v - tol);
          expect(kUp).toBeLessThanOrEqual(v + tol);
        } else {
          expect(sUp).toBeLessThanOrEqual(v + tol);
          expect(kUp).toBeGreaterThanOrEqual(v - tol);
        }
        expect(americanPrice({ ...input, sigma: input.sigma * f })).toBeGreaterThanOrEqual(v - tol);
        expect(americanPrice({ ...input, T: input.T * f })).toBeGreaterThanOrEqual(v - tol);
      }),
      { numRuns: 100 },
    );
  });
});

describe('American implied vol', () => {
  it('round-trips price → IV → σ to 1e-6 on a grid where the price is sensitive to σ', () => {
    let checked = 0;
    for (const right of ['call', 'put'] as const) {
      for (const S of [80, 95, 100, 110, 125]) {
        for (const T of [0.05, 0.5, 2]) {
          for (const sigma of [0.12, 0.35, 0.9]) {
            const input: OptionInput = { right, S, K: 100, T, r: 0.05, q: 0.03, sigma };
            const price = americanPrice(input);
            if (americanGreeks(input).vega < 1e-2) continue; // σ not identifiable from the price
            const iv = americanImpliedVolResult({ ...input, price });
            expect(iv.ok).toBe(true);
            expect(Math.abs(iv.iv - sigma)).toBeLessThan(1e-6);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('round-trips with cash dividends', () => {
    const input: OptionInput = { right: 'call', S: 100, K: 95, T: 0.75, r: 0.04, q: 0, sigma: 0.3 };
    const options = { dividends: [{ t: 0.3, amount: 2 }] };
    const iv = americanImpliedVolResult({ ...input, price: americanPrice(input, options) }, options);
    expect(iv.ok).toBe(true);
    expect(Math.abs(iv.iv - 0.3)).toBeLessThan(1e-6);
  });

  it('fails with a reason outside the bounds', () => {
    const base = { right: 'put' as const, S: 90, K: 100, T: 0.5, r: 0.05, q: 0 };
    expect(americanImpliedVolResult({ ...base, price: 9.5 })).toEqual({
      ok: false,
      iv: NaN,
      reason: 'below_intrinsic',
    });
    expect(americanImpliedVolResult({ ...base, price: 100 })).toEqual({ ok: false, iv: NaN, reason: 'above_maximum' });
    expect(americanImpliedVolResult({ ...base, right: 'call', price: 90 })).toEqual({
      ok: false,
      iv: NaN,
      reason: 'above_maximum',
    });
    expect(americanImpliedVolResult({ ...base, price: NaN })).toEqual({ ok: false, iv: NaN, reason: 'invalid_input' });
    expect(americanImpliedVolResult({ ...base, T: 0, price: 10 })).toEqual({
      ok: false,
      iv: NaN,
      reason: 'invalid_input',
    });
  });
});

describe('American greeks', () => {
  it('equal the European greeks where early exercise is worthless (call, q = 0)', () => {
    const input: OptionInput = { right: 'call', S: 105, K: 100, T: 0.75, r: 0.04, q: 0, sigma: 0.25 };
    const a = americanGreeks(input);
    const e = bsmGreeks(input);
    expect(a.delta).toBeCloseTo(e.delta, 6);
    expect(a.gamma).toBeCloseTo(e.gamma, 5);
    expect(a.vega).toBeCloseTo(e.vega, 5);
    expect(a.theta).toBeCloseTo(e.theta, 4);
    expect(a.thetaPerDay).toBeCloseTo(a.theta / 365, 12);
    expect(a.rho).toBeCloseTo(e.rho, 5);
    expect(a.dividendRho).toBeCloseTo(e.dividendRho, 4);
  });

  it('are close to the European ones for a far out-of-the-money put at a tiny rate', () => {
    const input: OptionInput = { right: 'put', S: 120, K: 100, T: 0.25, r: 0.001, q: 0.01, sigma: 0.25 };
    const a = americanGreeks(input);
    const e = bsmGreeks(input);
    expect(a.delta).toBeCloseTo(e.delta, 4);
    expect(a.gamma).toBeCloseTo(e.gamma, 4);
    expect(a.vega).toBeCloseTo(e.vega, 3);
    expect(a.theta).toBeCloseTo(e.theta, 3);
    expect(a.dividendRho).toBeCloseTo(e.dividendRho, 3);
  });

  it('a deep in-the-money put in the exercise region has delta −1 and no gamma or vega', () => {
    const a = americanGreeks({ right: 'put', S: 60, K: 100, T: 0.5, r: 0.08, q: 0, sigma: 0.2 });
    expect(a.delta).toBeCloseTo(-1, 6);
    expect(a.gamma).toBeCloseTo(0, 6);
    expect(a.vega).toBeCloseTo(0, 6);
  });

  it('with dividends are finite and have the right signs', () => {
    const g = americanGreeks(
      { right: 'put', S: 100, K: 100, T: 1, r: 0.05, q: 0, sigma: 0.3 },
      { dividends: [{ t: 0.4, amount: 2 }] },
    );
    expect(g.delta).toBeLessThan(0);
    expect(g.delta).toBeGreaterThan(-1);
    expect(g.gamma).toBeGreaterThan(0);
    expect(g.vega).toBeGreaterThan(0);
    expect(g.theta).toBeLessThan(0);
    expect(g.rho).toBeLessThan(0);
  });
});
