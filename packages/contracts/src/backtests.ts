// Backtests: POST /api/backtests starts one (it runs in the background; poll GET /api/backtests/{id} for progress),
// GET /api/backtests lists them, GET /api/backtests/{id} returns the statistics, the equity curve, the per-year table
// and the trades, GET /api/backtests/datasets lists the historical data a run can select, POST …/{id}/cancel stops a
// queued or running one, DELETE removes one.
// Money in results is a number of dollars rounded to the cent (curves and statistics are for charts and comparison;
// the simulation's ledger itself is exact); ratios are fractions (0.07 = 7%); null is unknown.
import { z } from 'zod';
import { accountTypeSchema, decimalSchema } from './accounts';
import { riskLimitsSchema } from './risk';

const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z^][A-Z0-9.]{0,9}$/, 'A ticker: letters, digits and dots, up to 10 characters');

export const backtestDatasetSchema = z
  .object({
    id: z.string().describe('What a run names to select it, e.g. "KO" or "VIX"'),
    kind: z.enum(['underlier', 'iv_index', 'iv_history', 'option_quotes']),
    symbol: z.string().nullable().describe('The underlier it is (underliers and option quotes)'),
    underlierKind: z.enum(['index_etf', 'stock']).nullable(),
    style: z.enum(['american_physical', 'european_cash_am']).nullable(),
    from: z.iso.date(),
    to: z.iso.date(),
    rows: z.number().int(),
    dividends: z.enum(['file', 'derived', 'none']).nullable().describe('Where the dividends come from'),
    source: z.string().describe('Provenance: where the file came from'),
  })
  .describe('BacktestDataset');
export type BacktestDatasetView = z.infer<typeof backtestDatasetSchema>;
export const backtestDatasetsResponseSchema = z.object({ datasets: z.array(backtestDatasetSchema) });
export type BacktestDatasetsResponse = z.infer<typeof backtestDatasetsResponseSchema>;

export const fillModelSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('mid') }),
    z.object({
      kind: z.literal('spread_fraction'),
      fraction: z.number().min(0).max(0.5).describe('Share of the bid-ask spread given up from the mid'),
    }),
    z.object({ kind: z.literal('natural') }),
  ])
  .describe('Where option fills land between bid and ask');

export const ivSourceSchema = z
  .discriminatedUnion('source', [
    z.object({
      source: z.literal('index'),
      dataset: z.string().default('VIX').describe('A VIX-style index dataset'),
      ratios: z
        .record(symbolSchema, z.number().positive().max(5))
        .default({})
        .describe('30-day ATM vol = index/100 × ratio, per underlier (absent: 1)'),
    }),
    z.object({
      source: z.literal('history'),
      datasets: z
        .record(symbolSchema, z.string().min(1))
        .describe('Per underlier: an implied-vol history dataset (its own 30-day ATM IV, as fractions)'),
    }),
    z.object({
      source: z.literal('realized'),
      window: z.int().min(5).max(252).default(21).describe('Trading days of close-to-close realized vol'),
      ratio: z.number().positive().max(5).default(1.1).describe('Implied over realized'),
    }),
  ])
  .describe('Where the implied-vol level of model chains comes from');

export const backtestRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    strategy: z.string().min(1).describe('The plugin slug: wheel, theta, covered-call, putwrite, buywrite, …'),
    config: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("The strategy's config (its schema's defaults fill gaps)"),
    underliers: z.array(z.string().min(1)).min(1).max(20).describe('Underlier dataset ids'),
    iv: ivSourceSchema.default({ source: 'index', dataset: 'VIX', ratios: {} }),
    optionQuotes: z.string().nullable().default(null).describe('An option-quotes dataset used instead of model prices'),
    from: z.iso.date().optional().describe('Default: the first day all selected data covers'),
    to: z.iso.date().optional().describe('Default: the last day all selected data covers'),
    initialCash: decimalSchema.default('100000'),
    accountType: accountTypeSchema.default('margin_regt'),
    fill: fillModelSchema.default({ kind: 'spread_fraction', fraction: 0.25 }),
    slippagePerShare: z.number().min(0).max(1).default(0),
    commissions: z.boolean().default(true),
    earlyAssignment: z.boolean().default(true),
    cashInterest: z.boolean().default(true),
    rate: z
      .number()
      .min(-0.05)
      .max(0.25)
      .nullable()
      .default(null)
      .describe('A constant risk-free rate; null: the 3-month T-bill history'),
    riskLimits: riskLimitsSchema
      .default({})
      .describe("Overrides of the account type's pre-trade risk limits (the same rules as live trading)"),
    seed: z
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    benchmark: z.string().nullable().default(null).describe('Underlier dataset id; default the first'),
  })
  .describe('BacktestRequest');
export type BacktestRequest = z.input<typeof backtestRequestSchema>;
export type BacktestRequestParsed = z.infer<typeof backtestRequestSchema>;

const num = z.number().nullable();

export const backtestCountersSchema = z.object({
  premiumCollected: z.number(),
  assignments: z.number().int(),
  callsAway: z.number().int(),
  rolls: z.number().int(),
  feesPaid: z.number(),
  riskBlocked: z.number().int(),
  dividendsReceived: z.number(),
  interestEarned: z.number(),
});

export const backtestStatsSchema = z
  .object({
    startEquity: z.number(),
    endEquity: z.number(),
    totalReturn: z.number(),
    cagr: num,
    volatility: num,
    sharpe: num,
    sortino: num,
    calmar: num,
    maxDrawdown: z.number(),
    maxDrawdownDays: z.number().int(),
    longestDrawdownDays: z.number().int(),
    trades: z.number().int(),
    winRate: num,
    profitFactor: num,
    averageTrade: num,
    timeInMarket: z.number(),
    benchmark: z
      .object({
        symbol: z.string(),
        totalReturn: z.number(),
        cagr: num,
        volatility: num,
        maxDrawdown: z.number(),
        sharpe: num,
        alpha: num,
        beta: num,
      })
      .nullable(),
    counters: backtestCountersSchema,
  })
  .describe('BacktestStats');
export type BacktestStatsView = z.infer<typeof backtestStatsSchema>;

export const backtestStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const backtestSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    strategy: z.string(),
    status: backtestStatusSchema,
    progress: z.number().min(0).max(1).describe('Share of the trading days simulated'),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    from: z.iso.date().nullable(),
    to: z.iso.date().nullable(),
    underliers: z.array(z.string()),
    stats: backtestStatsSchema.nullable(),
    error: z.string().nullable(),
    durationMs: z.number().nullable(),
  })
  .describe('BacktestSummary');
export type BacktestSummaryView = z.infer<typeof backtestSummarySchema>;
export const backtestListResponseSchema = z.object({ backtests: z.array(backtestSummarySchema) });
export type BacktestListResponse = z.infer<typeof backtestListResponseSchema>;

export const backtestPointSchema = z.object({
  date: z.iso.date(),
  equity: z.number(),
  cash: z.number(),
  benchmark: num,
  drawdown: z.number().describe('Below the running peak, as a positive fraction'),
});
export const backtestYearSchema = z.object({
  year: z.number().int(),
  return: z.number(),
  benchmarkReturn: num,
  maxDrawdown: z.number(),
  trades: z.number().int(),
  premiumCollected: z.number(),
  feesPaid: z.number(),
});
export const backtestTradeSchema = z.object({
  symbol: z.string(),
  kind: z.enum(['option', 'stock']),
  right: z.enum(['call', 'put']).nullable(),
  strike: num,
  expiry: z.iso.date().nullable(),
  direction: z.enum(['long', 'short']),
  quantity: z.number(),
  openedOn: z.iso.date(),
  closedOn: z.iso.date(),
  premium: z.number(),
  pnl: z.number(),
  commissions: z.number(),
  closedBy: z.enum(['trade', 'expiration', 'assignment', 'exercise', 'cash_settlement', 'end']),
});
export type BacktestTradeView = z.infer<typeof backtestTradeSchema>;

export const backtestDetailSchema = backtestSummarySchema
  .extend({
    request: backtestRequestSchema,
    equity: z.array(backtestPointSchema),
    years: z.array(backtestYearSchema),
    trades: z.array(backtestTradeSchema),
    signals: z
      .array(z.object({ kind: z.string(), count: z.number().int(), example: z.string() }))
      .describe('What the strategy said, by kind, with one example message'),
  })
  .describe('BacktestDetail');
export type BacktestDetailView = z.infer<typeof backtestDetailSchema>;

export const backtestCreatedSchema = z.object({ id: z.uuid(), status: backtestStatusSchema });
export type BacktestCreated = z.infer<typeof backtestCreatedSchema>;
