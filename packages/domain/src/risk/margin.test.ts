import { describe, expect, it } from 'vitest';
import { type IsoDate, formatMoney, micros, newYorkToUtc, parseIsoDate, parseMoney } from '../index';
import { type MarginMarket, type MarginPosition, computeMarginSummary, nakedOptionRequirement } from './margin';

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
const text = (value: bigint | null) => (value === null ? null : formatMoney(micros(value)));

describe('Reg-T', () => {
  it('margins a naked put by the CBOE rule (worked example)', () => {
    // Short 1 put, strike 95, underlier 100, premium 2.00:
    //   20% × 100 − OTM (100 − 95 = 5) = 15;  10% × strike 95 = 9.5;  max = 15;  + premium 2 = 17 per share → 1,700.
    expect(
      formatMoney(
        nakedOptionRequirement({ right: 'put', strike: 95, spot: 100, premium: 2, multiplier: 100, contracts: 1 }),
      ),
    ).toBe('1700.00');
    // Far out of the money the 10% floor binds: strike 70, spot 100, premium 0.10 → max(20 − 30, 7) + 0.10 = 7.10.
    expect(
      formatMoney(
        nakedOptionRequirement({ right: 'put', strike: 70, spot: 100, premium: 0.1, multiplier: 100, contracts: 1 }),
      ),
    ).toBe('710.00');
    // Naked call, strike 110, spot 100, premium 1: max(20 − 10, 10) + 1 = 11 → 2 contracts 2,200.
    expect(
      formatMoney(
        nakedOptionRequirement({ right: 'call', strike: 110, spot: 100, premium: 1, multiplier: 100, contracts: 2 }),
      ),
    ).toBe('2200.00');
  });

  it('sums stock at 50%/25% and treats covered calls as covered', () => {
    const summary = computeMarginSummary(
      'margin_regt',
      parseMoney('10000'),
      [stock('AAPL', 200, 100), option('AAPL', 'call', 110, -2, 1), option('KO', 'put', 95, -1, 2)],
      marketWith({ AAPL: 100, KO: 100 }),
    );
    // NLV = 10,000 + 20,000 − 200 − 200 = 29,600.
    expect(text(summary.netLiquidation)).toBe('29600.00');
    // initial = 50% × 20,000 + 1,700 (naked KO put); maintenance = 25% × 20,000 + 1,700.
    expect(text(summary.initialMargin)).toBe('11700.00');
    expect(text(summary.maintenanceMargin)).toBe('6700.00');
    expect(text(summary.excessLiquidity)).toBe('22900.00');
    expect(text(summary.buyingPower)).toBe('35800.00');
  });

  it('reports unknown marks as null, never 0', () => {
    const summary = computeMarginSummary(
      'margin_regt',
      parseMoney('1000'),
      [stock('AAPL', 10, null)],
      marketWith({ AAPL: 100 }),
    );
    expect(summary.netLiquidation).toBeNull();
    expect(summary.grossPositionValue).toBeNull();
    expect(summary.initialMargin).toBeNull();
    expect(summary.buyingPower).toBeNull();
    expect(text(summary.cash)).toBe('1000.00');
  });
});

describe('portfolio margin scan', () => {
  it('charges a stock 15% of its value and a broad index ETF 8%', () => {
    const summary = computeMarginSummary(
      'margin_pm',
      parseMoney('0'),
      [stock('AAPL', 100, 200), stock('SPY', 100, 500)],
      marketWith({ AAPL: 200, SPY: 500 }),
    );
    const byUnderlier = Object.fromEntries(summary.requirements.map((r) => [r.symbol, text(r.maintenance)]));
    expect(byUnderlier).toEqual({ AAPL: '3000.00', SPY: '4000.00' });
    expect(summary.requirements.find((r) => r.symbol === 'AAPL')?.worstMove).toBeCloseTo(-0.15);
  });

  it('charges a covered call less than the stock alone and applies the 37.50 per-contract minimum', () => {
    const market = marketWith({ AAPL: 200, KO: 60 });
    const alone = computeMarginSummary('margin_pm', parseMoney('0'), [stock('AAPL', 100, 200)], market);
    const covered = computeMarginSummary(
      'margin_pm',
      parseMoney('0'),
      [stock('AAPL', 100, 200), option('AAPL', 'call', 210, -1, 3)],
      market,
    );
    expect(covered.maintenanceMargin).not.toBeNull();
    expect((covered.maintenanceMargin ?? 0n) < (alone.maintenanceMargin ?? 0n)).toBe(true);
    // A far out-of-the-money long put loses little in the scan: the 37.50 minimum per contract binds (4 × 37.50).
    const minimum = computeMarginSummary('margin_pm', parseMoney('0'), [option('KO', 'put', 30, 4, 0.01)], market);
    expect(text(minimum.maintenanceMargin)).toBe('150.00');
  });
});

describe('cash and registered accounts', () => {
  it('reserve strike × 100 for short puts and have no margin', () => {
    const summary = computeMarginSummary(
      'tfsa',
      parseMoney('20000'),
      [stock('SPY', 100, 500), option('SPY', 'call', 520, -1, 4), option('KO', 'put', 60, -2, 1)],
      marketWith({ SPY: 500, KO: 62 }),
    );
    expect(text(summary.cashReserved)).toBe('12000.00');
    expect(text(summary.buyingPower)).toBe('8000.00');
    expect(text(summary.netLiquidation)).toBe('69400.00');
  });
});
