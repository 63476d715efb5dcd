import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, formatMoney, micros, newYorkToUtc, parseIsoDate, parseMoney } from '../index';
import { price } from '../pricing/api';
import { yearFractionToExpiry } from '../calendar';
import { type MarginMarket, type MarginPosition, computeMarginSummary } from './margin';
import { type StressScenario, runStress, standardScenarios, stressedMarket } from './stress';

const nowMs = newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60);
const expiry = '2026-04-17' as IsoDate;
const T = yearFractionToExpiry(nowMs, expiry);
const marketWith = (spots: Record<string, number>, sigma = 0.25): MarginMarket => ({
  nowMs,
  spot: (symbol) => spots[symbol] ?? null,
  kind: (symbol) => (symbol === 'SPY' ? 'index_etf' : 'stock'),
  vol: () => sigma,
  rate: 0.04,
  dividendYield: () => 0,
});
const stock = (symbol: string, quantity: number, mark: number | null): MarginPosition => ({
  symbol,
  quantity,
  mark,
  instrument: { kind: 'stock' },
});
const option = (
  symbol: string,
  right: 'call' | 'put',
  strike: number,
  quantity: number,
  mark: number | null,
): MarginPosition => ({
  symbol,
  quantity,
  mark,
  instrument: { kind: 'option', right, strike, expiry, multiplier: 100 },
});
const model = (right: 'call' | 'put', S: number, K: number, sigma = 0.25) =>
  price({ right, S, K, T, r: 0.04, q: 0, sigma });
const text = (value: bigint | null) => (value === null ? null : formatMoney(micros(value)));
const uniform = (id: string, move: number, volShift = 0): StressScenario => ({
  id,
  label: id,
  spotMove: () => move,
  volShift,
});
const cash = parseMoney('100000');

describe('runStress, hand-computed', () => {
  it('a long 100 shares at 100 loses 1,000 under −10%', () => {
    const [result] = runStress('margin_regt', cash, [stock('XYZ', 100, 100)], marketWith({ XYZ: 100 }), [
      uniform('down10', -0.1),
    ]);
    expect(result!.pnl).toBeCloseTo(-1000, 9);
    expect(result!.byUnderlier).toEqual([{ symbol: 'XYZ', move: -0.1, pnl: result!.pnl }]);
    expect(result!.unpricedSymbols).toEqual([]);
    // NLV 100,000 + 100 × 90; Reg-T maintenance 25% × 9,000 = 2,250; excess = NLV − maintenance.
    expect(text(result!.netLiquidationAfter)).toBe('109000.00');
    expect(text(result!.maintenanceMarginAfter)).toBe('2250.00');
    expect(text(result!.excessLiquidityAfter)).toBe('106750.00');
  });

  it('an identity scenario changes nothing', () => {
    const positions = [stock('XYZ', 100, 100.5), option('XYZ', 'put', 95, -2, 1.7), option('XYZ', 'call', 110, 1, 0.9)];
    const market = marketWith({ XYZ: 100 });
    const [result] = runStress('margin_regt', cash, positions, market, [uniform('none', 0)]);
    const before = computeMarginSummary('margin_regt', cash, positions, market);
    expect(result!.pnl).toBeCloseTo(0, 9);
    expect(result!.netLiquidationAfter).toBe(before.netLiquidation);
    expect(result!.maintenanceMarginAfter).toBe(before.maintenanceMargin);
  });

  it('a short put loses more under −20% than −10% and gains under +10% (same instant)', () => {
    const mark = model('put', 100, 95);
    const results = runStress('margin_regt', cash, [option('XYZ', 'put', 95, -1, mark)], marketWith({ XYZ: 100 }), [
      uniform('down10', -0.1),
      uniform('down20', -0.2),
      uniform('up10', 0.1),
    ]);
    const [down10, down20, up10] = results.map((r) => r.pnl!);
    expect(down10).toBeLessThan(0);
    expect(down20).toBeLessThan(down10!);
    expect(up10).toBeGreaterThan(0);
    // Full repricing: −100 × (put(80) − put(100)).
    expect(down20).toBeCloseTo(-100 * (model('put', 80, 95) - mark), 6);
  });

  it('IV +10 hurts a short option and helps a long one', () => {
    const mark = model('call', 100, 105);
    const market = marketWith({ XYZ: 100 });
    const scenarios = [uniform('iv+10', 0, 0.1)];
    const [short] = runStress('margin_regt', cash, [option('XYZ', 'call', 105, -1, mark)], market, scenarios);
    const [long] = runStress('margin_regt', cash, [option('XYZ', 'call', 105, 1, mark)], market, scenarios);
    expect(short!.pnl).toBeLessThan(0);
    expect(long!.pnl).toBeGreaterThan(0);
    expect(long!.pnl).toBeCloseTo(100 * (model('call', 100, 105, 0.35) - mark), 6);
  });

  it('margin after a −20% day rises for a naked short put (Reg-T)', () => {
    const mark = model('put', 100, 95);
    const positions = [option('XYZ', 'put', 95, -1, mark)];
    const market = marketWith({ XYZ: 100 });
    const before = computeMarginSummary('margin_regt', cash, positions, market);
    const [after] = runStress('margin_regt', cash, positions, market, [uniform('down20', -0.2)]);
    // Before: max(20 − 5, 9.5) + premium; after (S 80, K 95 in the money): max(16, 9.5) + new premium ≈ 15.
    const newPremium = model('put', 80, 95);
    expect(Number(after!.maintenanceMarginAfter!) / 1e6).toBeCloseTo((16 + newPremium) * 100, 2);
    expect(Number(before.maintenanceMargin!) / 1e6).toBeCloseTo((15 + mark) * 100, 2);
    expect(after!.maintenanceMarginAfter!).toBeGreaterThan(before.maintenanceMargin!);
    expect(after!.excessLiquidityAfter!).toBeLessThan(before.excessLiquidity!);
  });

  it('an unknown spot makes that underlier unknown and flags the scenario, never 0', () => {
    const positions = [stock('XYZ', 100, 100), stock('NOPE', 10, 50)];
    const [result] = runStress('margin_regt', cash, positions, marketWith({ XYZ: 100 }), [uniform('down10', -0.1)]);
    expect(result!.pnl).toBeNull();
    expect(result!.unpricedSymbols).toEqual(['NOPE']);
    expect(result!.byUnderlier.find((u) => u.symbol === 'NOPE')!.pnl).toBeNull();
    expect(result!.byUnderlier.find((u) => u.symbol === 'XYZ')!.pnl).toBeCloseTo(-1000, 9);
    expect(result!.netLiquidationAfter).toBeNull();
  });

  it('an unknown mark still has a model P&L, but no NLV after', () => {
    const [result] = runStress('margin_regt', cash, [stock('XYZ', 100, null)], marketWith({ XYZ: 100 }), [
      uniform('down10', -0.1),
    ]);
    expect(result!.pnl).toBeCloseTo(-1000, 9);
    expect(result!.netLiquidationAfter).toBeNull();
  });

  it('rejects a move of −100% or worse', () => {
    expect(() =>
      runStress('margin_regt', cash, [stock('XYZ', 1, 100)], marketWith({ XYZ: 100 }), [uniform('wipe', -1)]),
    ).toThrow(RangeError);
  });

  it('floors a shifted vol at 1 vol point', () => {
    const view = stressedMarket(marketWith({ XYZ: 100 }, 0.05), uniform('iv-10', 0, -0.1));
    expect(view.vol('XYZ', expiry, 100)).toBe(0.01);
    expect(view.spot('XYZ')).toBe(100);
    expect(view.spot('NOPE')).toBeNull();
  });
});

describe('standardScenarios', () => {
  it('has the spot ladder, the IV shifts and three historical days', () => {
    const scenarios = standardScenarios();
    expect(scenarios.map((s) => s.id)).toEqual([
      'spot-20',
      'spot-15',
      'spot-10',
      'spot-5',
      'spot+5',
      'spot+10',
      'spot+15',
      'spot+20',
      'iv+10',
      'iv-10',
      '1987-10-19',
      '2008-09-29',
      '2020-03-16',
    ]);
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    expect(byId.get('spot-15')!.spotMove('XYZ', 'stock')).toBeCloseTo(-0.15, 12);
    expect(byId.get('iv-10')!.volShift).toBe(-0.1);
    expect(byId.get('iv+10')!.spotMove('SPY', 'index_etf')).toBe(0);
    expect(byId.get('1987-10-19')!.spotMove('SPY', 'index_etf')).toBe(-0.205);
    expect(byId.get('2008-09-29')!.spotMove('XYZ', 'stock')).toBe(-0.088);
    expect(byId.get('2020-03-16')!.spotMove('XYZ', 'stock')).toBe(-0.12);
  });

  it('scales the historical days by beta, floored at −95%', () => {
    const scenarios = standardScenarios({ beta: (symbol) => (symbol === 'TSLA' ? 2 : symbol === 'WILD' ? 10 : 1) });
    const day2020 = scenarios.find((s) => s.id === '2020-03-16')!;
    expect(day2020.spotMove('TSLA', 'stock')).toBeCloseTo(-0.24, 12);
    expect(day2020.spotMove('SPY', 'index_etf')).toBe(-0.12);
    expect(day2020.spotMove('WILD', 'stock')).toBe(-0.95);
    // The spot ladder is uniform: beta does not apply.
    expect(scenarios[0]!.spotMove('TSLA', 'stock')).toBe(-0.2);
  });
});

describe('runStress, properties', () => {
  const scenarios = standardScenarios();

  it('the P&L of a pure stock book scales linearly with size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 2, max: 20 }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (quantity, factor, spot) => {
          const market = marketWith({ XYZ: spot, SPY: spot / 2 });
          const book = (k: number) => [stock('XYZ', quantity * k, spot), stock('SPY', -quantity * k, spot / 2)];
          const one = runStress('margin_regt', cash, book(1), market, scenarios);
          const many = runStress('margin_regt', cash, book(factor), market, scenarios);
          one.forEach((result, i) => {
            const scaled = many[i]!.pnl!;
            expect(Math.abs(scaled - factor * result.pnl!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(scaled)));
          });
        },
      ),
    );
  });

  it('a protective long put never makes the loss of a down scenario larger', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0.6, max: 1.4, noNaN: true }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        (shares, contracts, moneyness, sigma, markRatio) => {
          const spot = 100;
          const strike = spot * moneyness;
          const market = marketWith({ XYZ: spot }, sigma);
          const putMark = model('put', spot, strike, sigma) * markRatio;
          const bare = [stock('XYZ', shares, spot)];
          const hedged = [...bare, option('XYZ', 'put', strike, contracts, putMark)];
          const downs = scenarios.filter((s) => s.spotMove('XYZ', 'stock') < 0);
          const without = runStress('margin_regt', cash, bare, market, downs);
          const withPut = runStress('margin_regt', cash, hedged, market, downs);
          without.forEach((result, i) => expect(withPut[i]!.pnl!).toBeGreaterThanOrEqual(result.pnl! - 1e-9));
        },
      ),
    );
  });
});
