// Strategies and what they produce: definitions (GET /api/strategy-definitions), instances (CRUD under
// /api/strategy-instances), runs (POST/GET /api/strategy-runs), opportunities (GET /api/opportunities),
// recommendations (GET /api/recommendations) and watchlists (CRUD under /api/watchlists).
// Prices are per share; exact amounts decimal strings; ratios fractions (0.3 = 30%); null always means unknown.
import { z } from 'zod';
import { decimalSchema } from './accounts';
import { riskReasonSchema, riskVerdictSchema } from './risk';

const num = z.number().nullable();
const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'A ticker: letters, digits and dots, up to 10 characters');

export const strategyDefinitionSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    version: z.string(),
    codeRef: z.string().describe('The plugin that runs this version: slug@version'),
    configSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the config (the UI renders its form)'),
    defaults: z.record(z.string(), z.unknown()),
  })
  .describe('StrategyDefinition');
export type StrategyDefinitionView = z.infer<typeof strategyDefinitionSchema>;
export const strategyDefinitionsResponseSchema = z.object({ definitions: z.array(strategyDefinitionSchema) });
export type StrategyDefinitionsResponse = z.infer<typeof strategyDefinitionsResponseSchema>;

export const runModeSchema = z.enum(['live', 'paper', 'backtest']);
export const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const strategyRunStatsSchema = z.object({
  signals: z.number().int(),
  opportunities: z.number().int(),
  recommendations: z.number().int().describe('New pending recommendations'),
  unchanged: z.number().int().describe('Pending recommendations the run found again (kept, not duplicated)'),
  superseded: z.number().int(),
  expired: z.number().int(),
  riskBlocked: z.number().int(),
  contractsQuoted: z.number().int(),
});
export type StrategyRunStats = z.infer<typeof strategyRunStatsSchema>;

export const strategyRunSchema = z
  .object({
    id: z.uuid(),
    instanceId: z.uuid().nullable(),
    instanceName: z.string().nullable(),
    strategySlug: z.string().nullable(),
    mode: runModeSchema,
    status: runStatusSchema,
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    stats: strategyRunStatsSchema.nullable(),
    errors: z.array(z.string()),
    timings: z.record(z.string(), z.number()).nullable().describe('Milliseconds per phase'),
  })
  .describe('StrategyRun');
export type StrategyRunView = z.infer<typeof strategyRunSchema>;

export const strategySignalSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    symbol: z.string().nullable(),
    message: z.string(),
    payload: z.record(z.string(), z.unknown()).nullable(),
    at: z.iso.datetime(),
  })
  .describe('Signal');
export type StrategySignalView = z.infer<typeof strategySignalSchema>;

export const strategyRunDetailSchema = strategyRunSchema
  .extend({ signals: z.array(strategySignalSchema) })
  .describe('StrategyRunDetail');
export type StrategyRunDetail = z.infer<typeof strategyRunDetailSchema>;

export const strategyRunsResponseSchema = z.object({ runs: z.array(strategyRunSchema) });
export type StrategyRunsResponse = z.infer<typeof strategyRunsResponseSchema>;

export const strategyRunsQuerySchema = z.strictObject({
  instanceId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const startStrategyRunsSchema = z
  .strictObject({
    instanceIds: z
      .array(z.uuid())
      .min(1)
      .optional()
      .describe('Run these instances (enabled or not); default: every enabled instance'),
  })
  .describe('StartStrategyRuns');
export type StartStrategyRuns = z.infer<typeof startStrategyRunsSchema>;

export const strategyInstanceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    strategySlug: z.string(),
    strategyName: z.string(),
    version: z.string(),
    accountId: z.uuid(),
    accountCode: z.string(),
    accountLabel: z.string().nullable(),
    portfolioId: z.uuid().nullable(),
    config: z.record(z.string(), z.unknown()),
    enabled: z.boolean(),
    autotradeEnabled: z.boolean().describe('Auto-trading is governed by the order manager and the kill switch'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    lastRun: strategyRunSchema.nullable(),
  })
  .describe('StrategyInstance');
export type StrategyInstanceView = z.infer<typeof strategyInstanceSchema>;
export const strategyInstancesResponseSchema = z.object({ instances: z.array(strategyInstanceSchema) });
export type StrategyInstancesResponse = z.infer<typeof strategyInstancesResponseSchema>;

const instanceName = z.string().trim().min(1).max(100);
export const createStrategyInstanceSchema = z
  .strictObject({
    strategySlug: z.string().min(1),
    accountId: z.uuid(),
    portfolioId: z.uuid().nullable().optional(),
    name: instanceName,
    config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Partial config; the rest takes the plugin's defaults"),
    enabled: z.boolean().optional(),
  })
  .describe('CreateStrategyInstance');
export type CreateStrategyInstance = z.infer<typeof createStrategyInstanceSchema>;

export const updateStrategyInstanceSchema = z
  .strictObject({
    name: instanceName.optional(),
    portfolioId: z.uuid().nullable().optional(),
    config: z.record(z.string(), z.unknown()).optional().describe('The whole config (validated by the plugin schema)'),
    enabled: z.boolean().optional(),
    autotradeEnabled: z
      .boolean()
      .optional()
      .describe('Submit its recommendations without a click — only while the global kill switch allows it'),
  })
  .describe('UpdateStrategyInstance');
export type UpdateStrategyInstance = z.infer<typeof updateStrategyInstanceSchema>;

export const opportunitySchema = z
  .object({
    id: z.uuid(),
    runId: z.uuid(),
    instanceId: z.uuid().nullable(),
    instanceName: z.string().nullable(),
    symbol: z.string(),
    expiry: z.string(),
    strike: z.number(),
    right: z.enum(['call', 'put']),
    dte: z.number().int().nullable(),
    bid: num,
    ask: num,
    mid: num,
    delta: num,
    iv: num,
    ivRank: num,
    ror: num,
    annualizedRor: num,
    pop: num,
    volume: num,
    openInterest: num,
    spreadPct: num,
    score: num,
    rank: z.number().int().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.iso.datetime(),
  })
  .describe('Opportunity');
export type OpportunityView = z.infer<typeof opportunitySchema>;

export const opportunitySortSchema = z.enum([
  'score',
  'annualizedRor',
  'ror',
  'pop',
  'delta',
  'dte',
  'iv',
  'ivRank',
  'openInterest',
  'spreadPct',
  'symbol',
]);
export const opportunitiesQuerySchema = z.strictObject({
  instanceId: z.uuid().optional(),
  runId: z.uuid().optional(),
  symbol: symbolSchema.optional(),
  right: z.enum(['call', 'put']).optional(),
  sort: opportunitySortSchema.default('score'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export type OpportunitiesQuery = z.infer<typeof opportunitiesQuerySchema>;
export const opportunitiesResponseSchema = z.object({ opportunities: z.array(opportunitySchema) });
export type OpportunitiesResponse = z.infer<typeof opportunitiesResponseSchema>;

export const recommendationActionSchema = z.enum([
  'sell_put',
  'sell_call',
  'roll_put',
  'roll_call',
  'close',
  'buy_leaps',
  'buy_to_close',
  'buy_stock',
  'sell_stock',
  'buy_put',
  'buy_call',
]);
export const recommendationStatusSchema = z.enum([
  'pending',
  'approved',
  'rejected',
  'expired',
  'superseded',
  'submitted',
  'filled',
  'cancelled',
]);

export const recommendationLegSchema = z.object({
  symbol: z.string(),
  kind: z.enum(['option', 'stock']),
  right: z.enum(['call', 'put']).nullable(),
  strike: z.number().nullable(),
  expiry: z.string().nullable(),
  multiplier: z.number(),
  side: z.enum(['BUY', 'SELL']),
  ratio: z.number(),
  bid: num,
  ask: num,
  mid: num,
});
export type RecommendationLegView = z.infer<typeof recommendationLegSchema>;

export const recommendationRiskSchema = z
  .object({
    verdict: riskVerdictSchema,
    reasons: z.array(riskReasonSchema),
    marginUsageBefore: num,
    marginUsageAfter: num,
    quantityScale: num,
    unavailable: z.string().nullable().describe('Why the check could not run (no balance yet)'),
  })
  .describe('RecommendationRisk');
export type RecommendationRiskView = z.infer<typeof recommendationRiskSchema>;

export const recommendationSchema = z
  .object({
    id: z.uuid(),
    instanceId: z.uuid().nullable(),
    instanceName: z.string().nullable(),
    strategySlug: z.string().nullable(),
    accountId: z.uuid(),
    accountCode: z.string(),
    runId: z.uuid().nullable(),
    opportunityId: z.uuid().nullable(),
    symbol: z.string(),
    action: recommendationActionSchema,
    legs: z.array(recommendationLegSchema),
    quantity: z.number(),
    limitPrice: decimalSchema.nullable().describe('Per share; several legs: net, + debit / − credit'),
    spread: z.object({ bid: num, ask: num }),
    rationale: z.string().nullable(),
    confidence: num,
    params: z.record(z.string(), z.unknown()).nullable(),
    risk: recommendationRiskSchema.nullable(),
    status: recommendationStatusSchema,
    decidedAt: z.iso.datetime().nullable(),
    decisionReason: z.string().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .describe('Recommendation');
export type RecommendationView = z.infer<typeof recommendationSchema>;

export const recommendationsQuerySchema = z.strictObject({
  status: recommendationStatusSchema.optional().describe('Default: pending'),
  accountId: z.uuid().optional(),
  instanceId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type RecommendationsQuery = z.infer<typeof recommendationsQuerySchema>;
export const recommendationsResponseSchema = z.object({ recommendations: z.array(recommendationSchema) });
export type RecommendationsResponse = z.infer<typeof recommendationsResponseSchema>;

export const watchlistSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    symbols: z.array(z.string()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .describe('Watchlist');
export type WatchlistView = z.infer<typeof watchlistSchema>;
export const watchlistsResponseSchema = z.object({ watchlists: z.array(watchlistSchema) });
export type WatchlistsResponse = z.infer<typeof watchlistsResponseSchema>;

const watchlistSymbols = z
  .array(symbolSchema)
  .max(500)
  .transform((symbols) => [...new Set(symbols)]);
export const createWatchlistSchema = z
  .strictObject({ name: z.string().trim().min(1).max(100), symbols: watchlistSymbols.default([]) })
  .describe('CreateWatchlist');
export type CreateWatchlist = z.infer<typeof createWatchlistSchema>;
export const updateWatchlistSchema = z
  .strictObject({ name: z.string().trim().min(1).max(100).optional(), symbols: watchlistSymbols.optional() })
  .describe('UpdateWatchlist');
export type UpdateWatchlist = z.infer<typeof updateWatchlistSchema>;
