import { describeDb } from '@optionstrader/testkit';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from './client';
import { listTables } from './list-tables';
import * as schema from './schema/index';
import { isUniqueViolation } from './unique-violation';

const EXPECTED_TABLES = [
  'account_snapshots',
  'alerts',
  'api_tokens',
  'app_settings',
  'audit_log',
  'backtest_results',
  'broker_accounts',
  'client_memberships',
  'clients',
  'equity_curve_points',
  'executions',
  'ibkr_contracts',
  'instruments',
  'job_runs',
  'job_schedules',
  'market_quotes',
  'notification_channels',
  'notification_preferences',
  'notifications',
  'opportunities',
  'option_events',
  'orders',
  'portfolios',
  'positions',
  'recommendations',
  'sessions',
  'signals',
  'strategy_definitions',
  'strategy_instances',
  'strategy_runs',
  'strategy_versions',
  'sync_runs',
  'users',
  'watchlists',
];

/** SQLSTATE of a driver error, looking through drizzle's DrizzleQueryError wrapper. */
function sqlState(error: unknown): unknown {
  let current: unknown = error;
  while (typeof current === 'object' && current !== null) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${(sequence += 1)}-${Math.random().toString(36).slice(2, 8)}`;

async function insertAccount(db: Db) {
  const [client] = await db
    .insert(schema.clients)
    .values({ name: unique('client') })
    .returning();
  const [account] = await db
    .insert(schema.brokerAccounts)
    .values({ clientId: client!.id, broker: 'sim', accountCode: unique('DU'), type: 'margin_regt' })
    .returning();
  return account!;
}

async function insertStock(db: Db, symbol = unique('SYM')) {
  const [instrument] = await db
    .insert(schema.instruments)
    .values({ symbol, assetClass: 'STK', canonicalKey: `STK:${symbol}` })
    .returning();
  return instrument!;
}

async function insertOrder(db: Db, accountId: string, idempotencyKey = unique('order')) {
  const [order] = await db
    .insert(schema.orders)
    .values({
      idempotencyKey,
      accountId,
      side: 'sell',
      orderType: 'limit',
      limitPrice: '1.25',
      quantity: '1',
      mode: 'paper',
      legs: [],
    })
    .returning();
  return order!;
}

describeDb('schema', (use) => {
  it('has exactly the tables of the data model', async () => {
    expect(await listTables(use().database)).toEqual(EXPECTED_TABLES);
  });

  it('rejects a duplicate IBKR con_id', async () => {
    const { db } = use().database;
    const stock = await insertStock(db);
    await db.insert(schema.ibkrContracts).values({ conId: 265598, instrumentId: stock.id, secType: 'STK' });
    await expect(
      db.insert(schema.ibkrContracts).values({ conId: 265598, instrumentId: stock.id, secType: 'STK' }),
    ).rejects.toSatisfy((error) => isUniqueViolation(error, 'ibkr_contracts_con_id_unique'));
  });

  it('rejects a duplicate execution id', async () => {
    const { db } = use().database;
    const account = await insertAccount(db);
    const stock = await insertStock(db);
    const fill = {
      execId: '0000e0d5.67a8b9c1.01.01',
      accountId: account.id,
      instrumentId: stock.id,
      side: 'buy' as const,
      quantity: '100',
      price: '187.12',
      executedAt: new Date('2025-01-17T15:30:00Z'),
    };
    await db.insert(schema.executions).values(fill);
    await expect(db.insert(schema.executions).values(fill)).rejects.toSatisfy((error) =>
      isUniqueViolation(error, 'executions_exec_id_unique'),
    );
  });

  it('rejects a second order with the same idempotency key', async () => {
    const { db } = use().database;
    const account = await insertAccount(db);
    await insertOrder(db, account.id, 'rec-42');
    await expect(insertOrder(db, account.id, 'rec-42')).rejects.toSatisfy((error) =>
      isUniqueViolation(error, 'orders_idempotency_key_unique'),
    );
  });

  it('rejects a duplicate email and a non-lower-case email', async () => {
    const { db } = use().database;
    await db.insert(schema.users).values({ email: 'dup@example.com', passwordHash: 'x' });
    await expect(db.insert(schema.users).values({ email: 'dup@example.com', passwordHash: 'y' })).rejects.toSatisfy(
      (error) => isUniqueViolation(error, 'users_email_unique'),
    );
    await expect(db.insert(schema.users).values({ email: 'Upper@example.com', passwordHash: 'y' })).rejects.toSatisfy(
      (error) => sqlState(error) === '23514',
    );
  });

  it('rejects a row pointing at a missing parent', async () => {
    const { db } = use().database;
    const stock = await insertStock(db);
    await expect(
      db.insert(schema.positions).values({
        accountId: '00000000-0000-4000-8000-000000000000',
        instrumentId: stock.id,
        quantity: '1',
        asOf: new Date(),
      }),
    ).rejects.toSatisfy((error) => sqlState(error) === '23503');
  });

  it('rejects an option without strike, and a second unassigned position in one instrument', async () => {
    const { db } = use().database;
    await expect(
      db
        .insert(schema.instruments)
        .values({ symbol: 'AAPL', assetClass: 'OPT', canonicalKey: unique('OPT'), expiry: '2025-01-17', right: 'P' }),
    ).rejects.toSatisfy((error) => sqlState(error) === '23514');

    const account = await insertAccount(db);
    const stock = await insertStock(db);
    const position = { accountId: account.id, instrumentId: stock.id, quantity: '100', asOf: new Date() };
    await db.insert(schema.positions).values(position);
    await expect(db.insert(schema.positions).values(position)).rejects.toSatisfy((error) =>
      isUniqueViolation(error, 'positions_account_instrument_portfolio_source_unique'),
    );
    // The paper book's row in the same instrument sits beside the broker's.
    await db.insert(schema.positions).values({ ...position, source: 'paper' });
    await expect(db.insert(schema.positions).values({ ...position, source: 'other' })).rejects.toSatisfy(
      (error) => sqlState(error) === '23514',
    );
  });

  it('keeps money exact', async () => {
    const { db } = use().database;
    const account = await insertAccount(db);
    const amounts = ['1234567.891234', '0.01', '-0.000001', '99999999999999.999999', '0.1'];
    for (const amount of amounts) {
      const [row] = await db
        .insert(schema.accountSnapshots)
        .values({ accountId: account.id, asOf: new Date(), cash: amount, currency: 'USD' })
        .returning();
      const [read] = await db.select().from(schema.accountSnapshots).where(eq(schema.accountSnapshots.id, row!.id));
      // numeric(20,6) pads to the scale; the digits are otherwise exactly those written.
      expect(read!.cash).toBe(padTo6(amount));
    }
  });

  it('keeps an unknown quote field NULL, not 0', async () => {
    const { db } = use().database;
    const stock = await insertStock(db);
    const [quote] = await db
      .insert(schema.marketQuotes)
      .values({ instrumentId: stock.id, ask: '1.05', dataType: 'delayed', asOf: new Date() })
      .returning();
    const [read] = await db.select().from(schema.marketQuotes).where(eq(schema.marketQuotes.id, quote!.id));
    expect(read).toMatchObject({ bid: null, ask: '1.050000', last: null, volume: null, delta: null, impliedVol: null });
  });

  it('seeds the kill switch off', async () => {
    const { db } = use().database;
    const [row] = await db.select().from(schema.appSettings).where(eq(schema.appSettings.key, 'autotrade_enabled'));
    expect(row?.value).toBe(false);
  });
});

/** '0.01' → '0.010000': the text form PostgreSQL returns for numeric(20,6). */
function padTo6(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(6, '0')}`;
}
