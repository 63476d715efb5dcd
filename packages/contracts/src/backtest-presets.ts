// Ready-made backtest requests: the Cboe-style reference strategies (PUT and BXM rules on the S&P 500, 2000–2022,
// on the shipped data) and a Wheel on KO. The UI offers them as presets; the reference tests and the benchmark run
// exactly these.
import type { BacktestRequest } from './backtests';

/**
 * 30-day ATM implied vol of SPX ÷ the VIX. The VIX is a variance-swap rate, which the put skew lifts above the
 * at-the-money vol; on the Cboe SPX chains shipped in data/options (2019-06-20/21/24) the one-month ATM IV was
 * 0.82–0.87 × the VIX close (see backtest-reference.test.ts, which recomputes it from the file).
 */
export const SPX_ATM_IV_TO_VIX = 0.83;

const cboeReference = {
  underliers: ['SPX'],
  iv: { source: 'index', dataset: 'VIX', ratios: { SPX: SPX_ATM_IV_TO_VIX } },
  from: '2000-01-03',
  to: '2022-11-18',
  // Index-sized: 10 million buys about 70 SPX contracts, so whole contracts track the index's fractional N closely.
  initialCash: '10000000',
  accountType: 'margin_regt',
  // The indexes trade at the VWAP of the option, without commissions; they never stop writing after a loss.
  fill: { kind: 'mid' },
  commissions: false,
  riskLimits: { maxNewContractsPerRun: null, drawdownThrottleAt: null, drawdownBlockAt: null },
  benchmark: 'SPX',
} satisfies Partial<BacktestRequest>;

export interface BacktestPreset {
  id: string;
  label: string;
  description: string;
  request: BacktestRequest;
}

export const BACKTEST_PRESETS: readonly BacktestPreset[] = [
  {
    id: 'cboe-put',
    label: 'Cboe PUT (put-write on SPX)',
    description:
      'Sells the one-month SPX put at or just below the index on each monthly expiration, fully collateralized by ' +
      'T-bills (N = M·g / (K − P·g)), held to its AM cash settlement.',
    request: { name: 'Cboe PUT rules · SPX · 2000–2022', strategy: 'putwrite', config: {}, ...cboeReference },
  },
  {
    id: 'cboe-bxm',
    label: 'Cboe BXM (buy-write on SPX)',
    description:
      'Holds the S&P 500 with dividends reinvested and sells the one-month call at or just above the index on each ' +
      'monthly expiration, held to its AM cash settlement.',
    request: { name: 'Cboe BXM rules · SPX · 2000–2022', strategy: 'buywrite', config: {}, ...cboeReference },
  },
  {
    id: 'wheel-ko',
    label: 'Wheel on KO',
    description:
      'Cash-secured 0.30-delta puts on KO, covered calls once assigned, 50% profit target; an account that runs only ' +
      'this wheel (up to 60% of it in KO).',
    request: {
      name: 'Wheel · KO · 2010–2022',
      strategy: 'wheel',
      config: { symbols: ['KO'], targetDelta: 0.3, maxNewPctOfBuyingPower: 0.25, rollRules: { profitTargetPct: 0.5 } },
      underliers: ['KO'],
      from: '2010-01-04',
      to: '2022-12-30',
      initialCash: '100000',
      accountType: 'margin_regt',
      riskLimits: { tickerExposureWarn: 0.5, tickerExposureMax: 0.6 },
    },
  },
];
