import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate } from '../calendar';
import { normInv } from '../math/normal-distribution';
import { price } from '../pricing/api';
import type { MarginMarket, MarginPosition } from './margin';
import { deltaGammaVar, dollarGreeks, historicalVar, scenarioPnl } from './var';

const nowMs = newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60);
const expiry = '2026-04-17' as IsoDate;
const marketWith = (spots: Record<string, number>): MarginMarket => ({
  nowMs,
  spot: (symbol) => spots[symbol] ?? null,
  kind: () => 'stock',
  vol: () => 0.25,
  rate: 0.04,
  dividendYield: () => 0,
});
const stock = (symbol: string, quantity: number): MarginPosition => ({
  symbol,
  quantity,
  mark: null,
  instrument: { kind: 'stock' },
});
const option = (symbol: string, right: 'call' | 'put', strike: number, quantity: number): MarginPosition => ({
  symbol,
  quantity,
  mark: null,
  instrument: { kind: 'option', right, strike, expiry, multiplier: 100 },
});

describe('historicalVar', () => {
  // P&Ls −1, −2, …, −100 (100 losses), shuffled so the sort matters.
  const losses = Array.from({ length: 100 }, (_, i) => -(((i * 37) % 100) + 1));

  it('95%: the 5th worst loss and the mean of the 5 worst (hand-computed)', () => {
    // k = ⌈100 × 0.05⌉ = 5 → VaR = 96; CVaR = (100 + 99 + 98 + 97 + 96) / 5 = 98.
    expect(historicalVar(losses, 0.95)).toEqual({ var: 96, cvar: 98, observations: 100 });
  });

  it('99%: the worst loss is both VaR and CVaR with 100 scenarios', () => {
    // k = ⌈100 × 0.01⌉ = 1.
    expect(historicalVar(losses, 0.99)).toEqual({ var: 100, cvar: 100, observations: 100 });
  });

  it('500 scenarios at 99% → the 5th worst (the Hull convention)', () => {
    const pnl = Array.from({ length: 500 }, (_, i) => 1000 - 10 * i); // worst: −3990, −3980, …
    const { var: v, cvar } = historicalVar(pnl, 0.99);
    expect(v).toBe(3950);
    expect(cvar).toBe((3990 + 3980 + 3970 + 3960 + 3950) / 5);
  });

  it('non-integer tail counts round up: 10 scenarios at 95% → k = 1', () => {
    expect(historicalVar([5, -3, 2, -8, 1, 0, 4, -1, 7, 3], 0.95)).toEqual({ var: 8, cvar: 8, observations: 10 });
    // 80% → k = 2: the worst two are −8 and −3.
    expect(historicalVar([5, -3, 2, -8, 1, 0, 4, -1, 7, 3], 0.8)).toEqual({ var: 3, cvar: 5.5, observations: 10 });
  });

  it('reports a gain in the tail as a negative VaR', () => {
    expect(historicalVar([10, 20, 30], 0.95).var).toBe(-10);
  });

  it('rejects empty samples, non-finite P&Ls and confidence outside (0, 1)', () => {
    expect(() => historicalVar([], 0.95)).toThrow(RangeError);
    expect(() => historicalVar([1, Number.NaN], 0.95)).toThrow(RangeError);
    for (const c of [0, 1, -0.5, 1.5, Number.NaN]) expect(() => historicalVar([1, 2], c)).toThrow(RangeError);
  });

  it('CVaR ≥ VaR, and both scale with the book (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (pnl, confidence, size) => {
          const base = historicalVar(pnl, confidence);
          const scaled = historicalVar(
            pnl.map((x) => x * size),
            confidence,
          );
          expect(base.cvar).toBeGreaterThanOrEqual(base.var - 1e-9 * Math.abs(base.var));
          expect(scaled.var).toBeCloseTo(base.var * size, 3);
        },
      ),
    );
  });
});

describe('deltaGammaVar', () => {
  const z99 = -normInv(0.01); // 2.3263478740408408

  // Hull, "Options, Futures, and Other Derivatives" (VaR chapter; the same example is in Hull, "Risk Management and
  // Financial Institutions", 3e, ch. 15): $10 million in Microsoft, daily vol 2% → SD of the daily change 200,000;
  // 10-day SD 200,000 × √10 = 632,456; 99% 10-day VaR = 2.33 × 632,456 = $1,473,621 (Hull rounds z to 2.33).
  // Adding $5 million in AT&T (daily vol 1%), correlation 0.3: daily SD 220,227, 10-day 99% VaR = $1,622,657;
  // AT&T alone: 368,405; diversification benefit (1,473,621 + 368,405) − 1,622,657 = $219,369.
  const microsoft = { delta$: 10_000_000, gamma$: 0, dailyVol: 0.02 };
  const att = { delta$: 5_000_000, gamma$: 0, dailyVol: 0.01 };
  const hullZ = (value: number) => (value / z99) * 2.33; // re-express our exact-z figure at Hull's z = 2.33

  it('reproduces Hull’s Microsoft example (1-day and 10-day 99%)', () => {
    const oneDay = deltaGammaVar({ exposures: [microsoft], confidence: 0.99 });
    expect(oneDay.deltaStdDev).toBeCloseTo(200_000, 6);
    // Derived: 2.3263 × 200,000 = 465,269.57 (Hull’s 2.33 gives 466,000).
    expect(oneDay.deltaNormalVar).toBeCloseTo(465_269.57, 1);
    const tenDay = deltaGammaVar({ exposures: [microsoft], confidence: 0.99, horizonDays: 10 });
    expect(tenDay.deltaStdDev).toBeCloseTo(632_455.53, 1);
    expect(tenDay.deltaNormalVar).toBeCloseTo(oneDay.deltaNormalVar * Math.sqrt(10), 6);
    expect(Math.abs(hullZ(tenDay.deltaNormalVar) - 1_473_621)).toBeLessThan(1);
  });

  it('reproduces Hull’s Microsoft + AT&T portfolio (ρ = 0.3)', () => {
    const attAlone = deltaGammaVar({ exposures: [att], confidence: 0.99, horizonDays: 10 });
    expect(Math.abs(hullZ(attAlone.deltaNormalVar) - 368_405)).toBeLessThan(1);
    const portfolio = deltaGammaVar({
      exposures: [microsoft, att],
      correlation: [
        [1, 0.3],
        [0.3, 1],
      ],
      confidence: 0.99,
      horizonDays: 10,
    });
    expect(Math.abs(portfolio.deltaStdDev / Math.sqrt(10) - 220_227)).toBeLessThan(1);
    expect(Math.abs(hullZ(portfolio.deltaNormalVar) - 1_622_657)).toBeLessThan(1);
    expect(Math.abs(hullZ(1_473_621 + 368_405 - 1_622_657) - hullZ(219_369))).toBeLessThan(1);
  });

  it('gamma = 0: the delta-gamma VaR is the delta-normal VaR', () => {
    for (const confidence of [0.95, 0.99]) {
      const result = deltaGammaVar({ exposures: [microsoft, att], confidence, horizonDays: 5 });
      expect(result.skewness).toBe(0);
      expect(result.mean).toBe(0);
      expect(result.var).toBeCloseTo(result.deltaNormalVar, 6);
      // One factor by default: the two delta SDs add up.
      expect(result.deltaStdDev).toBeCloseTo(Math.sqrt(5) * (200_000 + 50_000), 6);
    }
  });

  it('negative gamma (short options) increases VaR over delta-normal; positive gamma lowers it', () => {
    const exposure = { delta$: 1_000_000, dailyVol: 0.015 };
    const short = deltaGammaVar({ exposures: [{ ...exposure, gamma$: -50_000_000 }], confidence: 0.99 });
    const long = deltaGammaVar({ exposures: [{ ...exposure, gamma$: 50_000_000 }], confidence: 0.99 });
    expect(short.skewness).toBeLessThan(0);
    expect(short.var).toBeGreaterThan(short.deltaNormalVar);
    expect(long.var).toBeLessThan(long.deltaNormalVar);
  });

  it('matches Hull’s single-variable moments of the quadratic model', () => {
    // ΔP = δ Δx + ½ γ Δx², Δx ~ N(0, s²): E = ½γs², E(ΔP²) = δ²s² + ¾γ²s⁴, E(ΔP³) = 9/2 δ²γs⁴ + 15/8 γ³s⁶.
    const d = 250_000;
    const g = -4_000_000;
    const s = 0.02 * Math.sqrt(3);
    const result = deltaGammaVar({
      exposures: [{ delta$: d, gamma$: g, dailyVol: 0.02 }],
      confidence: 0.95,
      horizonDays: 3,
    });
    const m1 = 0.5 * g * s ** 2;
    const m2 = d ** 2 * s ** 2 + 0.75 * g ** 2 * s ** 4;
    const m3 = 4.5 * d ** 2 * g * s ** 4 + (15 / 8) * g ** 3 * s ** 6;
    const variance = m2 - m1 ** 2;
    const central3 = m3 - 3 * m1 * m2 + 2 * m1 ** 3;
    expect(result.mean).toBeCloseTo(m1, 6);
    expect(result.stdDev).toBeCloseTo(Math.sqrt(variance), 6);
    expect(result.skewness).toBeCloseTo(central3 / variance ** 1.5, 10);
    const z = normInv(0.05);
    expect(result.var).toBeCloseTo(-(m1 + (z + ((z * z - 1) * result.skewness) / 6) * Math.sqrt(variance)), 6);
  });

  it('two underliers with ρ = 1 and equal vols equal one with the summed exposures', () => {
    const a = { delta$: 300_000, gamma$: -2_000_000, dailyVol: 0.012 };
    const b = { delta$: -100_000, gamma$: 500_000, dailyVol: 0.012 };
    const pair = deltaGammaVar({ exposures: [a, b], confidence: 0.99, horizonDays: 2 });
    const merged = deltaGammaVar({
      exposures: [{ delta$: a.delta$ + b.delta$, gamma$: a.gamma$ + b.gamma$, dailyVol: 0.012 }],
      confidence: 0.99,
      horizonDays: 2,
    });
    expect(pair.var).toBeCloseTo(merged.var, 6);
    expect(pair.deltaNormalVar).toBeCloseTo(merged.deltaNormalVar, 6);
  });

  it('accepts offsetting exposures whose delta variance nets to a tiny negative rounding residue', () => {
    // Long and short $1M of two perfectly correlated underliers at nearly the same vol: d·C·d is a residue of ~1e10.
    const exposures = [
      { delta$: 999999.9432267359, gamma$: 0, dailyVol: 0.07999999963577523 },
      { delta$: -999999.9432279327, gamma$: 0, dailyVol: 0.07999999833004327 },
    ];
    const ones = exposures.map(() => exposures.map(() => 1));
    const result = deltaGammaVar({ exposures, confidence: 0.99, horizonDays: 8, correlation: ones });
    expect(result.deltaNormalVar).toBeLessThan(1);
    // A matrix that is not PSD still is refused: ρ12 = ρ13 = 0.9 with ρ23 = −0.9 gives d·C·d < 0 for d = (−1, 1, 1).
    const bad = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    const book = [-1e5, 1e5, 1e5].map((delta$) => ({ delta$, gamma$: 0, dailyVol: 0.01 }));
    expect(() => deltaGammaVar({ exposures: book, confidence: 0.99, correlation: bad })).toThrow(/semi-definite/);
  });

  it('the one-factor shortcut equals the matrix formulas with an all-ones correlation (property)', () => {
    const exposure = fc.record({
      delta$: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      gamma$: fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      dailyVol: fc.double({ min: 0.001, max: 0.08, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(exposure, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 10 }),
        (exposures, h) => {
          const ones = exposures.map(() => exposures.map(() => 1));
          const shortcut = deltaGammaVar({ exposures, confidence: 0.99, horizonDays: h });
          const matrix = deltaGammaVar({ exposures, confidence: 0.99, horizonDays: h, correlation: ones });
          // Offsetting exposures (±$10M of gamma netting to dollars) leave a net that is a floating-point residue: its
          // skewness (a ratio of cancelled moments) means nothing in either formula. The identity is checked where the
          // net moves are not lost in the gross ones.
          const gross = exposures.reduce(
            (sum, e) => sum + Math.abs(e.delta$) * e.dailyVol * Math.sqrt(h) + Math.abs(e.gamma$) * e.dailyVol ** 2 * h,
            0,
          );
          fc.pre(Math.abs(matrix.stdDev) >= 1e-4 * gross);
          // The matrix form squares the gross before the net is taken, so its rounding grows with the gross.
          const tolerance = 1e-6 * Math.max(1, Math.abs(matrix.stdDev)) + 1e-7 * gross;
          expect(Math.abs(shortcut.var - matrix.var)).toBeLessThan(tolerance);
          expect(Math.abs(shortcut.deltaNormalVar - matrix.deltaNormalVar)).toBeLessThan(tolerance);
        },
      ),
    );
  });

  it('VaR scales linearly with position size for a pure-delta book (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        fc.double({ min: 0.001, max: 0.1, noNaN: true }),
        fc.double({ min: -0.99, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.constantFrom(0.95, 0.99),
        (d1, d2, vol, rho, size, confidence) => {
          const input = (k: number) => ({
            exposures: [
              { delta$: d1 * k, gamma$: 0, dailyVol: vol },
              { delta$: d2 * k, gamma$: 0, dailyVol: vol * 1.5 },
            ],
            correlation: [
              [1, rho],
              [rho, 1],
            ],
            confidence,
            horizonDays: 10,
          });
          const base = deltaGammaVar(input(1));
          const scaled = deltaGammaVar(input(size));
          const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
          expect(near(scaled.var, base.var * size)).toBe(true);
          expect(near(scaled.var, scaled.deltaNormalVar)).toBe(true);
        },
      ),
    );
  });

  it('rejects bad confidence, horizon, vols and correlation matrices', () => {
    const exposures = [microsoft, att];
    expect(() => deltaGammaVar({ exposures, confidence: 1 })).toThrow(RangeError);
    expect(() => deltaGammaVar({ exposures, confidence: 0.99, horizonDays: 0 })).toThrow(RangeError);
    expect(() => deltaGammaVar({ exposures: [{ ...att, dailyVol: -0.1 }], confidence: 0.99 })).toThrow(RangeError);
    expect(() => deltaGammaVar({ exposures, confidence: 0.99, correlation: [[1]] })).toThrow(RangeError);
    expect(() =>
      deltaGammaVar({
        exposures,
        confidence: 0.99,
        correlation: [
          [1, 0.5],
          [0.4, 1],
        ],
      }),
    ).toThrow(RangeError);
    expect(() =>
      deltaGammaVar({
        exposures,
        confidence: 0.99,
        correlation: [
          [1, 1.2],
          [1.2, 1],
        ],
      }),
    ).toThrow(RangeError);
  });
});

describe('scenarioPnl', () => {
  const market = marketWith({ AAPL: 200, MSFT: 400 });

  it('long stock: qty × S × r exactly (simple returns)', () => {
    const returns = [0.01, -0.02, 0.035, 0, -0.1];
    const { pnl, skipped } = scenarioPnl([stock('AAPL', 150)], market, { AAPL: returns });
    expect(skipped).toEqual([]);
    expect(pnl).toEqual(returns.map((r) => 150 * 200 * r));
  });

  it('log returns move the spot by e^r', () => {
    const { pnl } = scenarioPnl([stock('AAPL', 10)], market, { AAPL: [0.05, -0.05] }, { returns: 'log' });
    expect(pnl[0]).toBeCloseTo(10 * 200 * (Math.exp(0.05) - 1), 9);
    expect(pnl[1]).toBeCloseTo(10 * 200 * (Math.exp(-0.05) - 1), 9);
  });

  it('reprices options at the moved spot with the same vol and time', () => {
    const T = (Date.parse('2026-04-17T20:00:00Z') - nowMs) / (365 * 24 * 3600 * 1000);
    const value = (S: number) => price({ right: 'call', S, K: 210, T, r: 0.04, q: 0, sigma: 0.25 });
    const { pnl } = scenarioPnl([option('AAPL', 'call', 210, 2)], market, { AAPL: [0.03, -0.04] });
    expect(pnl[0]).toBeCloseTo((value(206) - value(200)) * 2 * 100, 6);
    expect(pnl[1]).toBeCloseTo((value(192) - value(200)) * 2 * 100, 6);
  });

  it('a short put loses in down scenarios and gains in up scenarios', () => {
    const returns = [-0.08, -0.03, -0.005, 0.005, 0.03, 0.08];
    const { pnl } = scenarioPnl([option('AAPL', 'put', 190, -3)], market, { AAPL: returns });
    returns.forEach((r, i) => {
      if (r < 0) expect(pnl[i]).toBeLessThan(0);
      else expect(pnl[i]).toBeGreaterThan(0);
    });
    // Down moves hurt more than up moves help (short gamma).
    expect(-(pnl[0] ?? 0)).toBeGreaterThan(pnl[5] ?? 0);
  });

  it('sums the book; uses the shortest series, aligned on the most recent returns', () => {
    const { pnl } = scenarioPnl([stock('AAPL', 1), stock('MSFT', -2)], market, {
      AAPL: [0.5, 0.01, 0.02],
      MSFT: [0.03, -0.01],
    });
    expect(pnl).toHaveLength(2);
    expect(pnl[0]).toBeCloseTo(200 * 0.01 - 2 * 400 * 0.03, 12);
    expect(pnl[1]).toBeCloseTo(200 * 0.02 + 2 * 400 * 0.01, 12);
  });

  it('lists positions with no spot or no returns instead of counting them as 0', () => {
    const noSpot = stock('TSLA', 5);
    const noReturns = option('MSFT', 'call', 400, 1);
    const badReturns = stock('AAPL', 1);
    const result = scenarioPnl([noSpot, noReturns, stock('AAPL', 0)], marketWith({ AAPL: 200, MSFT: 400 }), {
      TSLA: [0.01],
    });
    expect(result.pnl).toEqual([]);
    expect(result.skipped).toEqual([
      { position: noSpot, reason: 'unknown_spot' },
      { position: noReturns, reason: 'no_returns' },
    ]);
    expect(scenarioPnl([badReturns], market, { AAPL: [0.01, Number.NaN] }).skipped).toEqual([
      { position: badReturns, reason: 'invalid_returns' },
    ]);
    // Only own keys count: Object.prototype.toString is not a return series.
    expect(scenarioPnl([stock('toString', 1)], marketWith({ toString: 10 }), {}).skipped[0]?.reason).toBe('no_returns');
  });

  it('feeds historicalVar: a long stock’s VaR is its worst simple-return loss', () => {
    const returns = [0.01, -0.04, 0.02, -0.01, 0.005];
    const { pnl } = scenarioPnl([stock('AAPL', 100)], market, { AAPL: returns });
    expect(historicalVar(pnl, 0.8).var).toBeCloseTo(100 * 200 * 0.04, 9);
  });
});

describe('dollarGreeks', () => {
  it('stock: Δ$ = qty × S, Γ$ = 0; options add qty × multiplier × delta × S and × gamma × S²', () => {
    const market = marketWith({ AAPL: 200 });
    const { exposures, skipped } = dollarGreeks(
      [stock('AAPL', 100), option('AAPL', 'put', 190, -2), stock('ZZZ', 1)],
      market,
    );
    expect(skipped.map((s) => s.reason)).toEqual(['unknown_spot']);
    expect(exposures).toHaveLength(1);
    const [aapl] = exposures;
    // Short puts: positive delta and negative gamma.
    expect(aapl?.delta$).toBeGreaterThan(100 * 200);
    expect(aapl?.gamma$).toBeLessThan(0);
    // Short gamma: the delta-gamma VaR of the book exceeds its delta-normal VaR.
    const dg = deltaGammaVar({
      exposures: [{ delta$: aapl?.delta$ ?? 0, gamma$: aapl?.gamma$ ?? 0, dailyVol: 0.01 }],
      confidence: 0.99,
    });
    expect(dg.var).toBeGreaterThan(dg.deltaNormalVar);
  });
});
