// Strategy plugins and what they produce: definitions, versions, instances, runs (incl. backtests),
// signals, opportunities, recommendations and backtest equity curves.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brokerAccounts, clients, users } from './accounts';
import { createdAt, id, money, quantity, ratio, timestamptz, updatedAt } from './columns';
import { instruments, portfolios } from './portfolio';

export const runMode = pgEnum('run_mode', ['live', 'paper', 'backtest']);
export const runStatus = pgEnum('run_status', ['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export const recommendationAction = pgEnum('recommendation_action', [
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
export const recommendationStatus = pgEnum('recommendation_status', [
  'pending',
  'approved',
  'rejected',
  'expired',
  'superseded',
  'submitted',
  'filled',
  'cancelled',
]);

export const strategyDefinitions = pgTable('strategy_definitions', {
  id: id(),
  slug: text('slug').notNull().unique('strategy_definitions_slug_unique'),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const strategyVersions = pgTable(
  'strategy_versions',
  {
    id: id(),
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => strategyDefinitions.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    /** Which plugin code runs this version (e.g. `wheel@1`). */
    codeRef: text('code_ref').notNull(),
    configSchema: jsonb('config_schema'),
    defaults: jsonb('defaults'),
    createdAt: createdAt(),
  },
  (t) => [unique('strategy_versions_definition_version_unique').on(t.definitionId, t.version)],
);

export const strategyInstances = pgTable(
  'strategy_instances',
  {
    id: id(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => strategyVersions.id, { onDelete: 'restrict' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'restrict' }),
    portfolioId: uuid('portfolio_id').references(() => portfolios.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    config: jsonb('config').notNull().default({}),
    enabled: boolean('enabled').notNull().default(false),
    autotradeEnabled: boolean('autotrade_enabled').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('strategy_instances_account_idx').on(t.accountId),
    index('strategy_instances_version_idx').on(t.versionId),
  ],
);

export const strategyRuns = pgTable(
  'strategy_runs',
  {
    id: id(),
    // Null for backtests, which run a version with an ad-hoc config instead of an instance.
    instanceId: uuid('instance_id').references(() => strategyInstances.id, { onDelete: 'set null' }),
    versionId: uuid('version_id').references(() => strategyVersions.id, { onDelete: 'set null' }),
    mode: runMode('mode').notNull(),
    status: runStatus('status').notNull().default('queued'),
    /** Config as run (backtests and reproducibility), not as currently stored on the instance. */
    config: jsonb('config'),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    stats: jsonb('stats'),
    errors: jsonb('errors'),
    timings: jsonb('timings'),
    createdAt: createdAt(),
  },
  (t) => [
    index('strategy_runs_instance_created_idx').on(t.instanceId, t.createdAt.desc()),
    index('strategy_runs_mode_status_created_idx').on(t.mode, t.status, t.createdAt.desc()),
  ],
);

export const signals = pgTable(
  'signals',
  {
    id: id(),
    runId: uuid('run_id')
      .notNull()
      .references(() => strategyRuns.id, { onDelete: 'cascade' }),
    instrumentId: uuid('instrument_id').references(() => instruments.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    /** The underlier the signal is about, also when no instrument row exists for it. */
    symbol: text('symbol'),
    message: text('message').notNull().default(''),
    payload: jsonb('payload'),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('signals_run_idx').on(t.runId), index('signals_instrument_at_idx').on(t.instrumentId, t.at.desc())],
);

export const opportunities = pgTable(
  'opportunities',
  {
    id: id(),
    runId: uuid('run_id')
      .notNull()
      .references(() => strategyRuns.id, { onDelete: 'cascade' }),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'restrict' }),
    // Market metrics are nullable: unknown stays unknown.
    bid: money('bid'),
    ask: money('ask'),
    mid: money('mid'),
    delta: ratio('delta'),
    dte: integer('dte'),
    iv: ratio('iv'),
    ivRank: ratio('iv_rank'),
    ror: ratio('ror'),
    annualizedRor: ratio('annualized_ror'),
    pop: ratio('pop'),
    volume: bigint('volume', { mode: 'number' }),
    openInterest: bigint('open_interest', { mode: 'number' }),
    spreadPct: ratio('spread_pct'),
    score: ratio('score'),
    rank: integer('rank'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [
    index('opportunities_run_rank_idx').on(t.runId, t.rank),
    index('opportunities_instrument_idx').on(t.instrumentId),
  ],
);

export const recommendations = pgTable(
  'recommendations',
  {
    id: id(),
    instanceId: uuid('instance_id').references(() => strategyInstances.id, { onDelete: 'set null' }),
    versionId: uuid('version_id').references(() => strategyVersions.id, { onDelete: 'restrict' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'restrict' }),
    portfolioId: uuid('portfolio_id').references(() => portfolios.id, { onDelete: 'set null' }),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id, { onDelete: 'set null' }),
    runId: uuid('run_id').references(() => strategyRuns.id, { onDelete: 'set null' }),
    /** Same action, legs and quantity → same fingerprint (domain `recommendationFingerprint`); null on old rows. */
    fingerprint: text('fingerprint'),
    /** The underlier, for lists and filters without unpacking the legs. */
    symbol: text('symbol').notNull().default(''),
    action: recommendationAction('action').notNull(),
    legs: jsonb('legs').notNull(),
    quantity: quantity('quantity').notNull(),
    limitPrice: money('limit_price'),
    /** The net bid and ask the limit sits between when it was recommended (`{ bid, ask }`, null = unknown). */
    spread: jsonb('spread'),
    rationale: text('rationale'),
    confidence: ratio('confidence'),
    params: jsonb('params'),
    riskCheck: jsonb('risk_check'),
    status: recommendationStatus('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamptz('decided_at'),
    decisionReason: text('decision_reason'),
    expiresAt: timestamptz('expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('recommendations_status_account_created_idx').on(t.status, t.accountId, t.createdAt.desc()),
    index('recommendations_instance_idx').on(t.instanceId),
    // The database itself keeps a re-run (or a concurrent one) from duplicating a pending recommendation.
    uniqueIndex('recommendations_instance_fingerprint_pending_unique')
      .on(t.instanceId, t.fingerprint)
      .where(sql`${t.status} = 'pending'`),
    // Partial: the expiry sweep only ever looks at pending rows.
    index('recommendations_pending_expires_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export const equityCurvePoints = pgTable(
  'equity_curve_points',
  {
    // bigint identity: many rows per backtest, never referenced individually.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid('run_id')
      .notNull()
      .references(() => strategyRuns.id, { onDelete: 'cascade' }),
    at: date('at', { mode: 'string' }).notNull(),
    equity: money('equity').notNull(),
    cash: money('cash'),
    /** The buy-and-hold benchmark's value on the same day (null before it has a price). */
    benchmark: money('benchmark'),
  },
  (t) => [unique('equity_curve_points_run_at_unique').on(t.runId, t.at)],
);

/**
 * A backtest's request and everything it found besides the curve: progress while it runs, the per-year table, the
 * closed trades and the strategy's signals. Money inside these JSON documents is kept as decimal strings.
 */
export const backtestResults = pgTable(
  'backtest_results',
  {
    runId: uuid('run_id')
      .primaryKey()
      .references(() => strategyRuns.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    strategySlug: text('strategy_slug').notNull(),
    request: jsonb('request').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The client whose users see it. */
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    /** Share of the trading days simulated, 0..1. */
    progress: ratio('progress').notNull().default(0),
    fromDate: date('from_date', { mode: 'string' }),
    toDate: date('to_date', { mode: 'string' }),
    years: jsonb('years'),
    trades: jsonb('trades'),
    signals: jsonb('signals'),
  },
  (t) => [index('backtest_results_client_idx').on(t.clientId)],
);
