import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, erfcx, normCdf, normInv, normInvCbrt, normPdf } from './normal-distribution';

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('normCdf', () => {
  // Reference values computed with mpmath 1.3 at 40 significant digits (mp.ncdf).
  const table: [number, number][] = [
    [-37.5, 4.605353009581955e-308],
    [-30, 4.906713927148187e-198],
    [-20, 2.7536241186062337e-89],
    [-10, 7.619853024160525e-24],
    [-5, 2.866515718791939e-7],
    [-2, 0.02275013194817921],
    [-1, 0.15865525393145705],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.3, 0.6179114221889527],
    [1, 0.8413447460685429],
    [2, 0.9772498680518208],
    [5, 0.9999997133484281],
    [8, 0.9999999999999993],
  ];
  it.each(table)('Φ(%d) matches a 40-digit reference to 1e-15 relative (mpmath)', (x, expected) => {
    expect(relErr(normCdf(x), expected)).toBeLessThanOrEqual(1e-15);
  });

  it('matches the issue values Φ(−10) = 7.619853024160527e-24, Φ(±1) (high-precision tables)', () => {
    expect(relErr(normCdf(-10), 7.619853024160527e-24)).toBeLessThanOrEqual(1e-15);
    expect(relErr(normCdf(1), 0.8413447460685429)).toBeLessThanOrEqual(1e-15);
    expect(relErr(normCdf(-1), 0.15865525393145705)).toBeLessThanOrEqual(1e-15);
  });

  it('handles the extremes and NaN', () => {
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(9)).toBe(1);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(NaN)).toBeNaN();
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1 and monotone (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, dx) => {
        expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThanOrEqual(2.3e-16);
        expect(normCdf(x + dx)).toBeGreaterThanOrEqual(normCdf(x));
      }),
    );
  });
});

describe('normPdf, erf, erfc, erfcx', () => {
  it('normPdf keeps relative precision in the tails (mpmath npdf)', () => {
    expect(relErr(normPdf(0), 0.3989422804014327)).toBeLessThanOrEqual(1e-16);
    expect(relErr(normPdf(-30), 1.4736461348785476e-196)).toBeLessThanOrEqual(2e-15);
    expect(normPdf(3)).toBe(normPdf(-3));
  });

  it('erfcx (Cody 1969) against mpmath: erfcx(2), erfcx(30)', () => {
    expect(relErr(erfcx(2), 0.25539567631050575)).toBeLessThanOrEqual(1e-15);
    expect(relErr(erfcx(30), 0.01879588886141675)).toBeLessThanOrEqual(1e-15);
    expect(erfcx(0)).toBe(1);
  });

  it('erf/erfc are consistent and odd/even like the functions', () => {
    for (const x of [-3, -0.4, 0, 0.2, 0.9, 2.5]) {
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(3e-16);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erfc(27)).toBeGreaterThan(0);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });
});

describe('normInv (Wichura AS241)', () => {
  // Reference quantiles computed with mpmath 1.3 (root of Φ(x) = p at 40 digits, p the given double).
  const table: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965326],
    [1e-20, -9.262340089798407],
    [1e-5, -4.264890793922825],
    [0.025, -1.9599639845400543],
    [0.3, -0.5244005127080408],
    [0.75, 0.6744897501960817],
    [0.975, 1.9599639845400543],
    [0.9, 1.2815515655446006],
    // The double nearest 0.999999 (not the decimal): upper-tail quantiles are that sensitive to p.
    [0.999999, 4.753424308817088],
  ];
  it.each(table)('Φ⁻¹(%d) matches a 40-digit reference to 1e-15 relative (mpmath)', (p, expected) => {
    expect(relErr(normInv(p), expected)).toBeLessThanOrEqual(1e-15);
  });

  it('maps the ends and rejects the outside', () => {
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
    expect(normInv(0.5)).toBe(0);
    expect(normInv(-0.1)).toBeNaN();
    expect(normInv(1.1)).toBeNaN();
    expect(normInv(NaN)).toBeNaN();
  });

  it('round-trips Φ(Φ⁻¹(p)) = p within a few ulps times the condition number x·φ/Φ, p from 1e-300 to 0.5 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: Math.log10(0.5), noNaN: true }), (e) => {
        const p = 10 ** e;
        // dp/p = (x·φ(x)/Φ(x))·(dx/x): a few ulps of x times that condition number (≈ x² in the tail).
        const x = normInv(p);
        const condition = (Math.abs(x) * normPdf(x)) / p;
        expect(relErr(normCdf(x), p)).toBeLessThanOrEqual(4 * Number.EPSILON * (1 + condition));
      }),
    );
  });

  it('round-trips Φ⁻¹(Φ(x)) = x for x in [−37, 2] (above, Φ(x) itself rounds x away) (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 2, noNaN: true }), (x) => {
        expect(Math.abs(normInv(normCdf(x)) - x)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(x)));
      }),
    );
  });

  it('Φ⁻¹(∛y) agrees with normInv(Math.cbrt(y)) on both sides of the tail split (property)', () => {
    expect(normInvCbrt(0)).toBe(-Infinity);
    expect(normInvCbrt(1)).toBe(Infinity);
    fc.assert(
      fc.property(fc.double({ min: -300, max: -1e-3, noNaN: true }), (e) => {
        const y = 10 ** e;
        expect(relErr(normInvCbrt(y), normInv(Math.cbrt(y)))).toBeLessThanOrEqual(1e-15);
      }),
    );
  });
});
