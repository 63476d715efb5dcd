// Ingestion through IBKR yields the database state ingestion through the sim does, for the same book: two
// identical sims (same seed, clock and orders), one synced directly, one behind the fake gateway through the real
// IBKR adapter and `@stoqey/ib`, each into its own database; every synced table is then compared row by row.
//
// Compared apart from what names the path rather than the book: row ids and write times, `raw` payloads (each
// adapter keeps its own), the broker kind of accounts, the order mode ('sim' vs 'live'), order ids and perm ids
// (each broker numbers its orders), and the quotes' market data type (the sim says 'model', TWS 'live').
import type { Broker, BrokerOrder, OrderRequest } from '@optionstrader/application';
import { createSyncService } from '@optionstrader/application';
import { queryRows } from '@optionstrader/db';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimGateway, type SimGatewayRig } from '../testing/sim-gateway';

const TABLES = [
  'broker_accounts',
  'account_snapshots',
  'instruments',
  'ibkr_contracts',
  'positions',
  'orders',
  'executions',
  'market_quotes',
] as const;

/** Columns that name the path (or are write bookkeeping), not the book. */
const IGNORED = new Set([
  'id',
  'created_at',
  'updated_at',
  'raw',
  'broker',
  'client_id',
  'mode',
  'broker_order_id',
  'perm_id',
  'data_type',
]);

type Row = Record<string, unknown>;

/** Every synced table as sorted rows with natural keys in place of ids. */
async function bookState(db: TestDatabase): Promise<Record<string, Row[]>> {
  const q = (sql: string) => queryRows<Row>(db.database.db, sql);
  const accounts = new Map(
    (await q('select id, account_code from broker_accounts')).map((r) => [r.id, r.account_code]),
  );
  const instruments = new Map(
    (await q('select id, canonical_key from instruments')).map((r) => [r.id, r.canonical_key]),
  );
  const orders = new Map((await q('select id, idempotency_key from orders')).map((r) => [r.id, r.idempotency_key]));
  const natural = (column: string, value: unknown): unknown => {
    if (value === null) return null;
    if (column === 'account_id') return accounts.get(value);
    if (column === 'instrument_id' || column === 'underlying_instrument_id') return instruments.get(value);
    if (column === 'order_id') return orders.get(value);
    if (column === 'legs' && Array.isArray(value)) {
      return value.map((leg: Row) => ({ ...leg, instrumentId: instruments.get(leg.instrumentId) }));
    }
    if (value instanceof Date) return value.toISOString();
    return value;
  };
  const state: Record<string, Row[]> = {};
  for (const table of TABLES) {
    const rows = (await q(`select * from ${table}`)).map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([column]) => !IGNORED.has(column))
          .map(([column, value]) => [column, natural(column, value)]),
      ),
    );
    state[table] = rows
      .map((r) => JSON.stringify(r))
      .sort()
      .map((r) => JSON.parse(r) as Row);
  }
  return state;
}

/** The same trading on both paths: a put sold at the bid (fills over time) and a resting GTC bid far below. */
async function trade(broker: Broker): Promise<BrokerOrder[]> {
  const [ko] = await broker.contractDetails({ secType: 'STK', symbol: 'KO' });
  const [params] = await broker.optionChainParams('KO');
  if (!ko || !params) throw new Error('KO is not listed');
  const expiry = params.expirations[1] ?? params.expirations[0];
  const [quote] = await broker.quotes([ko]);
  const spot = quote?.mark ?? 60;
  const strike = [...params.strikes].sort(
    (a, b) => Math.abs(Number(a) - spot * 0.95) - Math.abs(Number(b) - spot * 0.95),
  )[0];
  const [put] = await broker.contractDetails({ secType: 'OPT', symbol: 'KO', expiry, strike, right: 'put' });
  if (!put) throw new Error('no KO put');
  const base: Omit<OrderRequest, 'idempotencyKey' | 'legs' | 'limitPrice' | 'orderType' | 'quantity'> = {
    accountCode: 'DU-SIM-PM',
    tif: 'GTC',
  };
  return [
    await broker.placeOrder({
      ...base,
      idempotencyKey: 'eq-sell-put',
      legs: [{ contract: put, action: 'SELL', ratio: 1 }],
      quantity: 60,
      orderType: 'MKT',
      limitPrice: null,
    }),
    await broker.placeOrder({
      ...base,
      idempotencyKey: 'eq-resting-bid',
      legs: [{ contract: ko, action: 'BUY', ratio: 1 }],
      quantity: 10,
      orderType: 'LMT',
      limitPrice: (Math.round(spot * 50) / 100).toFixed(2),
    }),
  ];
}

describe.skipIf(postgresUnavailable())('ingestion through IBKR equals ingestion through the sim', () => {
  let direct: SimGatewayRig;
  let viaIbkr: SimGatewayRig;
  let directDb: TestDatabase;
  let ibkrDb: TestDatabase;

  beforeAll(async () => {
    [direct, viaIbkr, directDb, ibkrDb] = await Promise.all([
      startSimGateway(),
      startSimGateway(),
      createTestDatabase(),
      createTestDatabase(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([direct?.close(), viaIbkr?.close(), directDb?.close(), ibkrDb?.close()]);
  });

  it('writes the same accounts, snapshots, instruments, contracts, positions, orders, executions and quotes', async () => {
    const adapter = viaIbkr.adapter();
    await adapter.connect();
    const placedDirect = await trade(direct.sim);
    const placedIbkr = await trade(adapter);
    expect(placedIbkr.map((o) => o.idempotencyKey)).toEqual(placedDirect.map((o) => o.idempotencyKey));
    // An hour of market: the put fills in displayed-size slices; the far bid keeps resting.
    await Promise.all([direct.advance(60 * 60_000), viaIbkr.advance(60 * 60_000)]);

    const chains = { expirations: 1, strikeRange: 0.03, minIntervalMs: 0 };
    const syncs = [
      createSyncService({
        broker: direct.sim,
        ingest: directDb.repositories.ingest,
        syncRuns: directDb.repositories.syncRuns,
        clock: direct.clock,
        chains,
      }),
      createSyncService({
        broker: adapter,
        ingest: ibkrDb.repositories.ingest,
        syncRuns: ibkrDb.repositories.syncRuns,
        clock: viaIbkr.clock,
        chains,
      }),
    ];
    // One after the other: the gateway answers from this process, so a sync writing to PGlite meanwhile would
    // hold the gateway's reads up and bunch the adapter's paced requests on arrival.
    const b = await syncs[1]?.run({ trigger: 'cli' });
    const a = await syncs[0]?.run({ trigger: 'cli' });
    expect(a?.run.status, a?.run.error ?? '').toBe('succeeded');
    expect(b?.run.status, b?.run.error ?? '').toBe('succeeded');
    expect(b?.run.counts).toEqual(a?.run.counts);

    const expected = await bookState(directDb);
    const actual = await bookState(ibkrDb);
    for (const table of TABLES) {
      expect(expected[table]?.length, `${table} has rows`).toBeGreaterThan(0);
      expect(actual[table], table).toEqual(expected[table]);
    }
    // The put really filled in several slices, each stored once.
    const fills = expected['executions'] ?? [];
    expect(fills.length).toBeGreaterThan(1);
  });
});
