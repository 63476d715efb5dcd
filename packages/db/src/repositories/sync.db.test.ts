// The broker sync end to end on a real database (PGlite and PostgreSQL), fed by the programmable fake broker.
import { createSyncService, rowsWritten, type BrokerOrder, type SyncService } from '@optionstrader/application';
import {
  accountSummary,
  brokerAccount,
  brokerExecution,
  brokerPosition,
  brokerQuote,
  createFakeBroker,
  describeDb,
  optionContract,
  stockContract,
  type FakeBroker,
} from '@optionstrader/testkit';
import { beforeAll, expect, it } from 'vitest';
import { parseIsoDate } from '@optionstrader/domain';
import { queryRows } from '../query-rows';

const T0 = new Date('2026-03-02T15:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const AAPL = stockContract('AAPL', 265598);
const AAPL_PUT = optionContract('AAPL', '2026-04-17', 'put', '180', 700001);
const SPXW_PUT = optionContract('SPXW', '2026-03-20', 'put', '5500', 700002, 'SPX');
const MSFT = stockContract('MSFT', 272093);

const TABLES = [
  'clients',
  'broker_accounts',
  'account_snapshots',
  'instruments',
  'ibkr_contracts',
  'positions',
  'orders',
  'executions',
  'market_quotes',
];

function order(overrides: Partial<BrokerOrder> = {}): BrokerOrder {
  return {
    brokerOrderId: '9001',
    permId: '55001',
    idempotencyKey: 'rec-1',
    accountCode: 'U1',
    legs: [{ contract: AAPL_PUT, action: 'SELL', ratio: 1 }],
    quantity: 1,
    orderType: 'LMT',
    limitPrice: '2.35',
    tif: 'DAY',
    status: 'filled',
    filledQuantity: 1,
    averageFillPrice: '2.35',
    statusMessage: null,
    createdAt: at(-60),
    updatedAt: at(-59),
    ...overrides,
  };
}

function programmedBroker(): FakeBroker {
  return createFakeBroker({
    accounts: [brokerAccount('U1', { type: 'margin_pm', label: 'Main' }), brokerAccount('U2', { type: 'tfsa' })],
    summaries: [
      accountSummary('U1', T0, { netLiquidation: '12345678901234.123456', cash: '-0.000001' }),
      accountSummary('U2', T0, { initialMargin: null, maintenanceMargin: null }),
    ],
    positions: [
      brokerPosition('U1', AAPL, '100', T0, { averageCost: '123.456789', marketValue: '19050.5' }),
      brokerPosition('U1', AAPL_PUT, '-1', T0, { averageCost: '235.01', unrealizedPnl: '-12.345678' }),
      brokerPosition('U1', SPXW_PUT, '-2', T0, { averageCost: '1050' }),
      brokerPosition('U2', MSFT, '10.5', T0, { averageCost: '400.1' }),
    ],
    completedOrders: [order()],
    executions: [
      brokerExecution('U1', 'E1', AAPL_PUT, at(-59), {
        brokerOrderId: '9001',
        idempotencyKey: 'rec-1',
        side: 'SELL',
        price: '2.35',
        commission: '-1.051234',
        commissionCurrency: 'USD',
      }),
      brokerExecution('U1', 'E2', AAPL, at(-30), { quantity: '100', price: '190.505' }),
      brokerExecution('U2', 'E3', MSFT, at(-20), { quantity: '10.5', price: '400.1' }),
    ],
    quotes: [
      brokerQuote(AAPL, T0, { bid: 190.5, ask: 190.52, last: 190.51, mark: 190.51, volume: 1_000_000 }),
      brokerQuote(AAPL_PUT, T0, {
        bid: 2.3,
        ask: 2.4,
        mark: 2.35,
        impliedVol: 0.2871,
        delta: -0.21,
        openInterest: 5400,
      }),
      brokerQuote(optionUnderlier('SPX'), T0, { last: 5712.34 }),
    ],
  });
}

/** The SPX index contract the sync derives for SPXW options (quotes are matched by key). */
function optionUnderlier(symbol: string) {
  return {
    ...stockContract(symbol),
    key: `IND:${symbol}:USD` as ReturnType<typeof stockContract>['key'],
    secType: 'IND' as const,
  };
}

describeDb('broker sync', (use) => {
  let broker: FakeBroker;
  let sync: SyncService;
  let now = T0;

  const dump = async () => {
    const db = use().database.db;
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) out[table] = await queryRows(db, `select * from ${table} order by 1`);
    return out;
  };
  const count = async (table: string, where = 'true') => {
    const [row] = await queryRows<{ n: number }>(
      use().database.db,
      `select count(*)::int as n from ${table} where ${where}`,
    );
    return row?.n ?? 0;
  };

  beforeAll(() => {
    broker = programmedBroker();
    const { ingest, syncRuns } = use().repositories;
    sync = createSyncService({ broker, ingest, syncRuns, clock: { now: () => now } });
  });

  it('first sync inserts accounts, snapshots, instruments, contracts, positions, orders, executions and quotes', async () => {
    const result = await sync.run({ trigger: 'cli' });
    expect(result.ok).toBe(true);
    const { run } = result;
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.counts.accounts).toEqual({ seen: 2, inserted: 2, updated: 0, deleted: 0, unchanged: 0 });
    expect(run.counts.snapshots).toMatchObject({ seen: 2, inserted: 2 });
    // AAPL, AAPL put, SPXW put, SPX (underlier, derived), MSFT.
    expect(run.counts.instruments).toMatchObject({ seen: 5, inserted: 5 });
    expect(run.counts.contracts).toMatchObject({ seen: 4, inserted: 4 });
    expect(run.counts.positions).toMatchObject({ seen: 4, inserted: 4 });
    expect(run.counts.orders).toMatchObject({ seen: 1, inserted: 1 });
    expect(run.counts.executions).toMatchObject({ seen: 3, inserted: 3 });
    // AAPL, AAPL put, SPXW put, SPX, MSFT: unknown quotes are stored too, as nulls.
    expect(run.counts.quotes).toMatchObject({ seen: 5, inserted: 5 });

    const [client] = await queryRows<{ name: string; accounts: number }>(
      use().database.db,
      `select c.name, count(a.*)::int as accounts from clients c join broker_accounts a on a.client_id = c.id group by c.name`,
    );
    expect(client).toEqual({ name: 'Default', accounts: 2 });
    const [spxw] = await queryRows<{ underlying: string; occ: string; strike: string }>(
      use().database.db,
      `select u.canonical_key as underlying, o.occ_symbol as occ, o.strike from instruments o
         join instruments u on u.id = o.underlying_instrument_id where o.canonical_key = '${SPXW_PUT.key}'`,
    );
    expect(spxw).toEqual({ underlying: 'IND:SPX:USD', occ: 'SPXW  260320P05500000', strike: '5500.000000' });
    const [linked] = await queryRows<{ order_id: string | null }>(
      use().database.db,
      `select e.order_id from executions e join orders o on o.id = e.order_id where e.exec_id = 'E1'`,
    );
    expect(linked?.order_id).toBeTruthy();
  });

  it('money round-trips exactly as decimal strings', async () => {
    const db = use().database.db;
    const [snapshot] = await queryRows<{ net_liquidation: string; cash: string; init_margin: string | null }>(
      db,
      `select s.net_liquidation, s.cash, s.init_margin from account_snapshots s
         join broker_accounts a on a.id = s.account_id where a.account_code = 'U1'`,
    );
    expect(snapshot).toEqual({
      net_liquidation: '12345678901234.123456',
      cash: '-0.000001',
      init_margin: '10000.000000',
    });
    const [u2] = await queryRows<{ init_margin: string | null }>(
      db,
      `select s.init_margin from account_snapshots s join broker_accounts a on a.id = s.account_id where a.account_code = 'U2'`,
    );
    expect(u2?.init_margin).toBeNull(); // unknown stays unknown
    const [position] = await queryRows<{ avg_cost: string; quantity: string; unrealized_pnl: string }>(
      db,
      `select p.avg_cost, p.quantity, p.unrealized_pnl from positions p join instruments i on i.id = p.instrument_id
         where i.canonical_key = '${AAPL_PUT.key}'`,
    );
    expect(position).toEqual({ avg_cost: '235.010000', quantity: '-1.000000', unrealized_pnl: '-12.345678' });
    const [execution] = await queryRows<{ commission: string; price: string }>(
      db,
      `select commission, price from executions where exec_id = 'E1'`,
    );
    expect(execution).toEqual({ commission: '-1.051234', price: '2.350000' });
  });

  it('a second sync with nothing new writes no row and leaves every table as it was', async () => {
    const before = await dump();
    now = at(5);
    // The broker's clock moved; its values did not.
    for (const s of broker.data.summaries) s.asOf = at(5);
    for (const p of broker.data.positions) p.asOf = at(5);
    for (const q of broker.data.quotes) q.asOf = at(5);
    const { run } = await sync.run({ trigger: 'schedule' });
    expect(run.status).toBe('succeeded');
    expect(rowsWritten(run.counts)).toBe(0);
    expect(run.counts.positions).toEqual({ seen: 4, inserted: 0, updated: 0, deleted: 0, unchanged: 4 });
    expect(run.counts.executions).toEqual({ seen: 3, inserted: 0, updated: 0, deleted: 0, unchanged: 3 });
    expect(await dump()).toEqual(before);
  });

  it('deletes a position closed at the broker, updates a late commission, never duplicates an execution', async () => {
    broker.data.positions = broker.data.positions.filter((p) => p.contract.key !== AAPL_PUT.key);
    const e2 = broker.data.executions.find((e) => e.execId === 'E2');
    if (!e2) throw new Error('E2 missing');
    e2.commission = '-1';
    e2.commissionCurrency = 'USD';
    // The broker reports E3 twice, and a new fill once.
    broker.data.executions.push(structuredClone(broker.data.executions[2]!));
    broker.data.executions.push(brokerExecution('U1', 'E4', AAPL_PUT, at(6), { side: 'BUY', price: '1.1' }));
    broker.data.quotes[0]!.bid = 190.49;

    const { run } = await sync.run({ trigger: 'api' });
    expect(run.status).toBe('succeeded');
    expect(run.counts.positions).toMatchObject({ seen: 3, deleted: 1, inserted: 0, updated: 0 });
    expect(run.counts.executions).toMatchObject({ seen: 5, inserted: 1, updated: 1 });
    expect(run.counts.quotes).toMatchObject({ inserted: 1 });
    expect(await count('positions')).toBe(3);
    expect(await count('executions')).toBe(4);
    expect(await count('executions', `exec_id = 'E3'`)).toBe(1);
    const [e2row] = await queryRows<{ commission: string }>(
      use().database.db,
      `select commission from executions where exec_id = 'E2'`,
    );
    expect(e2row?.commission).toBe('-1.000000');
    // The put's quote is no longer asked for (no position); AAPL's changed bid is a new row.
    expect(await count('market_quotes')).toBe(6);

    const again = await sync.run({ trigger: 'api' });
    expect(rowsWritten(again.run.counts)).toBe(0);
  });

  it('a failure mid-sync marks the run failed, writes nothing of that account, and the next sync completes', async () => {
    broker.data.summaries[1]!.cash = '49000';
    broker.data.executions.push(brokerExecution('U2', 'E5', MSFT, at(10), { side: 'SELL', price: '401' }));
    broker.data.positions.push(brokerPosition('U2', AAPL, '5', at(10)));
    broker.data.summaries[0]!.cash = '1';
    const snapshotsBefore = await count('account_snapshots');
    broker.fail('positions', undefined, { always: false });
    // positions is called for U1 first: U1 fails, U2 syncs.
    const failed = await sync.run({ trigger: 'schedule' });
    expect(failed.run.status).toBe('failed');
    expect(failed.run.error).toContain('U1: fake broker: positions failed');
    expect(failed.run.finishedAt).not.toBeNull();
    // U2 committed, U1 wrote nothing (its changed cash is not there yet).
    expect(await count('account_snapshots')).toBe(snapshotsBefore + 1);
    expect(await count('executions', `exec_id = 'E5'`)).toBe(1);

    const retry = await sync.run({ trigger: 'schedule' });
    expect(retry.run.status).toBe('succeeded');
    expect(retry.run.counts.snapshots).toMatchObject({ inserted: 1, unchanged: 1 });
    expect(await count('account_snapshots')).toBe(snapshotsBefore + 2);
    expect(rowsWritten((await sync.run({ trigger: 'schedule' })).run.counts)).toBe(0);
  });

  it('a failure inside the database transaction rolls the whole account back', async () => {
    // An execution whose price has more than 6 decimals is corrupt: the account's transaction must not commit.
    broker.data.summaries[1]!.cash = '48000';
    broker.data.executions.push(brokerExecution('U2', 'E6', MSFT, at(12), { price: '1.0000001' }));
    const snapshotsBefore = await count('account_snapshots');
    const { run } = await sync.run({ trigger: 'schedule' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/U2: .*decimals/);
    expect(await count('account_snapshots')).toBe(snapshotsBefore);
    broker.data.executions.pop();
    const retry = await sync.run({ trigger: 'schedule' });
    expect(retry.run.status).toBe('succeeded');
    expect(await count('account_snapshots')).toBe(snapshotsBefore + 1);
  });

  it('refuses an account the broker does not know, and lists recent runs newest first', async () => {
    now = at(30);
    const result = await sync.run({ trigger: 'api', accountCode: 'NOPE' });
    expect(result).toMatchObject({ ok: false, reason: 'unknown_account', run: { status: 'failed' } });
    const runs = await sync.recentRuns(3);
    expect(runs).toHaveLength(3);
    expect(runs[0]?.id).toBe(result.run.id);
    expect(runs.every((r) => r.status !== 'running')).toBe(true);
  });

  it('an account filter syncs that account only', async () => {
    broker.data.summaries[0]!.cash = '2';
    broker.data.summaries[1]!.cash = '3';
    const { run } = await sync.run({ trigger: 'cli', accountCode: 'U2' });
    expect(run).toMatchObject({ status: 'succeeded', accountCode: 'U2' });
    expect(run.counts.accounts.seen).toBe(1);
    expect(run.counts.snapshots).toMatchObject({ seen: 1, inserted: 1 });
  });
});

describeDb('broker sync of option chains', (use) => {
  const expiries = ['2026-03-06', '2026-03-13', '2026-03-20'];
  const strikes = ['150', '190', '200', '210', '250'];
  const listed = expiries.flatMap((expiry) =>
    strikes.flatMap((strike) =>
      (['call', 'put'] as const).map((right) => optionContract('AAPL', expiry, right, strike)),
    ),
  );

  function chainBroker(spot: number | null) {
    return createFakeBroker({
      accounts: [brokerAccount('U1')],
      summaries: [accountSummary('U1', T0)],
      positions: [brokerPosition('U1', AAPL, '100', T0, { averageCost: '150' })],
      quotes: [
        brokerQuote(AAPL, T0, { bid: spot, ask: spot, last: spot, mark: spot }),
        ...listed.map((c) => brokerQuote(c, T0)),
      ],
      chains: [
        {
          underlying: AAPL,
          tradingClass: 'AAPL',
          exchange: 'SMART',
          multiplier: 100,
          // One expiry already past: chains start today.
          expirations: ['2026-02-27', ...expiries].map(parseIsoDate),
          strikes,
        },
      ],
      listed,
    });
  }

  const optionQuotes = async () =>
    queryRows<{ n: number }>(
      use().database.db,
      `select count(*)::int as n from market_quotes q join instruments i on i.id = q.instrument_id where i.asset_class = 'OPT'`,
    );

  it('snapshots the nearest expirations within the strike range, on its own cadence, and skips an unknown spot', async () => {
    let now = T0;
    const { ingest, syncRuns } = use().repositories;
    const chains = { expirations: 2, strikeRange: 0.1, minIntervalMs: 5 * 60_000 };
    const broker = chainBroker(200);
    const sync = createSyncService({ broker, ingest, syncRuns, clock: { now: () => now }, chains });

    const first = await sync.run({ trigger: 'api' });
    expect(first.run.status).toBe('succeeded');
    // 2 expiries × strikes 190/200/210 (±10% of 200) × call/put = 12 option quotes
    expect((await optionQuotes())[0]?.n).toBe(12);
    expect(broker.calls.get('contractDetails')).toBe(2);

    now = new Date(T0.getTime() + 60_000); // inside the chain interval: the book syncs, the chains do not
    await sync.run({ trigger: 'schedule' });
    expect(broker.calls.get('contractDetails')).toBe(2);

    now = new Date(T0.getTime() + 6 * 60_000); // past it: chains again, nothing changed, nothing written
    const again = await sync.run({ trigger: 'schedule' });
    expect(broker.calls.get('contractDetails')).toBe(4);
    expect(rowsWritten(again.run.counts)).toBe(0);

    const unknownSpot = chainBroker(null);
    const blind = createSyncService({ broker: unknownSpot, ingest, syncRuns, clock: { now: () => now }, chains });
    await blind.run({ trigger: 'api' });
    expect(unknownSpot.calls.get('optionChainParams') ?? 0).toBe(0);
  });
});
