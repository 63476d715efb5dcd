import { describe, expect, it } from 'vitest';
import { annualizeReturn, coveredCallReturns, returnFigures, shortPutReturns } from './returns';

describe('returns', () => {
  it('annualizes simply and compounded over calendar days', () => {
    expect(annualizeReturn(0.01, 36.5)).toBeCloseTo(0.1, 15);
    expect(annualizeReturn(0.01, 36.5, 'compound')).toBeCloseTo(1.01 ** 10 - 1, 15);
    expect(annualizeReturn(0.01, 365, 'compound')).toBeCloseTo(0.01, 15);
    expect(annualizeReturn(0.01, 0)).toBeNaN();
    expect(annualizeReturn(Number.NaN, 30)).toBeNaN();
  });

  it('of a cash-secured put: premium / (strike·100 − premium) on risk, premium / strike on capital', () => {
    const { onRisk, onCapital } = shortPutReturns(190, 2.35, 30);
    expect(onRisk.period).toBeCloseTo(235 / (190 * 100 - 235), 15);
    expect(onRisk.annualizedSimple).toBeCloseTo((235 / 18765) * (365 / 30), 15);
    expect(onRisk.annualizedCompound).toBeCloseTo((1 + 235 / 18765) ** (365 / 30) - 1, 15);
    expect(onCapital.period).toBeCloseTo(2.35 / 190, 15);
  });

  it('of a covered call, unchanged and called away', () => {
    const figures = coveredCallReturns(50, 1, 55, 30);
    expect(figures.onRisk.period).toBeCloseTo(1 / 49, 15);
    expect(figures.onCapital.period).toBeCloseTo(1 / 50, 15);
    expect(figures.ifCalled.period).toBeCloseTo(6 / 49, 15);
  });

  it('of a credit spread, and NaN for nonsense', () => {
    expect(returnFigures(1.2, 5 - 1.2, 45).period).toBeCloseTo(1.2 / 3.8, 15);
    expect(returnFigures(1, 0, 30).period).toBeNaN();
    expect(shortPutReturns(2, 2, 30).onRisk.period).toBeNaN();
    expect(shortPutReturns(190, Number.NaN, 30).onCapital.annualizedSimple).toBeNaN();
  });
});
