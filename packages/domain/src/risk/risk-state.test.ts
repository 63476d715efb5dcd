import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate, yearFractionToExpiry } from '../calendar';
import { parseMoney } from '../money';
import { greeks } from '../pricing/api';
import { type MarginMarket, type MarginPosition, computeMarginSummary } from './margin';
import { computeRiskState, formatMarginSummary } from './risk-state';
import { marginUsage } from './rules';
import { deltaGammaVar, dollarGreeks, historicalVar, scenarioPnl } from './var';

const nowMs = newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60);
const expiry = '2026-04-17' as IsoDate;
const marketWith = (spots: Record<string, number>): MarginMarket => ({
  nowMs,
  spot: (symbol) => spots[symbol] ?? null,
  kind: (symbol) => (symbol === 'SPY' ? 'index_etf' : 'stock'),
  vol: () => 0.25,
  rate: 0.04,
  dividendYield: () => 0,
});
// 100 shares at 100 and one short put, strike 95, premium 2.00.
const book = (size = 1, stockMark: number | null = 100): MarginPosition[] => [
  { symbol: 'AAPL', quantity: 100 * size, mark: stockMark, instrument: { kind: 'stock' } },
  {
    symbol: 'AAPL',
    quantity: -size,
    mark: 2,
    instrument: { kind: 'option', right: 'put', strike: 95, expiry, multiplier: 100 },
  },
];
const cash = parseMoney('20000');
const returns = Array.from({ length: 100 }, (_, i) => 0.03 * Math.sin(i * 1.7));

describe('computeRiskState', () => {
  const market = marketWith({ AAPL: 100, SPY: 500 });
  const positions = book();
  const state = computeRiskState({
    type: 'margin_regt',
    cash,
    positions,
    market,
    returnsBySymbol: { AAPL: returns },
    dailyVolBySymbol: { AAPL: 0.02 },
    betaBySymbol: { AAPL: 1.2 },
  });

  it('carries the margin summary and usage of the margin rules', () => {
    const summary = computeMarginSummary('margin_regt', cash, positions, market);
    expect(state.margin).toEqual(formatMarginSummary(summary));
    // NLV = 20,000 + 10,000 − 200.
    expect(state.margin.netLiquidation).toBe('29800.00');
    expect(state.netLiquidation).toBe(29800);
    expect(state.marginUsage).toBe(marginUsage(summary));
  });

  it('computes the concentration by hand', () => {
    const [aapl] = state.concentration;
    expect(aapl?.symbol).toBe('AAPL');
    expect(aapl?.notional).toBe(10000); // |stock value|; the short put adds nothing
    expect(aapl?.notionalOfNlv).toBeCloseTo(10000 / 29800, 12);
    expect(aapl?.shortPutAssignment).toBe(95 * 100);
    expect(aapl?.shortPutAssignmentOfNlv).toBeCloseTo(9500 / 29800, 12);
  });

  it('takes delta dollars, theta and vega from the domain greeks', () => {
    const T = yearFractionToExpiry(nowMs, expiry);
    const g = greeks({ right: 'put', S: 100, K: 95, T, r: 0.04, q: 0, sigma: 0.25 });
    const delta$ = 100 * 100 + -1 * 100 * g.delta * 100;
    const [u] = state.greeks.byUnderlier;
    expect(u?.delta$).toBeCloseTo(delta$, 9);
    expect(u?.deltaShares).toBeCloseTo(100 - 100 * g.delta, 9);
    expect(state.concentration[0]?.deltaAdjustedNotional).toBeCloseTo(delta$, 9);
    expect(u?.gamma$).toBeCloseTo(-100 * g.gamma * 100 * 100, 9);
    expect(u?.thetaPerDay).toBeCloseTo(-100 * g.thetaPerDay, 9);
    expect(u?.vegaPerVolPoint).toBeCloseTo(-g.vega, 9);
    expect(state.greeks.total.delta$).toBeCloseTo(delta$, 9);
    expect(state.greeks.total.betaWeightedDelta$).toBeCloseTo(1.2 * delta$, 9);
    expect(state.greeks.total.betaWeightedDeltaSpyShares).toBeCloseTo((1.2 * delta$) / 500, 9);
  });

  it('takes VaR from the var module', () => {
    const expected = historicalVar(scenarioPnl(positions, market, { AAPL: returns }).pnl, 0.99);
    expect(state.var.historical?.var99).toBe(expected.var);
    expect(state.var.historical?.cvar99).toBe(expected.cvar);
    const [e] = dollarGreeks(positions, market).exposures;
    const dg = deltaGammaVar({
      exposures: [{ delta$: e?.delta$ ?? NaN, gamma$: e?.gamma$ ?? NaN, dailyVol: 0.02 }],
      confidence: 0.95,
    });
    expect(state.var.deltaGamma?.var95).toBe(dg.var);
    expect(state.var.deltaGamma?.var99).toBeGreaterThan(dg.var);
  });

  it('runs the standard stress scenarios and finds the worst', () => {
    expect(state.stress.length).toBe(13);
    expect(state.worstStress?.pnl).toBeLessThan(0);
    expect(state.worstStress?.pnl).toBe(Math.min(...state.stress.map((s) => s.pnl ?? 0)));
  });

  it('carries the max loss per underlier', () => {
    // 100 shares + short 95 put: 10,000 − 200 today, worth 0 − 9,500 with AAPL at 0.
    expect(state.maxLoss).toEqual([expect.objectContaining({ symbol: 'AAPL', maxLoss: 19300, definedRisk: true })]);
  });

  it('is a plain serializable object', () => {
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('leaves no SPY spot → SPY-share delta null, dollars still there', () => {
    const s = computeRiskState({ type: 'margin_regt', cash, positions, market: marketWith({ AAPL: 100 }) });
    expect(s.greeks.total.betaWeightedDeltaSpyShares).toBeNull();
    expect(s.greeks.total.betaWeightedDelta$).not.toBeNull();
    expect(s.var.historical).toBeNull();
    expect(s.var.deltaGamma).toBeNull();
  });

  it('keeps unknown spot as null, never 0', () => {
    const s = computeRiskState({
      type: 'margin_regt',
      cash,
      positions,
      market: marketWith({}),
      returnsBySymbol: { AAPL: returns },
      dailyVolBySymbol: { AAPL: 0.02 },
    });
    expect(s.unknownSpotSymbols).toEqual(['AAPL']);
    expect(s.concentration[0]?.notional).toBe(10000); // marks are known
    expect(s.concentration[0]?.deltaAdjustedNotional).toBeNull();
    expect(s.concentration[0]?.deltaAdjustedNotionalOfNlv).toBeNull();
    const [u] = s.greeks.byUnderlier;
    expect([u?.delta$, u?.deltaShares, u?.gamma$, u?.thetaPerDay, u?.vegaPerVolPoint]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(s.greeks.total.delta$).toBeNull();
    expect(s.var.historical).toBeNull();
    expect(s.var.historicalSkipped.map((x) => x.reason)).toEqual(['unknown_spot', 'unknown_spot']);
    expect(s.var.deltaGamma).toBeNull();
    expect(s.var.deltaGammaMissing).toEqual(['AAPL']);
    expect(s.stress.every((x) => x.pnl === null)).toBe(true);
    expect(s.worstStress).toBeNull();
  });

  it('keeps unknown marks as null notional and ratios', () => {
    const s = computeRiskState({ type: 'margin_regt', cash, positions: book(1, null), market });
    expect(s.unknownMarkSymbols).toEqual(['AAPL']);
    expect(s.netLiquidation).toBeNull();
    expect(s.marginUsage).toBeNull();
    expect(s.concentration[0]?.notional).toBeNull();
    expect(s.concentration[0]?.shortPutAssignment).toBe(9500);
    expect(s.concentration[0]?.shortPutAssignmentOfNlv).toBeNull();
    expect(s.greeks.total.delta$).not.toBeNull();
  });

  it('grows risk with position size', () => {
    const risk = (size: number) => {
      const s = computeRiskState({
        type: 'margin_pm',
        cash,
        positions: book(size),
        market,
        dailyVolBySymbol: { AAPL: 0.02 },
      });
      return { var95: s.var.deltaGamma?.var95 ?? NaN, worstLoss: -(s.worstStress?.pnl ?? NaN) };
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (a, b) => {
        fc.pre(a < b);
        const small = risk(a);
        const large = risk(b);
        expect(large.var95).toBeGreaterThan(small.var95);
        expect(large.worstLoss).toBeGreaterThan(small.worstLoss);
      }),
      { numRuns: 30 },
    );
  });
});
