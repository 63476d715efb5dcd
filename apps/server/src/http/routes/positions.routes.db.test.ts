// GET /api/positions: instruments, latest quotes, value and P&L in exact decimals, greeks, DTE and moneyness.
import { schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';

const NOW = new Date('2026-03-02T15:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const EXPIRY = '2026-03-20';

describe.skipIf(postgresUnavailable())('positions read route', () => {
  let t: TestApp;
  let cookie: string;
  let accountId: string;
  let otherAccountId: string;
  let portfolioId: string;
  /** Another client's account, sleeve and holding, and a member of that client. */
  const other = { accountId: '', portfolioId: '', cookie: '' };

  const get = (url: string, withSession = true) =>
    t.app.inject({ method: 'GET', url, headers: withSession ? { cookie } : {} });

  beforeAll(async () => {
    t = await createTestApp({ clock: manualClock(NOW) });
    cookie = (await t.login()).cookie ?? '';
    const { db } = t.testDb.database;
    const [client] = await db.insert(schema.clients).values({ name: 'C' }).returning();
    const accounts = await db
      .insert(schema.brokerAccounts)
      .values([
        { clientId: client?.id ?? '', broker: 'sim', accountCode: 'DU1', type: 'margin_regt' },
        { clientId: client?.id ?? '', broker: 'sim', accountCode: 'DU2', type: 'cash' },
      ])
      .returning();
    accountId = accounts[0]?.id ?? '';
    otherAccountId = accounts[1]?.id ?? '';
    const [portfolio] = await db.insert(schema.portfolios).values({ accountId, name: 'Wheel' }).returning();
    portfolioId = portfolio?.id ?? '';
    const [aapl, msft] = await db
      .insert(schema.instruments)
      .values([
        { symbol: 'AAPL', assetClass: 'STK', canonicalKey: 'STK:AAPL' },
        { symbol: 'MSFT', assetClass: 'STK', canonicalKey: 'STK:MSFT' },
      ])
      .returning();
    if (!aapl || !msft) throw new Error('no instruments');
    const [put] = await db
      .insert(schema.instruments)
      .values({
        symbol: 'AAPL',
        assetClass: 'OPT',
        underlyingInstrumentId: aapl.id,
        expiry: EXPIRY,
        strike: '170',
        right: 'P',
        multiplier: '100',
        occSymbol: 'AAPL  260320P00170000',
        canonicalKey: `OPT:AAPL:${EXPIRY}:P:170`,
      })
      .returning();
    if (!put) throw new Error('no option');
    await db.insert(schema.positions).values([
      { accountId, portfolioId, instrumentId: aapl.id, quantity: '100', avgCost: '150', asOf: NOW },
      // IBKR reports an option's average cost per contract (premium × 100).
      { accountId, portfolioId, instrumentId: put.id, quantity: '-2', avgCost: '250', asOf: NOW },
      {
        accountId,
        instrumentId: msft.id,
        quantity: '10',
        avgCost: '400',
        marketValue: '4100',
        unrealizedPnl: '100',
        asOf: minutesAgo(30),
      },
    ]);
    await db.insert(schema.marketQuotes).values([
      { instrumentId: aapl.id, mark: '179', dataType: 'live', asOf: minutesAgo(20) },
      { instrumentId: aapl.id, bid: '179.9', ask: '180.1', mark: '180', dataType: 'live', asOf: minutesAgo(0.5) },
      // No mark: the bid/ask mid prices it. Ten minutes old: stale.
      {
        instrumentId: put.id,
        bid: '1.1',
        ask: '1.3',
        delta: -0.2,
        impliedVol: 0.3,
        theta: -0.05,
        underlyingPrice: '180',
        dataType: 'delayed',
        asOf: minutesAgo(10),
      },
    ]);
    // Client "Z" (after "C" by name, so the admin keeps working in "C") holds AAPL too.
    const otherClientId = await t.createClient('Z');
    const [otherAccount] = await db
      .insert(schema.brokerAccounts)
      .values({ clientId: otherClientId, broker: 'sim', accountCode: 'DU9', type: 'cash' })
      .returning();
    other.accountId = otherAccount?.id ?? '';
    const [otherPortfolio] = await db
      .insert(schema.portfolios)
      .values({ accountId: other.accountId, name: 'Z sleeve' })
      .returning();
    other.portfolioId = otherPortfolio?.id ?? '';
    await db.insert(schema.positions).values({
      accountId: other.accountId,
      portfolioId: other.portfolioId,
      instrumentId: aapl.id,
      quantity: '7',
      avgCost: '100',
      asOf: NOW,
    });
    other.cookie = (await t.memberOf(otherClientId, 'viewer')).cookie;
  });
  afterAll(async () => t.close());

  it('values stock and options from the latest quote, with greeks, DTE and moneyness', async () => {
    const response = await get('/api/positions');
    expect(response.statusCode).toBe(200);
    const { positions, asOf, staleAfterSeconds } = response.json();
    expect(asOf).toBe(NOW.toISOString());
    expect(staleAfterSeconds).toBe(300);
    expect(positions.map((p: { symbol: string; assetClass: string }) => `${p.symbol} ${p.assetClass}`)).toEqual([
      'AAPL STK',
      'AAPL OPT',
      'MSFT STK',
    ]);
    const [stock, option, unquoted] = positions;
    expect(stock).toMatchObject({
      underlying: 'AAPL',
      accountCode: 'DU1',
      portfolioName: 'Wheel',
      quantity: '100',
      avgCost: '150.00',
      avgPrice: '150.00',
      costBasis: '15000.00',
      mark: '180.00',
      marketValue: '18000.00',
      unrealizedPnl: '3000.00',
      unrealizedPnlPercent: 0.2,
      valuation: 'quote',
      quoteAsOf: minutesAgo(0.5).toISOString(),
      quoteDataType: 'live',
      stale: false,
      positionDelta: 100,
      dte: null,
      moneyness: null,
    });
    expect(option).toMatchObject({
      underlying: 'AAPL',
      expiry: EXPIRY,
      strike: '170.00',
      right: 'P',
      multiplier: '100',
      quantity: '-2',
      avgCost: '250.00',
      avgPrice: '2.50',
      costBasis: '-500.00',
      mark: '1.20',
      marketValue: '-240.00',
      unrealizedPnl: '260.00',
      unrealizedPnlPercent: 0.52,
      valuation: 'quote',
      quoteDataType: 'delayed',
      stale: true,
      impliedVol: 0.3,
      delta: -0.2,
      theta: -0.05,
      // Unknown quote fields are null, never 0.
      gamma: null,
      vega: null,
      dte: 18,
      underlyingPrice: '180.00',
      moneyness: 'OTM',
    });
    expect(option.positionDelta).toBeCloseTo(40, 10);
    expect(option.moneynessPercent).toBeCloseTo(-10 / 180, 10);
    // No quote: the broker's own numbers, labelled as such, and the quote fields unknown.
    expect(unquoted).toMatchObject({
      mark: null,
      marketValue: '4100.00',
      unrealizedPnl: '100.00',
      valuation: 'broker',
      quoteAsOf: null,
      stale: true,
      delta: null,
      impliedVol: null,
      portfolioId: null,
    });
  });

  it('filters by account, portfolio and underlier', async () => {
    const bySymbol = (await get('/api/positions?underlying=aapl')).json().positions;
    expect(bySymbol).toHaveLength(2);
    expect((await get(`/api/positions?portfolioId=${portfolioId}`)).json().positions).toHaveLength(2);
    expect((await get(`/api/positions?accountId=${accountId}`)).json().positions).toHaveLength(3);
    expect((await get(`/api/positions?accountId=${otherAccountId}`)).json().positions).toEqual([]);
    expect((await get('/api/positions?underlying=NVDA')).json().positions).toEqual([]);
  });

  it('answers 400 for malformed filters, 404 for unknown or malformed ids and 401 without a session', async () => {
    for (const query of ['underlying=%20', 'underlying=A%3BB', 'foo=bar']) {
      const response = await get(`/api/positions?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    // Ids are checked against the caller's client before validation: a malformed one does not exist either.
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const query of ['accountId=nope', 'portfolioId=123', `accountId=${unknown}`, `portfolioId=${unknown}`]) {
      const response = await get(`/api/positions?${query}`);
      expect(response.statusCode, query).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    expect((await get('/api/positions', false)).statusCode).toBe(401);
  });

  it("shows a client only its own positions, and another client's account or portfolio does not exist", async () => {
    const mine = (await get('/api/positions?underlying=AAPL')).json().positions;
    expect(mine.map((p: { accountCode: string }) => p.accountCode)).toEqual(['DU1', 'DU1']);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/positions', headers: { cookie: other.cookie } });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().positions).toEqual([
      expect.objectContaining({ accountId: other.accountId, portfolioName: 'Z sleeve', symbol: 'AAPL', quantity: '7' }),
    ]);
    for (const query of [`accountId=${other.accountId}`, `portfolioId=${other.portfolioId}`]) {
      const response = await get(`/api/positions?${query}`);
      expect(response.statusCode, query).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    const crossed = await t.app.inject({
      method: 'GET',
      url: `/api/positions?accountId=${accountId}`,
      headers: { cookie: other.cookie },
    });
    expect(crossed.statusCode).toBe(404);
  });
});
