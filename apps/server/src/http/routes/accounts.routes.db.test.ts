// GET /api/accounts, /api/accounts/{id}/snapshots, /api/dashboard and /api/portfolios on rows seeded directly.
import { queryRows, schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';

const NOW = new Date('2026-03-02T15:00:00Z'); // Monday, 10:00 in New York
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe.skipIf(postgresUnavailable())('account read routes', () => {
  let t: TestApp;
  let cookie: string;
  let marginId: string;
  let tfsaId: string;

  async function get(url: string, withSession = true) {
    return t.app.inject({ method: 'GET', url, headers: withSession ? { cookie } : {} });
  }

  beforeAll(async () => {
    t = await createTestApp({ clock: manualClock(NOW) });
    cookie = (await t.login()).cookie ?? '';
    const { db } = t.testDb.database;
    const [client] = await db.insert(schema.clients).values({ name: 'Household' }).returning();
    if (!client) throw new Error('no client');
    const [margin, tfsa] = await db
      .insert(schema.brokerAccounts)
      .values([
        { clientId: client.id, broker: 'sim', accountCode: 'DU111', type: 'margin_pm', label: 'Main' },
        { clientId: client.id, broker: 'sim', accountCode: 'DU222', type: 'tfsa' },
      ])
      .returning();
    if (!margin || !tfsa) throw new Error('no accounts');
    marginId = margin.id;
    tfsaId = tfsa.id;
    await db.insert(schema.accountSnapshots).values([
      // Friday's close: the day P&L baseline.
      { accountId: marginId, asOf: new Date('2026-02-27T21:00:00Z'), netLiquidation: '100000', currency: 'USD' },
      {
        accountId: marginId,
        asOf: minutesAgo(5),
        netLiquidation: '101250.5',
        cash: '50000',
        buyingPower: '200000.25',
        maintMargin: '25312.625',
        excessLiquidity: '75937.875',
        currency: 'USD',
      },
    ]);
    const instruments = await db
      .insert(schema.instruments)
      .values([
        { symbol: 'AAPL', assetClass: 'STK', canonicalKey: 'STK:AAPL' },
        { symbol: 'MSFT', assetClass: 'STK', canonicalKey: 'STK:MSFT' },
        { symbol: 'IBM', assetClass: 'STK', canonicalKey: 'STK:IBM' },
      ])
      .returning();
    const [wheel] = await db.insert(schema.portfolios).values({ accountId: marginId, name: 'Wheel book' }).returning();
    await db.insert(schema.portfolios).values({ accountId: tfsaId, name: 'TFSA CC' });
    await db.insert(schema.positions).values(
      instruments.map((instrument, index) => ({
        accountId: marginId,
        portfolioId: index === 0 ? (wheel?.id ?? null) : null,
        instrumentId: instrument.id,
        // The third one is closed: it does not count.
        quantity: index === 2 ? '0' : '100',
        asOf: NOW,
      })),
    );
  });
  afterAll(async () => t.close());

  it('GET /api/accounts lists accounts with their latest snapshot, margin usage and open positions', async () => {
    const response = await get('/api/accounts');
    expect(response.statusCode).toBe(200);
    const { accounts } = response.json();
    expect(accounts).toHaveLength(2);
    expect(accounts[0]).toEqual({
      id: marginId,
      broker: 'sim',
      accountCode: 'DU111',
      type: 'margin_pm',
      baseCurrency: 'USD',
      paper: true,
      label: 'Main',
      positionsCount: 2,
      latestSnapshot: {
        asOf: minutesAgo(5).toISOString(),
        currency: 'USD',
        netLiquidation: '101250.50',
        cash: '50000.00',
        buyingPower: '200000.25',
        initMargin: null,
        maintMargin: '25312.625',
        excessLiquidity: '75937.875',
        grossPositionValue: null,
        marginUsage: 0.25,
      },
    });
    expect(accounts[1]).toMatchObject({ id: tfsaId, accountCode: 'DU222', positionsCount: 0, latestSnapshot: null });
  });

  it('GET /api/accounts/{id}/snapshots returns history oldest first, limited to the newest N', async () => {
    const all = await get(`/api/accounts/${marginId}/snapshots`);
    expect(all.statusCode).toBe(200);
    expect(all.json().snapshots.map((s: { netLiquidation: string }) => s.netLiquidation)).toEqual([
      '100000.00',
      '101250.50',
    ]);
    expect(all.json().snapshots[0]).toMatchObject({ cash: null, maintMargin: null, marginUsage: null });
    const newest = await get(`/api/accounts/${marginId}/snapshots?limit=1`);
    expect(newest.json().snapshots).toHaveLength(1);
    expect(newest.json().snapshots[0].netLiquidation).toBe('101250.50');
    const empty = await get(`/api/accounts/${tfsaId}/snapshots`);
    expect(empty.json()).toEqual({ accountId: tfsaId, snapshots: [] });
  });

  it('rejects bad snapshot queries with 400, unknown or malformed accounts with 404, and anonymous callers with 401', async () => {
    for (const query of ['limit=-1', 'limit=0', 'limit=abc', 'limit=1.5', 'limit=100000', 'other=1']) {
      const response = await get(`/api/accounts/${marginId}/snapshots?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    // Ids are checked against the caller's client before validation: a malformed one does not exist either.
    expect((await get('/api/accounts/not-a-uuid/snapshots')).statusCode).toBe(404);
    const unknown = await get('/api/accounts/00000000-0000-4000-8000-000000000000/snapshots');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
    for (const url of ['/api/accounts', `/api/accounts/${marginId}/snapshots`, '/api/dashboard', '/api/portfolios']) {
      expect((await get(url, false)).statusCode, url).toBe(401);
    }
  });

  it('GET /api/dashboard gives per-account values, day P&L from the previous day, and honest totals', async () => {
    const response = await get('/api/dashboard');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.asOf).toBe(NOW.toISOString());
    expect(body.accounts[0]).toMatchObject({
      accountId: marginId,
      netLiquidation: '101250.50',
      cash: '50000.00',
      buyingPower: '200000.25',
      maintMargin: '25312.625',
      marginUsage: 0.25,
      positionsCount: 2,
      dayPnl: '1250.50',
      dayPnlSince: '2026-02-27T21:00:00.000Z',
      snapshotAsOf: minutesAgo(5).toISOString(),
    });
    // The TFSA has never reported: unknown, not zero.
    expect(body.accounts[1]).toMatchObject({
      accountId: tfsaId,
      netLiquidation: null,
      marginUsage: null,
      dayPnl: null,
      snapshotAsOf: null,
    });
    expect(body.totals).toEqual({
      currency: 'USD',
      netLiquidation: '101250.50',
      cash: '50000.00',
      buyingPower: '200000.25',
      maintMargin: '25312.625',
      marginUsage: 0.25,
      positionsCount: 2,
      dayPnl: null,
      complete: false,
    });
    // No quotes at all: freshness is unknown and therefore stale.
    expect(body.freshness).toEqual({ newestQuoteAt: null, ageSeconds: null, stale: true, staleAfterSeconds: 300 });
  });

  it('day P&L is null with a single snapshot, and freshness follows the newest quote', async () => {
    const { db } = t.testDb.database;
    await db
      .insert(schema.accountSnapshots)
      .values({ accountId: tfsaId, asOf: minutesAgo(1), netLiquidation: '20000', currency: 'USD' });
    const [ibm] = await db
      .insert(schema.instruments)
      .values({ symbol: 'T', assetClass: 'STK', canonicalKey: 'STK:T' })
      .returning();
    if (!ibm) throw new Error('no instrument');
    await db.insert(schema.marketQuotes).values([
      { instrumentId: ibm.id, mark: '25', dataType: 'live', asOf: minutesAgo(10) },
      { instrumentId: ibm.id, mark: '25.1', dataType: 'live', asOf: minutesAgo(1) },
    ]);
    const body = (await get('/api/dashboard')).json();
    expect(body.accounts[1]).toMatchObject({ netLiquidation: '20000.00', dayPnl: null, marginUsage: null });
    expect(body.totals).toMatchObject({ netLiquidation: '121250.50', complete: true, dayPnl: null });
    expect(body.freshness).toEqual({
      newestQuoteAt: minutesAgo(1).toISOString(),
      ageSeconds: 60,
      stale: false,
      staleAfterSeconds: 300,
    });
  });

  it('an unchanged quote re-confirmed by a later successful sync is fresh; when syncs stop succeeding it goes stale', async () => {
    const { db } = t.testDb.database;
    const [instrument] = await db
      .insert(schema.instruments)
      .values({ symbol: 'QUIET', assetClass: 'STK', canonicalKey: 'STK:QUIET:USD' })
      .returning();
    if (!instrument) throw new Error('no instrument');
    // Only the quiet instrument's quote exists in this check: remove the others' so it is the newest.
    await queryRows(db, `delete from market_quotes`);
    await db
      .insert(schema.marketQuotes)
      .values({ instrumentId: instrument.id, mark: '10', dataType: 'live', asOf: minutesAgo(30) });
    expect((await get('/api/dashboard')).json().freshness).toMatchObject({ ageSeconds: 1800, stale: true });

    await queryRows(
      db,
      `insert into sync_runs (broker, trigger, status, started_at, finished_at) values
        ('sim', 'schedule', 'succeeded', '${minutesAgo(2).toISOString()}', '${minutesAgo(2).toISOString()}'),
        ('sim', 'schedule', 'failed', '${minutesAgo(1).toISOString()}', '${minutesAgo(1).toISOString()}')`,
    );
    expect((await get('/api/dashboard')).json().freshness).toMatchObject({
      newestQuoteAt: minutesAgo(30).toISOString(),
      ageSeconds: 120,
      stale: false,
    });
    await queryRows(db, `update sync_runs set status = 'failed'`);
    expect((await get('/api/dashboard')).json().freshness).toMatchObject({ ageSeconds: 1800, stale: true });
    await queryRows(db, `delete from sync_runs`);
  });

  it('reports the last successful sync overall and per account: full syncs count for every account, filtered ones for theirs', async () => {
    const { db } = t.testDb.database;
    expect((await get('/api/dashboard')).json().lastSyncAt).toBeNull();
    await queryRows(
      db,
      `insert into sync_runs (broker, account_code, trigger, status, started_at, finished_at) values
        ('sim', null, 'schedule', 'succeeded', '2026-03-02T14:50:00Z', '2026-03-02T14:50:05Z'),
        ('sim', 'DU111', 'api', 'succeeded', '2026-03-02T14:58:00Z', '2026-03-02T14:58:30Z'),
        ('sim', null, 'schedule', 'failed', '2026-03-02T14:59:00Z', '2026-03-02T14:59:10Z'),
        ('ibkr', null, 'schedule', 'succeeded', '2026-03-02T14:59:20Z', '2026-03-02T14:59:30Z'),
        ('sim', null, 'schedule', 'running', '2026-03-02T14:59:50Z', null)`,
    );
    const body = (await get('/api/dashboard')).json();
    expect(body.lastSyncAt).toBe('2026-03-02T14:59:30.000Z');
    const byCode = Object.fromEntries(
      body.accounts.map((a: { accountCode: string; lastSyncAt: string }) => [a.accountCode, a.lastSyncAt]),
    );
    expect(byCode).toEqual({ DU111: '2026-03-02T14:58:30.000Z', DU222: '2026-03-02T14:50:05.000Z' });
    await queryRows(db, `delete from sync_runs`);
  });

  it('GET /api/portfolios lists sleeves with their account and open positions', async () => {
    const response = await get('/api/portfolios');
    expect(response.statusCode).toBe(200);
    expect(response.json().portfolios).toEqual([
      expect.objectContaining({
        name: 'Wheel book',
        accountId: marginId,
        accountCode: 'DU111',
        accountLabel: 'Main',
        positionsCount: 1,
        strategiesCount: 0,
      }),
      expect.objectContaining({ name: 'TFSA CC', accountId: tfsaId, accountCode: 'DU222', positionsCount: 0 }),
    ]);
  });
});

describe.skipIf(postgresUnavailable())('account read routes on an empty database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.createClient('Empty');
  });
  afterAll(async () => t.close());

  it('answer empty lists and an all-unknown dashboard', async () => {
    const cookie = (await t.login()).cookie ?? '';
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect((await get('/api/accounts')).json()).toEqual({ accounts: [] });
    expect((await get('/api/portfolios')).json()).toEqual({ portfolios: [] });
    const dashboard = (await get('/api/dashboard')).json();
    expect(dashboard.accounts).toEqual([]);
    expect(dashboard.totals).toMatchObject({ netLiquidation: null, positionsCount: 0, dayPnl: null });
    expect(dashboard.lastSyncAt).toBeNull();
    expect(dashboard.freshness.stale).toBe(true);
  });
});

describe.skipIf(postgresUnavailable())('account read routes across clients', () => {
  let t: TestApp;
  /** Per client: its account, portfolio and a member's session. */
  const of: Record<'A' | 'B', { accountId: string; portfolioId: string; cookie: string }> = {
    A: { accountId: '', portfolioId: '', cookie: '' },
    B: { accountId: '', portfolioId: '', cookie: '' },
  };

  const get = (url: string, who: 'A' | 'B') =>
    t.app.inject({ method: 'GET', url, headers: { cookie: of[who].cookie } });

  beforeAll(async () => {
    t = await createTestApp({ clock: manualClock(NOW) });
    const { db } = t.testDb.database;
    const [instrument] = await db
      .insert(schema.instruments)
      .values({ symbol: 'KO', assetClass: 'STK', canonicalKey: 'STK:KO' })
      .returning();
    for (const [who, nlv, quantity] of [
      ['A', '1000', '10'],
      ['B', '2000', '20'],
    ] as const) {
      const clientId = await t.createClient(`Client ${who}`);
      const [account] = await db
        .insert(schema.brokerAccounts)
        .values({ clientId, broker: 'sim', accountCode: `DU-${who}`, type: 'margin_regt' })
        .returning();
      if (!account || !instrument) throw new Error('no account');
      await db
        .insert(schema.accountSnapshots)
        .values({ accountId: account.id, asOf: minutesAgo(5), netLiquidation: nlv, currency: 'USD' });
      const [portfolio] = await db
        .insert(schema.portfolios)
        .values({ accountId: account.id, name: `Sleeve ${who}` })
        .returning();
      await db.insert(schema.positions).values({
        accountId: account.id,
        portfolioId: portfolio?.id ?? null,
        instrumentId: instrument.id,
        quantity,
        asOf: NOW,
      });
      of[who] = {
        accountId: account.id,
        portfolioId: portfolio?.id ?? '',
        cookie: (await t.memberOf(clientId, 'viewer')).cookie,
      };
    }
  });
  afterAll(async () => t.close());

  it("lists only the caller's client's accounts and portfolios", async () => {
    for (const who of ['A', 'B'] as const) {
      const accounts = (await get('/api/accounts', who)).json().accounts;
      expect(accounts.map((a: { id: string }) => a.id)).toEqual([of[who].accountId]);
      const portfolios = (await get('/api/portfolios', who)).json().portfolios;
      expect(portfolios.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([
        [of[who].portfolioId, `Sleeve ${who}`],
      ]);
    }
  });

  it("adds up the dashboard over the caller's accounts only", async () => {
    const body = (await get('/api/dashboard', 'A')).json();
    expect(body.accounts.map((a: { accountCode: string }) => a.accountCode)).toEqual(['DU-A']);
    expect(body.totals).toMatchObject({ netLiquidation: '1000.00', positionsCount: 1, complete: true });
    expect((await get('/api/dashboard', 'B')).json().totals.netLiquidation).toBe('2000.00');
  });

  it("answers 404 for another client's account snapshots, as for one that does not exist", async () => {
    expect((await get(`/api/accounts/${of.A.accountId}/snapshots`, 'A')).statusCode).toBe(200);
    const foreign = await get(`/api/accounts/${of.B.accountId}/snapshots`, 'A');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('NOT_FOUND');
    expect((await get(`/api/accounts/${of.A.accountId}/snapshots`, 'B')).statusCode).toBe(404);
  });
});
