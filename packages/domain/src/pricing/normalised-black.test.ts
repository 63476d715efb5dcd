import { describe, expect, it } from 'vitest';
import { impliedNormalisedVolatility } from './lets-be-rational';
import { normalisedBlackAtInflection, normalisedBlackOtm, normalisedVega } from './normalised-black';

describe('normalised Black b(x, s) (Jäckel 2015)', () => {
  // b = e^{x/2}Φ(x/s + s/2) − e^{−x/2}Φ(x/s − s/2) evaluated with mpmath 1.3 at 40 digits. Each region of
  // the implementation appears: small-t series, erfcx difference, and the h + t > 0 branch.
  const table: [number, number, number][] = [
    [-1e-8, 0.001, 0.0003989372637987854],
    [0, 0.0001, 3.989422802352067e-5],
    [0, 1, 0.38292492254802624],
    [-0.5, 0.1, 5.339911785800857e-9],
    [-2, 0.1, 1.3683094548416062e-91],
    [-10, 1, 6.611749177891193e-25],
    [-30, 1.5, 1.553356595635154e-90],
    [-5, 0.3, 2.0238189294117226e-64],
    [-1, 3, 0.4777039972474732],
    [-20, 10, 4.531045473944066e-5],
    [-0.01, 0.42, 0.16138084055853216],
  ];
  it.each(table)('b(%d, %d) to a few ulps times the condition number 1 + h² (mpmath)', (x, s, expected) => {
    const h = x / s;
    expect(Math.abs(normalisedBlackOtm(x, s) / expected - 1)).toBeLessThanOrEqual(4 * Number.EPSILON * (1 + h * h));
  });

  it.each(table)('b(%d, %d) likewise when the caller supplies e^{x/2} (the solver path)', (x, s, expected) => {
    const h = x / s;
    const b = normalisedBlackOtm(x, s, new Float64Array(1), Math.exp(0.5 * x));
    expect(Math.abs(b / expected - 1)).toBeLessThanOrEqual(4 * Number.EPSILON * (1 + h * h));
  });

  it('the e^{x/2} path agrees with the general one near the inflection point, where it differs', () => {
    for (const x of [-1e-4, -0.05, -0.3, -1, -4, -12]) {
      const sc = Math.sqrt(-2 * x);
      for (const f of [0.6, 0.8, 0.95, 1, 1.05, 1.3, 1.8]) {
        const s = f * sc;
        const b = normalisedBlackOtm(x, s, new Float64Array(1), Math.exp(0.5 * x));
        expect(Math.abs(b / normalisedBlackOtm(x, s) - 1)).toBeLessThanOrEqual(1e-14);
      }
    }
  });

  it('b at the inflection point s = √(−2x) matches the general evaluation', () => {
    for (const x of [0, -1e-12, -1e-6, -0.01, -0.2, -0.2197, -0.22, -0.5, -1, -5, -50, -300]) {
      const bc = normalisedBlackAtInflection(x, Math.exp(0.5 * x));
      const ref = normalisedBlackOtm(x, Math.sqrt(-2 * x));
      if (ref === 0) expect(bc).toBe(0);
      else expect(Math.abs(bc / ref - 1)).toBeLessThanOrEqual(1e-14);
    }
  });

  it('has the limits b(x, 0) = 0, b(x, ∞) = e^{x/2}', () => {
    expect(normalisedBlackOtm(-1, 0)).toBe(0);
    expect(normalisedBlackOtm(0, 0)).toBe(0);
    expect(normalisedBlackOtm(-1, Infinity)).toBe(Math.exp(-0.5));
  });

  it('vega is the s-derivative of b (central difference)', () => {
    for (const [x, s] of [
      [-0.3, 0.2],
      [-2, 1.5],
      [0, 0.7],
      [-8, 4],
    ] as const) {
      const hStep = 1e-5 * s;
      const fd = (normalisedBlackOtm(x, s + hStep) - normalisedBlackOtm(x, s - hStep)) / (2 * hStep);
      expect(Math.abs(normalisedVega(x, s) / fd - 1)).toBeLessThan(1e-7);
    }
  });

  it('the normalised IV inverts b on every branch of the initial guess', () => {
    for (const x of [0, -1e-6, -0.1, -1, -5, -20]) {
      for (const s of [1e-3, 0.05, 0.3, 1, Math.sqrt(2 * Math.abs(x)), 3, 8]) {
        const b = normalisedBlackOtm(x, s);
        if (!(b > 0) || b >= Math.exp(0.5 * x)) continue;
        expect(Math.abs(impliedNormalisedVolatility(b, x) / s - 1)).toBeLessThanOrEqual(1e-13);
      }
    }
  });
});
