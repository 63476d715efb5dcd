import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normCdf } from '../math/normal-distribution';
import {
  popCoveredCall,
  popShortCall,
  popShortPut,
  probabilityAbove,
  probabilityBelow,
  probabilityOfTouch,
} from './probability';

/** Seeded uniform RNG (mulberry32) and Box–Muller normals: a Monte Carlo independent of the closed forms. */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('probability of profit (lognormal)', () => {
  const market = { S: 100, T: 45 / 365, sigma: 0.3, r: 0.04, q: 0.01 };

  it('is N(d2) at the breakeven', () => {
    const breakeven = 95 - 2.1;
    const d2 = (Math.log(100 / breakeven) + (0.04 - 0.01 - 0.045) * market.T) / (0.3 * Math.sqrt(market.T));
    expect(popShortPut({ ...market, strike: 95, premium: 2.1 })).toBeCloseTo(normCdf(d2), 14);
    expect(popShortCall({ ...market, strike: 105, premium: 1.8 })).toBeCloseTo(1 - probabilityAbove(106.8, market), 14);
    expect(popCoveredCall({ ...market, costBasis: 98, premium: 1.8 })).toBe(probabilityAbove(96.2, market));
  });

  it('agrees with a Monte Carlo of terminal prices', () => {
    const draw = normals(42);
    const n = 200_000;
    const { S, T, sigma, r, q } = market;
    let above = 0;
    for (let i = 0; i < n; i++) {
      const ST = S * Math.exp((r - q - (sigma * sigma) / 2) * T + sigma * Math.sqrt(T) * draw());
      if (ST > 92.9) above++;
    }
    // Standard error ≈ √(p(1−p)/n) ≈ 0.0008; allow ~5 of them.
    expect(popShortPut({ ...market, strike: 95, premium: 2.1 })).toBeCloseTo(above / n, 2);
  });

  it('uses a supplied drift instead of r − q', () => {
    const riskNeutral = popShortPut({ ...market, strike: 95, premium: 2 });
    const bullish = popShortPut({ ...market, strike: 95, premium: 2, drift: 0.2 });
    expect(bullish).toBeGreaterThan(riskNeutral);
  });

  it('handles the edges without inventing numbers', () => {
    expect(probabilityAbove(-1, market)).toBe(1); // premium above strike: breakeven below zero
    expect(probabilityBelow(0, market)).toBe(0);
    expect(probabilityAbove(90, { ...market, T: 0 })).toBe(1);
    expect(probabilityBelow(90, { ...market, T: 0 })).toBe(0);
    expect(probabilityAbove(110, { ...market, sigma: 0 })).toBe(0);
    expect(probabilityAbove(100, { S: 100, T: 1, sigma: 0, r: 0.05 })).toBe(1);
    expect(probabilityBelow(100, { S: 100, T: 1, sigma: 0, r: 0.05 })).toBe(0);
    for (const bad of [
      { S: Number.NaN },
      { S: 0 },
      { sigma: -0.1 },
      { T: -1 },
      { sigma: Number.NaN },
      { r: Number.NaN },
    ]) {
      expect(probabilityAbove(95, { ...market, ...bad })).toBeNaN();
      expect(popShortPut({ ...market, ...bad, strike: 95, premium: 1 })).toBeNaN();
    }
  });

  it('P(above) + P(below) = 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.5, max: 2000, noNaN: true }),
        fc.double({ min: 0.001, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (S, level, T, sigma) => {
          const input = { S, T, sigma, r: 0.03 };
          expect(probabilityAbove(level, input) + probabilityBelow(level, input)).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});

describe('probability of touch (reflection principle)', () => {
  it('is 2·N(−|ln(H/S)|/(σ√T)) for a driftless log price (μ = σ²/2)', () => {
    const sigma = 0.25;
    const T = 0.5;
    const input = { S: 100, T, sigma, drift: (sigma * sigma) / 2 };
    for (const barrier of [80, 95, 105, 130]) {
      const expected = 2 * normCdf(-Math.abs(Math.log(barrier / 100)) / (sigma * Math.sqrt(T)));
      expect(probabilityOfTouch(barrier, input)).toBeCloseTo(expected, 14);
    }
  });

  it('tends to e^{2νb/σ²} for an up barrier with negative log drift as T grows', () => {
    // A Brownian motion with drift ν < 0 ever reaches b > 0 with probability e^{2νb/σ²}.
    const sigma = 0.2;
    const drift = -0.05;
    const nu = drift - (sigma * sigma) / 2;
    const b = Math.log(120 / 100);
    expect(probabilityOfTouch(120, { S: 100, T: 2000, sigma, drift })).toBeCloseTo(
      Math.exp((2 * nu * b) / (sigma * sigma)),
      10,
    );
  });

  it('agrees with a Monte Carlo of monitored paths (Broadie–Glasserman–Kou continuity correction)', () => {
    const draw = normals(7);
    const S = 100;
    const sigma = 0.3;
    const T = 0.25;
    const r = 0.05;
    const steps = 250;
    const paths = 20_000;
    const dt = T / steps;
    // A discretely monitored barrier H·e^{−βσ√Δt} (β = 0.5826) approximates continuous monitoring at H.
    const shift = Math.exp(-0.5826 * sigma * Math.sqrt(dt));
    const up = 110 * shift;
    const down = 92 / shift;
    let hitUp = 0;
    let hitDown = 0;
    for (let p = 0; p < paths; p++) {
      let x = Math.log(S);
      let touchedUp = false;
      let touchedDown = false;
      for (let i = 0; i < steps; i++) {
        x += (r - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * draw();
        const price = Math.exp(x);
        touchedUp ||= price >= up;
        touchedDown ||= price <= down;
      }
      if (touchedUp) hitUp++;
      if (touchedDown) hitDown++;
    }
    expect(Math.abs(probabilityOfTouch(110, { S, T, sigma, r }) - hitUp / paths)).toBeLessThan(0.012);
    expect(Math.abs(probabilityOfTouch(92, { S, T, sigma, r }) - hitDown / paths)).toBeLessThan(0.012);
  });

  it('is at least the chance of finishing beyond the barrier, and 1 at the current price', () => {
    const input = { S: 100, T: 30 / 365, sigma: 0.35, r: 0.04 };
    expect(probabilityOfTouch(90, input)).toBeGreaterThan(probabilityBelow(90, input));
    expect(probabilityOfTouch(110, input)).toBeGreaterThan(probabilityAbove(110, input));
    expect(probabilityOfTouch(100, input)).toBe(1);
    expect(probabilityOfTouch(110, { ...input, T: 0 })).toBe(0);
    expect(probabilityOfTouch(0, input)).toBeNaN();
    expect(probabilityOfTouch(110, { ...input, sigma: Number.NaN })).toBeNaN();
  });

  it('mirrors: a down barrier with log drift ν equals the reflected up barrier with −ν (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        (ratio, sigma, T, nu) => {
          const S = 100;
          const half = (sigma * sigma) / 2;
          const down = probabilityOfTouch(S * ratio, { S, T, sigma, drift: nu + half });
          const up = probabilityOfTouch(S / ratio, { S, T, sigma, drift: -nu + half });
          expect(down).toBeCloseTo(up, 10);
        },
      ),
    );
  });
});
