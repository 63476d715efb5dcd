// Broker accounts, their balance snapshots and the dashboard overview. Money is a decimal string, ratios are
// numbers; null always means unknown (never 0).
import { z } from 'zod';

/** An exact decimal amount as a string: '125000.00', '-12.5'. */
export const decimalSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Exact decimal amount as a string');

export const brokerSchema = z.enum(['ibkr', 'sim']);
export const accountTypeSchema = z.enum(['margin_pm', 'margin_regt', 'cash', 'tfsa', 'rrsp']);

export const uuidParamsSchema = z.object({ id: z.uuid() });

export const accountSnapshotSchema = z
  .object({
    asOf: z.iso.datetime(),
    currency: z.string(),
    netLiquidation: decimalSchema.nullable(),
    cash: decimalSchema.nullable(),
    buyingPower: decimalSchema.nullable(),
    initMargin: decimalSchema.nullable(),
    maintMargin: decimalSchema.nullable(),
    excessLiquidity: decimalSchema.nullable(),
    grossPositionValue: decimalSchema.nullable(),
    marginUsage: z.number().nullable().describe('Maintenance margin ÷ net liquidation (0.25 = 25 %)'),
  })
  .describe('AccountSnapshot');
export type AccountSnapshot = z.infer<typeof accountSnapshotSchema>;

export const accountSchema = z
  .object({
    id: z.uuid(),
    broker: brokerSchema,
    accountCode: z.string(),
    type: accountTypeSchema,
    baseCurrency: z.string(),
    paper: z.boolean(),
    label: z.string().nullable(),
    positionsCount: z.number().int(),
    latestSnapshot: accountSnapshotSchema.nullable(),
  })
  .describe('Account');
export type Account = z.infer<typeof accountSchema>;

export const accountsResponseSchema = z.object({ accounts: z.array(accountSchema) }).describe('AccountsResponse');
export type AccountsResponse = z.infer<typeof accountsResponseSchema>;

export const snapshotsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Newest N snapshots (1–5000, default 500)'),
});

export const accountSnapshotsResponseSchema = z
  .object({ accountId: z.uuid(), snapshots: z.array(accountSnapshotSchema).describe('Oldest first') })
  .describe('AccountSnapshotsResponse');
export type AccountSnapshotsResponse = z.infer<typeof accountSnapshotsResponseSchema>;

export const freshnessSchema = z
  .object({
    newestQuoteAt: z.iso.datetime().nullable(),
    ageSeconds: z.number().nullable(),
    stale: z.boolean().describe('True when there are no quotes or the newest is older than staleAfterSeconds'),
    staleAfterSeconds: z.number().int(),
  })
  .describe('DataFreshness');
export type Freshness = z.infer<typeof freshnessSchema>;

export const dashboardAccountSchema = z
  .object({
    accountId: z.uuid(),
    accountCode: z.string(),
    label: z.string().nullable(),
    broker: brokerSchema,
    type: accountTypeSchema,
    paper: z.boolean(),
    currency: z.string(),
    snapshotAsOf: z.iso.datetime().nullable(),
    netLiquidation: decimalSchema.nullable(),
    cash: decimalSchema.nullable(),
    buyingPower: decimalSchema.nullable(),
    maintMargin: decimalSchema.nullable(),
    excessLiquidity: decimalSchema.nullable(),
    marginUsage: z.number().nullable(),
    positionsCount: z.number().int(),
    dayPnl: decimalSchema
      .nullable()
      .describe('Latest NLV − NLV of the last snapshot of an earlier New York day; null without one'),
    dayPnlSince: z.iso.datetime().nullable().describe('as_of of the snapshot day P&L compares against'),
    lastSyncAt: z.iso.datetime().nullable(),
  })
  .describe('DashboardAccount');
export type DashboardAccount = z.infer<typeof dashboardAccountSchema>;

export const dashboardTotalsSchema = z
  .object({
    currency: z.string().nullable().describe('Null when accounts report in different currencies (no totals then)'),
    netLiquidation: decimalSchema.nullable(),
    cash: decimalSchema.nullable(),
    buyingPower: decimalSchema.nullable(),
    maintMargin: decimalSchema.nullable(),
    marginUsage: z.number().nullable(),
    positionsCount: z.number().int(),
    dayPnl: decimalSchema.nullable().describe('Null unless every account has a day P&L'),
    complete: z.boolean().describe('False when some account has no NLV yet: money totals then sum the known ones'),
  })
  .describe('DashboardTotals');
export type DashboardTotals = z.infer<typeof dashboardTotalsSchema>;

export const dashboardResponseSchema = z
  .object({
    asOf: z.iso.datetime().describe('Server time of this answer'),
    accounts: z.array(dashboardAccountSchema),
    totals: dashboardTotalsSchema,
    lastSyncAt: z.iso.datetime().nullable(),
    freshness: freshnessSchema,
  })
  .describe('DashboardResponse');
export type DashboardResponse = z.infer<typeof dashboardResponseSchema>;
