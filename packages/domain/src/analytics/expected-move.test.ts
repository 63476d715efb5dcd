import { describe, expect, it } from 'vitest';
import { normCdf, normPdf } from '../math/normal-distribution';
import { expectedMove, expectedMoveFromStraddle, expectedMoveRange } from './expected-move';

describe('expected move', () => {
  it('is S·σ·√T per standard deviation', () => {
    expect(expectedMove(400, 0.2, 0.25)).toBeCloseTo(40, 12);
    expect(expectedMove(400, 0.2, 0.25, 2)).toBeCloseTo(80, 12);
    expect(expectedMoveRange(400, 0.2, 0.25)).toEqual({ move: 40, low: 360, high: 440 });
    expect(expectedMove(Number.NaN, 0.2, 0.25)).toBeNaN();
    expect(expectedMove(400, -0.2, 0.25)).toBeNaN();
  });

  it('recovers the 1-sd move from an ATM straddle', () => {
    // Black–Scholes ATM straddle with r = q = 0: 2·S·(N(σ√T/2) − N(−σ√T/2)).
    const S = 100;
    const sigma = 0.25;
    const T = 30 / 365;
    const half = (sigma * Math.sqrt(T)) / 2;
    const straddle = 2 * S * (normCdf(half) - normCdf(-half));
    const move = expectedMoveFromStraddle(straddle);
    expect(move.meanAbsoluteMove).toBe(straddle);
    expect(move.oneStandardDeviation / expectedMove(S, sigma, T)).toBeCloseTo(1, 3);
    expect(normPdf(0) * Math.sqrt(2 * Math.PI)).toBeCloseTo(1, 15); // √(2/π) = 2·φ(0), the factor used
    expect(expectedMoveFromStraddle(-1).oneStandardDeviation).toBeNaN();
  });
});
