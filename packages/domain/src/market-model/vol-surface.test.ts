import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atmVol, skewedVol } from './vol-surface';

const SKEW = { skew: 0.22, smile: 0.04 };

describe('vol surface', () => {
  it('hits the VIX-tied level at 30 days and reverts toward the long-run level', () => {
    const high = { atm30: 0.35, longRun: 0.19 };
    expect(atmVol(high, 30 / 365)).toBeCloseTo(0.35, 10);
    expect(atmVol(high, 7 / 365)).toBeGreaterThan(0.35); // backwardation in a stressed market
    expect(atmVol(high, 2)).toBeLessThan(0.25);
    const low = { atm30: 0.12, longRun: 0.19 };
    expect(atmVol(low, 7 / 365)).toBeLessThan(0.12); // contango in a calm one
    expect(atmVol(low, 2)).toBeGreaterThan(0.15);
  });

  it('is NaN, never 0, when undefined', () => {
    expect(atmVol({ atm30: 0.2, longRun: 0.2 }, 0)).toBeNaN();
    expect(atmVol({ atm30: NaN, longRun: 0.2 }, 0.1)).toBeNaN();
    expect(skewedVol(0.2, 0, 0, SKEW)).toBeNaN();
    expect(skewedVol(0.2, 0.1, NaN, SKEW)).toBeNaN();
  });

  it('makes puts richer: vol falls as the strike rises, up to the smile minimum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.08, max: 0.8, noNaN: true }),
        fc.double({ min: 2 / 365, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (atm, T, dz) => {
          const x1 = -dz * atm * Math.sqrt(T);
          expect(skewedVol(atm, T, x1, SKEW)).toBeGreaterThan(skewedVol(atm, T, 0, SKEW));
          expect(skewedVol(atm, T, -x1, SKEW)).toBeLessThan(skewedVol(atm, T, 0, SKEW));
        },
      ),
    );
  });
});
