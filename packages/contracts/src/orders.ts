// The order flow: decisions on recommendations (POST /api/recommendations/{id}/preview, /approve, /reject), orders
// (GET /api/orders, GET /api/orders/{id}, POST /api/orders/{id}/cancel), executions (GET /api/executions), option
// events (GET /api/option-events), the trade journal (GET /api/journal), the trading settings with the kill switch
// (GET/PUT /api/settings/trading) and each account's order mode (PUT /api/accounts/{id}/order-mode).
// Prices are per share; a combo's price is its net (+ debit, − credit); exact amounts are decimal strings.
import { z } from 'zod';
import { decimalSchema } from './accounts';
import { recommendationSchema } from './strategies';
import { riskReasonSchema, riskVerdictSchema } from './risk';

const num = z.number().nullable();

export const orderModeSchema = z
  .enum(['paper', 'live'])
  .describe('paper: fills simulated here; live: sent to the broker');
export const orderStatusSchema = z.enum([
  'created',
  'submitted',
  'partially_filled',
  'filled',
  'cancel_requested',
  'cancelled',
  'rejected',
  'inactive',
  'expired',
]);
export const tifSchema = z.enum(['DAY', 'GTC']);

export const orderOverridesSchema = z
  .strictObject({
    quantity: z.number().int().min(1).max(10_000).optional().describe('Units (contracts or shares)'),
    limitPrice: z
      .number()
      .finite()
      .optional()
      .describe('Per share; a combo: net, + debit / − credit. Must stay within the price band around the mid'),
    tif: tifSchema.optional(),
  })
  .describe('OrderOverrides');
export type OrderOverridesInput = z.infer<typeof orderOverridesSchema>;

export const rejectBodySchema = z.strictObject({
  reason: z.string().trim().min(1, 'Say why').max(500),
});
export type RejectBody = z.infer<typeof rejectBodySchema>;

export const orderLegViewSchema = z.object({
  key: z.string(),
  symbol: z.string(),
  kind: z.enum(['option', 'stock']),
  right: z.enum(['call', 'put']).nullable(),
  strike: num,
  expiry: z.string().nullable(),
  multiplier: z.number(),
  side: z.enum(['BUY', 'SELL']),
  ratio: z.number(),
});

export const orderSchema = z
  .object({
    id: z.uuid(),
    idempotencyKey: z.string().describe('Sent to the broker as orderRef'),
    accountId: z.uuid(),
    accountCode: z.string(),
    recommendationId: z.uuid().nullable(),
    symbol: z.string(),
    mode: orderModeSchema,
    legs: z.array(orderLegViewSchema),
    side: z.enum(['buy', 'sell']),
    limitPrice: decimalSchema.nullable(),
    tif: tifSchema,
    status: orderStatusSchema,
    working: z.boolean().describe('A fill or a cancel may still come'),
    quantity: z.number(),
    filledQuantity: z.number(),
    avgFillPrice: decimalSchema.nullable(),
    statusMessage: z.string().nullable(),
    automated: z.boolean(),
    brokerOrderId: z.string().nullable(),
    priceAttempt: z.number().int().describe('Repricing step now working (0 = the first limit)'),
    repriceLadder: z.array(decimalSchema).nullable(),
    submittedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .describe('Order');
export type OrderView = z.infer<typeof orderSchema>;

export const executionSchema = z
  .object({
    id: z.uuid(),
    execId: z.string(),
    orderId: z.uuid().nullable(),
    accountId: z.uuid(),
    accountCode: z.string(),
    key: z.string(),
    symbol: z.string(),
    side: z.enum(['buy', 'sell']),
    quantity: z.number(),
    price: decimalSchema,
    commission: decimalSchema.nullable(),
    executedAt: z.iso.datetime(),
    mode: orderModeSchema.nullable().describe('null: a fill of an order placed outside the app'),
  })
  .describe('Execution');
export type ExecutionView = z.infer<typeof executionSchema>;

export const orderDetailSchema = orderSchema.extend({ executions: z.array(executionSchema) }).describe('OrderDetail');
export type OrderDetailView = z.infer<typeof orderDetailSchema>;

export const ordersQuerySchema = z.strictObject({
  status: z.union([orderStatusSchema, z.literal('working')]).optional(),
  accountId: z.uuid().optional(),
  mode: orderModeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;
export const ordersResponseSchema = z.object({ orders: z.array(orderSchema) });
export type OrdersResponse = z.infer<typeof ordersResponseSchema>;

export const executionsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const executionsResponseSchema = z.object({ executions: z.array(executionSchema) });
export type ExecutionsResponse = z.infer<typeof executionsResponseSchema>;

export const optionEventSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['assignment', 'exercise', 'expiration', 'early_assignment']),
    accountId: z.uuid(),
    accountCode: z.string(),
    key: z.string(),
    symbol: z.string(),
    quantity: z.number().describe('Signed contracts the event closed'),
    occurredAt: z.iso.datetime(),
    source: z.enum(['broker', 'paper']),
  })
  .describe('OptionEvent');
export const optionEventsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const optionEventsResponseSchema = z.object({ events: z.array(optionEventSchema) });
export type OptionEventsResponse = z.infer<typeof optionEventsResponseSchema>;

export const journalTradeSchema = z
  .object({
    accountId: z.uuid(),
    accountCode: z.string(),
    key: z.string(),
    symbol: z.string(),
    kind: z.enum(['option', 'stock']),
    direction: z.enum(['long', 'short']),
    quantity: z.number(),
    openedAt: z.iso.datetime(),
    closedAt: z.iso.datetime(),
    daysHeld: z.number(),
    premium: decimalSchema.describe('Received opening a short (paid opening a long: negative), before commissions'),
    commissions: decimalSchema,
    realizedPnl: decimalSchema,
    closedBy: z.enum(['trade', 'expiration', 'assignment', 'exercise']),
    mode: z.enum(['paper', 'live', 'external']),
  })
  .describe('JournalTrade');
export const journalQuerySchema = optionEventsQuerySchema;
export const journalResponseSchema = z.object({ trades: z.array(journalTradeSchema) });
export type JournalResponse = z.infer<typeof journalResponseSchema>;

/** What approving would send, checked — the order ticket shows it before the click. */
export const orderPreviewSchema = z
  .object({
    ok: z.boolean().describe('Approving with these overrides would be accepted'),
    refusal: z
      .object({ code: z.string(), message: z.string() })
      .nullable()
      .describe('Why it would be refused (the same code approve answers with)'),
    mode: orderModeSchema,
    quantity: z.number(),
    limitPrice: decimalSchema.nullable(),
    tif: tifSchema,
    mid: num.describe('Current mid (net for combos), null when unknown'),
    natural: num.describe('Current natural price (what crossing the spread costs), null when unknown'),
    band: z
      .object({ min: z.number(), max: z.number() })
      .nullable()
      .describe('Limits the price band allows; null when the quote is unknown'),
    risk: z
      .object({ verdict: riskVerdictSchema, reasons: z.array(riskReasonSchema) })
      .nullable()
      .describe('Pre-trade risk check of this order'),
    marketOpen: z.boolean(),
  })
  .describe('OrderPreview');
export type OrderPreviewView = z.infer<typeof orderPreviewSchema>;

export const approveResponseSchema = z.object({ order: orderSchema, recommendation: recommendationSchema });
export type ApproveResponse = z.infer<typeof approveResponseSchema>;
export const rejectResponseSchema = z.object({ recommendation: recommendationSchema });

export const automationLimitsSchema = z.strictObject({
  maxContractsPerOrder: z.number().int().min(1).nullable(),
  maxNotionalPerOrder: z.number().positive().nullable(),
  maxContractsPerDay: z.number().int().min(1).nullable(),
  maxNotionalPerDay: z.number().positive().nullable(),
});
export type AutomationLimitsView = z.infer<typeof automationLimitsSchema>;

export const orderPolicySchema = z.strictObject({
  priceBandFraction: z.number().min(0).max(1).describe('How far from the mid a limit may sit, as a fraction of |mid|'),
  priceBandTicks: z.number().int().min(0).describe('…but at least this many ticks'),
  repriceEnabled: z.boolean().describe('Move a working limit from the mid toward the natural price in steps'),
  repriceStepFraction: z.number().gt(0).max(1),
  repriceMaxSteps: z.number().int().min(0).max(20),
  repriceDelaySeconds: z.number().int().min(5).max(3600),
});
export type OrderPolicyView = z.infer<typeof orderPolicySchema>;

export const tradingSettingsSchema = z
  .object({
    autotradeEnabled: z.boolean().describe('The global kill switch: false stops every automated order'),
    reduceOnly: z.boolean().describe('Only orders that reduce positions are accepted (manual and automated)'),
    limits: automationLimitsSchema,
    policy: orderPolicySchema,
  })
  .describe('TradingSettings');
export type TradingSettingsView = z.infer<typeof tradingSettingsSchema>;

export const tradingSettingsPatchSchema = z
  .strictObject({
    autotradeEnabled: z.boolean().optional(),
    reduceOnly: z.boolean().optional(),
    limits: automationLimitsSchema.optional(),
    policy: orderPolicySchema.optional(),
    cancelWorking: z.boolean().optional().describe('With autotradeEnabled=false: also cancel working automated orders'),
    confirm: z
      .literal('ENABLE AUTOTRADE')
      .optional()
      .describe('Required to turn autotrade on: the exact text ENABLE AUTOTRADE'),
  })
  .describe('TradingSettingsPatch');
export type TradingSettingsPatch = z.infer<typeof tradingSettingsPatchSchema>;
export const tradingSettingsResponseSchema = tradingSettingsSchema.extend({
  cancelledOrders: z.number().int().optional(),
});

export const orderModeBodySchema = z.strictObject({
  mode: orderModeSchema,
  confirm: z.string().optional().describe('Required for live: the account code, typed again'),
});
export const accountTradingSchema = z
  .object({
    accountId: z.uuid(),
    accountCode: z.string(),
    orderMode: orderModeSchema,
    liveEnabledAt: z.iso.datetime().nullable(),
  })
  .describe('AccountTrading');
export type AccountTradingView = z.infer<typeof accountTradingSchema>;
export const accountsTradingResponseSchema = z.object({ accounts: z.array(accountTradingSchema) });
