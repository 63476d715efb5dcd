// The risk of one account (GET /api/accounts/{id}/risk), its limits (GET/PUT /api/accounts/{id}/risk-limits) and the
// pre-trade check (POST /api/accounts/{id}/risk/check). Mirrors the domain's RiskState (packages/domain/src/risk):
// exact amounts are decimal strings, model figures numbers in account currency, ratios fractions (0.25 = 25%);
// null always means unknown, never 0.
import { z } from 'zod';
import { accountTypeSchema, decimalSchema } from './accounts';

const money = decimalSchema.nullable();
const num = z.number().nullable();

export const riskVerdictSchema = z.enum(['allow', 'warn', 'block']);
export type RiskVerdictValue = z.infer<typeof riskVerdictSchema>;

export const riskRuleSchema = z.enum([
  'margin_usage',
  'min_excess_liquidity',
  'no_margin',
  'no_short_stock',
  'naked_call',
  'credit_spread',
  'short_put_cash',
  'long_options',
  'synthetic_delta',
  'ticker_concentration',
  'max_new_contracts',
  'drawdown_throttle',
]);

export const riskReasonSchema = z
  .object({
    rule: riskRuleSchema,
    verdict: riskVerdictSchema,
    message: z.string(),
    symbol: z.string().optional().describe('The ticker, for per-ticker rules'),
  })
  .describe('RiskReason');
export type RiskReasonView = z.infer<typeof riskReasonSchema>;

export const marginSummarySchema = z
  .object({
    rule: z.enum(['reg_t', 'portfolio_margin', 'cash']),
    cash: decimalSchema,
    netLiquidation: money,
    grossPositionValue: money,
    initialMargin: money,
    maintenanceMargin: money,
    excessLiquidity: money,
    buyingPower: money,
    cashReserved: money,
    requirements: z.array(
      z.object({
        symbol: z.string(),
        initial: money,
        maintenance: money,
        worstMove: z.number().optional().describe('PM scan: the move (−0.15 = −15%) of the worst loss'),
      }),
    ),
  })
  .describe('MarginSummary (estimate by the domain rules)');

export const tickerConcentrationSchema = z.object({
  symbol: z.string(),
  notional: num,
  notionalOfNlv: num,
  deltaAdjustedNotional: num,
  deltaAdjustedNotionalOfNlv: num,
  shortPutAssignment: z.number().describe('Σ short put strike × multiplier × contracts'),
  shortPutAssignmentOfNlv: num,
});

export const underlierGreeksSchema = z.object({
  symbol: z.string(),
  spot: num,
  beta: z.number(),
  deltaShares: num,
  delta$: num,
  betaWeightedDelta$: num,
  gammaShares: num,
  gamma$: num,
  thetaPerDay: num,
  vegaPerVolPoint: num,
});

export const portfolioGreeksSchema = z.object({
  delta$: num,
  betaWeightedDelta$: num,
  betaWeightedDeltaSpyShares: num,
  gamma$: num,
  thetaPerDay: num,
  vegaPerVolPoint: num,
});

export const stressResultSchema = z.object({
  scenarioId: z.string(),
  label: z.string(),
  pnl: num,
  unpricedSymbols: z.array(z.string()),
  byUnderlier: z.array(z.object({ symbol: z.string(), move: z.number(), pnl: num })),
  netLiquidationAfter: money,
  maintenanceMarginAfter: money,
  excessLiquidityAfter: money,
});

export const maxLossSchema = z
  .object({
    symbol: z.string(),
    /** Worst loss at expiry vs today's marks (positive = loss); null when the risk is not defined. */
    maxLoss: num,
    definedRisk: z.boolean(),
    reason: z.string(),
  })
  .describe('MaxLoss per underlier');

export const riskStateSchema = z
  .object({
    accountType: accountTypeSchema,
    margin: marginSummarySchema,
    marginUsage: num,
    netLiquidation: num,
    concentration: z.array(tickerConcentrationSchema),
    greeks: z.object({ byUnderlier: z.array(underlierGreeksSchema), total: portfolioGreeksSchema }),
    var: z.object({
      historical: z
        .object({
          observations: z.number().int(),
          var95: z.number(),
          cvar95: z.number(),
          var99: z.number(),
          cvar99: z.number(),
        })
        .nullable(),
      historicalSkipped: z.array(z.object({ symbol: z.string(), reason: z.string() })),
      deltaGamma: z
        .object({
          var95: z.number(),
          deltaNormalVar95: z.number(),
          var99: z.number(),
          deltaNormalVar99: z.number(),
        })
        .nullable(),
      deltaGammaMissing: z.array(z.string()),
    }),
    stress: z.array(stressResultSchema),
    worstStress: z.object({ scenarioId: z.string(), pnl: z.number() }).nullable(),
    maxLoss: z.array(maxLossSchema),
    unknownSpotSymbols: z.array(z.string()),
    unknownMarkSymbols: z.array(z.string()),
  })
  .describe('RiskState');
export type RiskStateView = z.infer<typeof riskStateSchema>;

export const assignmentRiskSchema = z.object({
  level: z.enum(['none', 'low', 'elevated', 'high']),
  /** What drives the level: in the money near expiry, an ex-dividend date before expiry worth more than the extrinsic value, or merely in the money. */
  cause: z.enum(['itm_near_expiry', 'ex_dividend', 'itm']).nullable(),
  reason: z.string(),
});

export const positionStateSchema = z
  .object({
    positionId: z.string(),
    symbol: z.string().describe('The underlier'),
    description: z.string().describe('e.g. "KO 2026-12-18 60 put" or "AAPL"'),
    kind: z.enum(['stock', 'option']),
    right: z.enum(['call', 'put']).nullable(),
    strike: num,
    expiry: z.string().nullable(),
    multiplier: z.number(),
    quantity: z.number(),
    mark: num,
    avgPrice: money,
    costBasis: money.describe('Incl. premiums: negative for a short option (premium received)'),
    marketValue: money,
    unrealizedPnl: money,
    dte: z.number().int().nullable().describe('Calendar days to expiry'),
    moneyness: z.enum(['itm', 'atm', 'otm']).nullable(),
    /** (S − K) / K for calls, (K − S) / K for puts: > 0 in the money. */
    moneynessPct: num,
    deltaShares: num,
    gammaShares: num,
    thetaPerDay: num,
    vegaPerVolPoint: num,
    assignmentRisk: assignmentRiskSchema,
  })
  .describe('PositionState');
export type PositionStateView = z.infer<typeof positionStateSchema>;

const fraction = z.number().min(0).max(1);

/** Per-account overrides; null turns a rule off, an absent key keeps the default of the account type. */
export const riskLimitsSchema = z
  .strictObject({
    marginUsageWarn: fraction.nullable().optional(),
    marginUsageMax: fraction.nullable().optional(),
    minExcessLiquidity: fraction.nullable().optional(),
    tickerExposureWarn: z.number().min(0).max(10).nullable().optional(),
    tickerExposureMax: z.number().min(0).max(10).nullable().optional(),
    indexEtfExposureMax: z.number().min(0).max(10).nullable().optional(),
    maxNewContractsPerRun: z.number().int().min(0).max(100_000).nullable().optional(),
    maxSyntheticDeltaShares: z.number().min(0).max(10_000_000).nullable().optional(),
    drawdownThrottleAt: fraction.nullable().optional(),
    drawdownThrottleScale: z.number().gt(0).max(1).optional(),
    drawdownBlockAt: fraction.nullable().optional(),
  })
  .describe('RiskLimits (overrides)');
export type RiskLimitsInput = z.infer<typeof riskLimitsSchema>;

export const resolvedRiskLimitsSchema = z
  .object({
    marginUsageWarn: num,
    marginUsageMax: num,
    minExcessLiquidity: num,
    tickerExposureWarn: num,
    tickerExposureMax: num,
    indexEtfExposureMax: num,
    maxNewContractsPerRun: num,
    maxSyntheticDeltaShares: num,
    drawdownThrottleAt: num,
    drawdownThrottleScale: z.number(),
    drawdownBlockAt: num,
  })
  .describe('RiskLimits (every key; null = rule off)');
export type ResolvedRiskLimits = z.infer<typeof resolvedRiskLimitsSchema>;

export const riskLimitsResponseSchema = z
  .object({
    accountId: z.uuid(),
    accountType: accountTypeSchema,
    defaults: resolvedRiskLimitsSchema,
    overrides: riskLimitsSchema,
    effective: resolvedRiskLimitsSchema,
  })
  .describe('RiskLimitsResponse');
export type RiskLimitsResponse = z.infer<typeof riskLimitsResponseSchema>;

export const underlierInputSchema = z
  .object({
    symbol: z.string(),
    kind: z.enum(['index_etf', 'stock']),
    spot: num,
    spotSource: z.enum(['position', 'quote', 'none']),
    beta: z.number(),
    betaSource: z.enum(['history', 'default']),
    dailyVol: num,
    volSource: z
      .enum(['quote', 'implied_from_mark', 'history', 'vix_proxy', 'assumed', 'none'])
      .describe('Where the pricing vol of its options came from (the weakest source used); none: no options'),
    dividendYield: z.number(),
    nextExDividend: z.object({ exDate: z.string(), amount: z.number() }).nullable(),
    dividendsKnown: z.boolean(),
  })
  .describe('What the risk figures of one underlier were computed from');
export type UnderlierInputView = z.infer<typeof underlierInputSchema>;

export const accountRiskResponseSchema = z
  .object({
    accountId: z.uuid(),
    accountCode: z.string(),
    label: z.string().nullable(),
    accountType: accountTypeSchema,
    currency: z.string(),
    asOf: z.iso.datetime(),
    snapshotAsOf: z.iso.datetime().nullable(),
    /** Last day of the shipped price history the historical VaR used; null when none was used. */
    historyThrough: z.string().nullable(),
    /** What the broker reports (for comparison with the estimate); null before the first snapshot. */
    broker: z
      .object({
        netLiquidation: money,
        maintMargin: money,
        initMargin: money,
        excessLiquidity: money,
        buyingPower: money,
        marginUsage: num,
      })
      .nullable(),
    positions: z.array(positionStateSchema),
    risk: riskStateSchema.nullable(),
    /** Why `risk` is null (e.g. no cash balance before the first sync). */
    unavailable: z.string().nullable(),
    /** The rules against the current book (no order): what an order would be measured against. */
    verdicts: z.array(riskReasonSchema),
    drawdown: num.describe('Fraction below the highest recorded NLV'),
    limits: riskLimitsResponseSchema,
    inputs: z.array(underlierInputSchema),
  })
  .describe('AccountRiskResponse');
export type AccountRiskResponse = z.infer<typeof accountRiskResponseSchema>;

export const riskCheckLegSchema = z
  .strictObject({
    symbol: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z][A-Z0-9.]{0,9}$/)
      .describe('The underlier'),
    kind: z.enum(['stock', 'option']),
    right: z.enum(['call', 'put']).optional(),
    strike: z.number().positive().max(1_000_000).optional(),
    expiry: z.iso.date().optional(),
    multiplier: z.number().int().positive().max(10_000).default(100),
    quantity: z
      .number()
      .int()
      .min(-100_000)
      .max(100_000)
      .refine((q) => q !== 0, 'must not be 0')
      .describe('Signed: + buys, − sells'),
    price: z.number().min(0).max(1_000_000).optional().describe('Expected fill per share; default the mark'),
  })
  .superRefine((leg, ctx) => {
    if (leg.kind !== 'option') return;
    for (const key of ['right', 'strike', 'expiry'] as const) {
      if (leg[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `an option leg needs ${key}` });
    }
  });
export type RiskCheckLeg = z.infer<typeof riskCheckLegSchema>;

export const riskCheckRequestSchema = z
  .strictObject({
    legs: z.array(riskCheckLegSchema).min(1).max(8),
    newContractsThisRun: z.number().int().min(0).max(100_000).default(0),
  })
  .describe('RiskCheckRequest');
export type RiskCheckRequest = z.infer<typeof riskCheckRequestSchema>;

export const riskCheckResponseSchema = z
  .object({
    verdict: riskVerdictSchema,
    reasons: z.array(riskReasonSchema),
    before: marginSummarySchema,
    after: marginSummarySchema,
    marginUsageBefore: num,
    marginUsageAfter: num,
    quantityScale: z.number().nullable(),
    /** The broker's own margin impact of the same order (IBKR what-if; nothing placed); null when not asked. */
    brokerWhatIf: z
      .object({
        initialMarginChange: money,
        maintenanceMarginChange: money,
        equityWithLoanChange: money,
        commission: money,
        warning: z.string().nullable(),
      })
      .nullable(),
    /** Why there is no broker what-if (no broker, not connected, no such contract, timeout). */
    brokerWhatIfError: z.string().nullable(),
  })
  .describe('RiskCheckResponse');
export type RiskCheckResponse = z.infer<typeof riskCheckResponseSchema>;
