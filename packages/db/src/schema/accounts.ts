// Who uses the app and which broker accounts they see: users, sessions, clients, accounts, snapshots.
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
  unique,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, timestamptz, updatedAt } from './columns';

export const clientRole = pgEnum('client_role', ['owner', 'trader', 'viewer']);
export const broker = pgEnum('broker', ['ibkr', 'sim']);
export const accountType = pgEnum('account_type', ['margin_pm', 'margin_regt', 'cash', 'tfsa', 'rrsp']);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    displayName: text('display_name'),
    passwordHash: text('password_hash').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    // Lookups compare lower-cased emails; the database refuses anything else.
    check('users_email_lower_case', sql`${t.email} = lower(${t.email})`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    // The client the user is working in (the UI's client selector); null → their first client.
    clientId: uuid('client_id').references((): AnyPgColumn => clients.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_unique').on(t.tokenHash),
    index('sessions_user_id_idx').on(t.userId),
    index('sessions_expires_at_idx').on(t.expiresAt),
  ],
);

export const clients = pgTable('clients', {
  id: id(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const clientMemberships = pgTable(
  'client_memberships',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    role: clientRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('client_memberships_user_client_unique').on(t.userId, t.clientId),
    index('client_memberships_client_idx').on(t.clientId),
  ],
);

export const brokerAccounts = pgTable(
  'broker_accounts',
  {
    id: id(),
    // Restrict: removing a client must not silently erase its trading history.
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'restrict' }),
    broker: broker('broker').notNull(),
    accountCode: text('account_code').notNull(),
    type: accountType('type').notNull(),
    baseCurrency: char('base_currency', { length: 3 }).notNull().default('USD'),
    paper: boolean('paper').notNull().default(true),
    label: text('label'),
    // Live orders need this AND the global switch (design §5); off until an operator turns it on.
    liveTradingEnabled: boolean('live_trading_enabled').notNull().default(false),
    // Overrides of the account type's default risk limits (domain RiskLimits); {} = the defaults.
    riskLimits: jsonb('risk_limits').notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('broker_accounts_broker_account_code_unique').on(t.broker, t.accountCode),
    index('broker_accounts_client_idx').on(t.clientId),
  ],
);

export const accountSnapshots = pgTable(
  'account_snapshots',
  {
    id: id(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id, { onDelete: 'cascade' }),
    asOf: timestamptz('as_of').notNull(),
    // Nullable: a value the broker did not report is unknown, not zero.
    netLiquidation: money('net_liquidation'),
    cash: money('cash'),
    buyingPower: money('buying_power'),
    initMargin: money('init_margin'),
    maintMargin: money('maint_margin'),
    excessLiquidity: money('excess_liquidity'),
    grossPositionValue: money('gross_position_value'),
    currency: char('currency', { length: 3 }).notNull(),
    raw: jsonb('raw'),
    createdAt: createdAt(),
  },
  (t) => [index('account_snapshots_account_as_of_idx').on(t.accountId, t.asOf.desc())],
);

export const tokenScope = pgEnum('token_scope', ['read', 'trade']);

/** Tokens for scripts: act for their user in one client, at most `trade`; only a hash is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scope: tokenScope('scope').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at'),
    expiresAt: timestamptz('expires_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_token_hash_unique').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);
