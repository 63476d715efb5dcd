import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bivariateNormalCdf, gaussLegendre } from './bivariate-normal';
import { normCdf, normPdf } from './normal-distribution';

/** Φ₂ by brute force: ∫_{−∞}^{a} φ(x)·Φ((b − ρx)/√(1−ρ²)) dx with composite Simpson. */
function bruteForce(a: number, b: number, rho: number): number {
  const lo = -12;
  const hi = Math.min(a, 12);
  if (hi <= lo) return 0;
  const n = 20000;
  const h = (hi - lo) / n;
  const s = Math.sqrt(1 - rho * rho);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const x = lo + i * h;
    const weight = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * normPdf(x) * normCdf((b - rho * x) / s);
  }
  return (sum * h) / 3;
}

describe('bivariateNormalCdf (Genz 2004)', () => {
  it('matches the closed form Φ₂(0, 0; ρ) = 1/4 + asin(ρ)/(2π) in all three correlation bands', () => {
    for (const rho of [-0.9999, -0.95, -0.8, -0.5, -0.1, 0, 0.2, 0.6, 0.9, 0.93, 0.99, 0.999999]) {
      expect(bivariateNormalCdf(0, 0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 15);
    }
  });

  it('matches brute-force integration to 1e-12 on a grid including |ρ| ≥ 0.925', () => {
    let worst = 0;
    for (const rho of [-0.999, -0.95, -0.7, -0.3, 0.1, 0.5, 0.8, 0.93, 0.97, 0.995]) {
      for (const a of [-3, -0.7, 0, 0.4, 2.5]) {
        for (const b of [-2, -0.3, 0.5, 1.5, 3]) {
          worst = Math.max(worst, Math.abs(bivariateNormalCdf(a, b, rho) - bruteForce(a, b, rho)));
        }
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('has the right limits and independence', () => {
    expect(bivariateNormalCdf(0.3, -0.4, 0)).toBeCloseTo(normCdf(0.3) * normCdf(-0.4), 15);
    expect(bivariateNormalCdf(0.3, 1.2, 1)).toBe(normCdf(0.3));
    expect(bivariateNormalCdf(0.3, 1.2, -1)).toBeCloseTo(normCdf(0.3) - normCdf(-1.2), 15);
    expect(bivariateNormalCdf(Infinity, 0.5, 0.4)).toBe(normCdf(0.5));
    expect(bivariateNormalCdf(-Infinity, 0.5, 0.4)).toBe(0);
    expect(bivariateNormalCdf(0, 0, 1.5)).toBeNaN();
    expect(bivariateNormalCdf(NaN, 0, 0.5)).toBeNaN();
  });

  it('is symmetric in (a, b), obeys Φ₂(a,b;ρ) + Φ₂(a,−b;−ρ) = Φ(a), and stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (a, b, rho) => {
          const v = bivariateNormalCdf(a, b, rho);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
          expect(Math.abs(v - bivariateNormalCdf(b, a, rho))).toBeLessThan(1e-14);
          expect(Math.abs(v + bivariateNormalCdf(a, -b, -rho) - normCdf(a))).toBeLessThan(1e-14);
        },
      ),
    );
  });

  it('Gauss-Legendre integrates polynomials of degree 2n − 1 exactly', () => {
    const rule = gaussLegendre(7);
    let sum = 0;
    for (let i = 0; i < 7; i++) sum += rule.w[i]! * rule.x[i]! ** 12;
    expect(sum).toBeCloseTo(2 / 13, 15);
  });
});
