// What is held and what it is worth: instruments, IBKR contracts, portfolios (sleeves), positions, quotes.
import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { brokerAccounts } from './accounts';
import { createdAt, id, money, quantity, ratio, timestamptz, updatedAt } from './columns';

export const assetClass = pgEnum('asset_class', ['STK', 'ETF', 'IND', 'OPT', 'FUT']);
export const optionRight = pgEnum('option_right', ['C', 'P']);
export const marketDataType = pgEnum('market_data_type', ['live', 'delayed', 'frozen', 'model']);

export const instruments = pgTable(
  'instruments',
  {
    id: id(),
    symbol: text('symbol').notNull(),
    assetClass: assetClass('asset_class').notNull(),
    underlyingInstrumentId: uuid('underlying_instrument_id').references((): AnyPgColumn => instruments.id, {
      onDelete: 'restrict',
    }),
    expiry: date('expiry', { mode: 'string' }),
    strike: money('strike'),
    right: optionRight('right'),
    multiplier: quantity('multiplier').notNull().default('1'),
    currency: char('currency', { length: 3 }).notNull().default('USD'),
    occSymbol: text('occ_symbol'),
    /** Broker-independent identity, e.g. `OPT:AAPL:2025-01-17:P:150` — the domain builds it. */
    canonicalKey: text('canonical_key').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('instruments_canonical_key_unique').on(t.canonicalKey),
    index('instruments_symbol_idx').on(t.symbol),
    index('instruments_underlying_expiry_idx').on(t.underlyingInstrumentId, t.expiry),
    // An option without expiry, strike or right cannot be priced or ordered.
    check(
      'instruments_option_fields',
      sql`${t.assetClass} <> 'OPT' or (${t.expiry} is not null and ${t.strike} is not null and ${t.right} is not null)`,
    ),
  ],
);

export const ibkrContracts = pgTable(
  'ibkr_contracts',
  {
    id: id(),
    conId: bigint('con_id', { mode: 'number' }).notNull(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'cascade' }),
    secType: text('sec_type').notNull(),
    localSymbol: text('local_symbol'),
    tradingClass: text('trading_class'),
    exchange: text('exchange'),
    primaryExchange: text('primary_exchange'),
    validExchanges: text('valid_exchanges').array(),
    raw: jsonb('raw'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ibkr_contracts_con_id_unique').on(t.conId),
    index('ibkr_contracts_instrument_idx').on(t.instrumentId),
  ],
);

export const portfolios = pgTable(
  'portfolios',
  {
    id: id(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('portfolios_account_name_unique').on(t.accountId, t.name)],
);

export const positions = pgTable(
  'positions',
  {
    id: id(),
    // Positions mirror broker state and can be rebuilt, so they go with their account.
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'cascade' }),
    portfolioId: uuid('portfolio_id').references(() => portfolios.id, { onDelete: 'restrict' }),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'restrict' }),
    quantity: quantity('quantity').notNull(),
    avgCost: money('avg_cost'),
    costBasis: money('cost_basis'),
    marketValue: money('market_value'),
    unrealizedPnl: money('unrealized_pnl'),
    realizedPnl: money('realized_pnl'),
    /** broker: mirrored by the sync; paper: moved by the paper Order Manager's fills. The sync never touches paper. */
    source: text('source').notNull().default('broker'),
    asOf: timestamptz('as_of').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // NULLS NOT DISTINCT: an unassigned (null-portfolio) position is still one row per instrument and source.
    unique('positions_account_instrument_portfolio_source_unique')
      .on(t.accountId, t.instrumentId, t.portfolioId, t.source)
      .nullsNotDistinct(),
    check('positions_source', sql`${t.source} in ('broker', 'paper')`),
    index('positions_portfolio_idx').on(t.portfolioId),
    index('positions_instrument_idx').on(t.instrumentId),
  ],
);

export const marketQuotes = pgTable(
  'market_quotes',
  {
    // bigint identity: the highest-volume table; nothing outside refers to a quote by id.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'cascade' }),
    // Every market-data column is nullable: unknown is NULL, never 0 (design §5).
    bid: money('bid'),
    ask: money('ask'),
    last: money('last'),
    mark: money('mark'),
    volume: bigint('volume', { mode: 'number' }),
    openInterest: bigint('open_interest', { mode: 'number' }),
    impliedVol: ratio('implied_vol'),
    delta: ratio('delta'),
    gamma: ratio('gamma'),
    theta: ratio('theta'),
    vega: ratio('vega'),
    underlyingPrice: money('underlying_price'),
    dataType: marketDataType('data_type').notNull(),
    asOf: timestamptz('as_of').notNull(),
  },
  (t) => [index('market_quotes_instrument_as_of_idx').on(t.instrumentId, t.asOf.desc())],
);
