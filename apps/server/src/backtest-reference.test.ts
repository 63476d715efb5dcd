// The Cboe-style reference backtests on the shipped S&P 500 data, 2000-01-03 → 2022-11-18, checked against what the
// published index behaviour says they should do, and the one calibration they rely on recomputed from real quotes.
//
// Published behaviour compared against:
// - Black & Szado, "Performance Analysis of CBOE S&P 500 Options-Selling Indices" (Cboe, 2016), mid-1986 → 2015:
//   PUT 10.13% a year at a 10.16% standard deviation, returns close to the S&P 500's with lower volatility and
//   smaller drawdowns; BXM likewise below the index's volatility.
// - Bondarenko, "Historical Performance of Put-Writing Strategies" (Cboe RMC, 2019): PUT's worst drawdown −32.7%;
//   from 2006 the average monthly gross premium collected was 1.85% (of the notional).
import { BACKTEST_PRESETS, SPX_ATM_IV_TO_VIX, backtestRequestSchema } from '@optionstrader/contracts';
import { prepareBacktest, simulatePrepared } from '@optionstrader/application';
import type { BacktestResult } from '@optionstrader/domain';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_DATA_DIR,
  createFileBacktestData,
  loadIvIndexFile,
  loadOptionQuotesFile,
} from './adapters/backtest-data';

const data = createFileBacktestData();

async function runPreset(id: string): Promise<BacktestResult> {
  const preset = BACKTEST_PRESETS.find((p) => p.id === id)!;
  const prepared = await prepareBacktest(data, backtestRequestSchema.parse(preset.request));
  if (!prepared.ok) throw new Error(prepared.message);
  return simulatePrepared(prepared.value, { sliceDays: 1_000, yieldToEventLoop: async () => {} });
}

describe('Cboe-style reference backtests, 2000–2022 on the shipped data', () => {
  let put: BacktestResult;
  let bxm: BacktestResult;
  beforeAll(async () => {
    put = await runPreset('cboe-put');
    bxm = await runPreset('cboe-bxm');
  }, 120_000);

  it('covers the whole period with the S&P 500 (total return) as the benchmark', () => {
    for (const run of [put, bxm]) {
      expect(run.from).toBe('2000-01-03');
      expect(run.to).toBe('2022-11-18');
      expect(run.stats.benchmark?.symbol).toBe('SPX');
      // Roughly one roll a month: 274 monthly expirations from Jan-2000 to Oct-2022.
      const sales = run.fills.filter((f) => f.kind === 'option' && f.side === 'SELL').length;
      expect(sales).toBeGreaterThanOrEqual(270);
      expect(sales).toBeLessThanOrEqual(276);
      expect(run.counters.riskBlocked).toBe(0);
    }
    // The S&P 500 total return over the period: about 6.4% a year (GSPC with SPY-derived dividends).
    expect(put.stats.benchmark!.cagr!).toBeGreaterThan(0.055);
    expect(put.stats.benchmark!.cagr!).toBeLessThan(0.072);
  });

  it('behave like the published indexes: lower volatility and smaller drawdowns than the S&P 500, comparable return', () => {
    for (const run of [put, bxm]) {
      const s = run.stats;
      const b = s.benchmark!;
      expect(s.volatility!).toBeLessThan(b.volatility! * 0.8);
      expect(s.maxDrawdown).toBeLessThan(b.maxDrawdown - 0.05);
      expect(Math.abs(s.cagr! - b.cagr!)).toBeLessThan(0.03);
      expect(b.beta!).toBeLessThan(0.9);
    }
  });

  it('collects put premium in line with the published PUT average (1.85% a month from 2006)', () => {
    const sales = put.fills.filter((f) => f.reason === 'sell_put' && f.date >= '2006-01-01' && f.date <= '2018-12-31');
    const average = sales.reduce((sum, f) => sum + f.price / f.strike!, 0) / sales.length;
    expect(average).toBeGreaterThan(0.0155);
    expect(average).toBeLessThan(0.0215);
  });

  it('settles every expiring SPX option in cash at the opening print, never in shares', () => {
    expect(put.fills.some((f) => f.kind === 'stock')).toBe(false);
    expect(put.fills.filter((f) => f.reason === 'cash_settlement').length).toBeGreaterThan(50);
  });
});

describe('the SPX ATM-IV-to-VIX calibration', () => {
  it('is what the shipped Cboe SPX chain shows: one-month ATM IV ÷ VIX close', async () => {
    const quotes = await loadOptionQuotesFile(join(DEFAULT_DATA_DIR, 'options/SPX_chain_cboe_20190620.csv'));
    const vix = await loadIvIndexFile(join(DEFAULT_DATA_DIR, 'prices/VIX_History_cboe_1990-2026.csv'));
    const vixClose = vix.find((p) => p.date === '2019-06-20')!.atm30;
    // The monthly July expiry, strikes within 15 points of the snapshot's index level (2,952.07), two-sided.
    const atm = quotes.filter(
      (q) =>
        q.expiry === '2019-07-19' &&
        Math.abs(q.strike - 2952.07) <= 15 &&
        q.iv !== null &&
        q.iv > 0 &&
        q.bid !== null &&
        q.bid > 0,
    );
    expect(atm.length).toBeGreaterThanOrEqual(10);
    const ratio = atm.reduce((sum, q) => sum + q.iv!, 0) / atm.length / vixClose;
    expect(ratio).toBeGreaterThan(0.78);
    expect(ratio).toBeLessThan(0.88);
    expect(Math.abs(ratio - SPX_ATM_IV_TO_VIX)).toBeLessThan(0.03);
  });
});
