import { describe, expect, it } from 'vitest';
import { closeToCloseVolatility, ivPercentile, ivRank, logReturns, parkinsonVolatility } from './volatility-stats';

describe('IV rank and percentile', () => {
  const history = [0.2, 0.25, null, 0.3, Number.NaN, 0.4, undefined, 0, 0.35];

  it('ranks within the window of known days', () => {
    expect(ivRank(0.3, history)).toBeCloseTo((0.3 - 0.2) / (0.4 - 0.2), 15);
    expect(ivRank(0.4, history)).toBe(1);
    expect(ivRank(0.2, history)).toBe(0);
    // Known days 0.2, 0.25, 0.3, 0.4, 0.35: two are below 0.3.
    expect(ivPercentile(0.3, history)).toBe(2 / 5);
    expect(ivPercentile(0.5, history)).toBe(1);
  });

  it('gives NaN, not 0, when it cannot know', () => {
    expect(ivRank(0.3, [])).toBeNaN();
    expect(ivPercentile(0.3, [null, undefined, Number.NaN])).toBeNaN();
    expect(ivRank(0.3, [0.3, 0.3])).toBeNaN();
    expect(ivRank(Number.NaN, history)).toBeNaN();
  });
});

describe('realized volatility', () => {
  it('close-to-close: sample stdev of log returns × √252 (worked example)', () => {
    // Closes 100, 101, 99, 102 → log returns r = ln(101/100), ln(99/101), ln(102/99)
    //   = 0.00995033, −0.02000067, 0.02985296; mean 0.00660088;
    //   sample variance Σ(r − mean)² / 2 = 0.00062976; × 252 → √0.15870 = 0.398371.
    expect(logReturns([100, 101])).toEqual([Math.log(1.01)]);
    expect(closeToCloseVolatility([100, 101, 99, 102])).toBeCloseTo(0.398371, 6);
    expect(closeToCloseVolatility([100, 100, 100])).toBe(0);
    expect(closeToCloseVolatility([100, 101])).toBeNaN();
    expect(closeToCloseVolatility([100, 0, 101, 102])).toBeNaN();
  });

  it('Parkinson: Σ ln(H/L)² / (4 n ln 2), annualized (worked example)', () => {
    // ln(H/L) = 0.02, 0.01, 0.03 → Σ = 0.0004 + 0.0001 + 0.0009 = 0.0014;
    // daily variance 0.0014 / (4·3·0.693147) = 0.000168314; × 252 = 0.0424152; √ = 0.205950.
    const bars = [0.02, 0.01, 0.03].map((x) => ({ high: 100 * Math.exp(x), low: 100 }));
    expect(parkinsonVolatility(bars)).toBeCloseTo(0.20595, 5);
    expect(parkinsonVolatility([])).toBeNaN();
    expect(parkinsonVolatility([{ high: 99, low: 100 }])).toBeNaN();
    expect(parkinsonVolatility([{ high: 1, low: 0 }])).toBeNaN();
  });
});
