// Orders and their consequences: orders, executions (fills), option events (assignment, expiry, ...).
// Kept apart from portfolio.ts because orders point at recommendations; this avoids an import cycle.
import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { brokerAccounts, users } from './accounts';
import { createdAt, id, money, quantity, timestamptz, updatedAt } from './columns';
import { instruments, portfolios, positions } from './portfolio';
import { recommendations } from './strategies';

export const orderSide = pgEnum('order_side', ['buy', 'sell']);
export const orderType = pgEnum('order_type', ['market', 'limit', 'stop', 'stop_limit']);
export const timeInForce = pgEnum('time_in_force', ['day', 'gtc', 'ioc', 'opg']);
export const orderStatus = pgEnum('order_status', [
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
export const orderMode = pgEnum('order_mode', ['sim', 'paper', 'live']);
export const optionEventKind = pgEnum('option_event_kind', [
  'assignment',
  'exercise',
  'expiration',
  'early_assignment',
]);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    /** Also sent as IBKR `orderRef`: one recommendation → at most one broker order, across restarts. */
    idempotencyKey: text('idempotency_key').notNull(),
    // Restrict: order history is the trading record and must outlive account edits.
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'restrict' }),
    portfolioId: uuid('portfolio_id').references(() => portfolios.id, { onDelete: 'set null' }),
    recommendationId: uuid('recommendation_id').references(() => recommendations.id, { onDelete: 'set null' }),
    brokerOrderId: text('broker_order_id'),
    permId: text('perm_id'),
    parentOrderId: uuid('parent_order_id').references((): AnyPgColumn => orders.id, { onDelete: 'set null' }),
    ocaGroup: text('oca_group'),
    side: orderSide('side').notNull(),
    orderType: orderType('order_type').notNull(),
    limitPrice: money('limit_price'),
    tif: timeInForce('tif').notNull().default('day'),
    status: orderStatus('status').notNull().default('created'),
    quantity: quantity('quantity').notNull(),
    filledQuantity: quantity('filled_quantity').notNull().default('0'),
    avgFillPrice: money('avg_fill_price'),
    /** Why the broker (or the paper engine) rejected or cancelled it, or why it still waits. */
    statusMessage: text('status_message'),
    mode: orderMode('mode').notNull(),
    /** Placed by the autotrader rather than a person's click (the per-day automation limits count these). */
    automated: boolean('automated').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The repricing ladder (application `RepricePlan`); null = the limit stays where it is. */
    reprice: jsonb('reprice'),
    /** Index in `reprice.ladder` of the limit now working. */
    priceAttempt: integer('price_attempt').notNull().default(0),
    /** Combo legs as planned (instrument ids, ratios, sides); single-leg orders have one. */
    legs: jsonb('legs').notNull(),
    submittedAt: timestamptz('submitted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_idempotency_key_unique').on(t.idempotencyKey),
    index('orders_account_status_created_idx').on(t.accountId, t.status, t.createdAt.desc()),
    index('orders_recommendation_idx').on(t.recommendationId),
    index('orders_perm_id_idx').on(t.permId),
    // The per-day automation limits sum today's automated orders.
    index('orders_automated_created_idx')
      .on(t.createdAt)
      .where(sql`${t.automated}`),
  ],
);

export const executions = pgTable(
  'executions',
  {
    id: id(),
    execId: text('exec_id').notNull(),
    // Nullable: fills of orders placed outside the app (TWS) still belong to an account.
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'restrict' }),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'restrict' }),
    side: orderSide('side').notNull(),
    quantity: quantity('quantity').notNull(),
    price: money('price').notNull(),
    commission: money('commission'),
    commissionCurrency: char('commission_currency', { length: 3 }),
    executedAt: timestamptz('executed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('executions_exec_id_unique').on(t.execId),
    index('executions_order_idx').on(t.orderId),
    index('executions_account_executed_idx').on(t.accountId, t.executedAt.desc()),
  ],
);

export const optionEvents = pgTable(
  'option_events',
  {
    id: id(),
    kind: optionEventKind('kind').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'restrict' }),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'restrict' }),
    quantity: quantity('quantity').notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
    resultingPositionId: uuid('resulting_position_id').references(() => positions.id, { onDelete: 'set null' }),
    resultingOrderId: uuid('resulting_order_id').references(() => orders.id, { onDelete: 'set null' }),
    /** broker: seen in the broker's book; paper: the paper book's expiry processing. */
    source: text('source').notNull().default('broker'),
    /** The same event seen twice (a re-run sync or expiry pass) is stored once. */
    dedupeKey: text('dedupe_key').notNull(),
    raw: jsonb('raw'),
    createdAt: createdAt(),
  },
  (t) => [
    index('option_events_account_occurred_idx').on(t.accountId, t.occurredAt.desc()),
    uniqueIndex('option_events_dedupe_key_unique').on(t.dedupeKey),
    check('option_events_source', sql`${t.source} in ('broker', 'paper')`),
  ],
);
