// GET /api/chains and /api/chains/{symbol}: expirations, calls | strike | puts, ATM strike and staleness.
import { schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';

const NOW = new Date('2026-03-02T15:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe.skipIf(postgresUnavailable())('option chain read routes', () => {
  let t: TestApp;
  let cookie: string;
  let aprilCallId: string;
  const get = (url: string, withSession = true) =>
    t.app.inject({ method: 'GET', url, headers: withSession ? { cookie } : {} });

  beforeAll(async () => {
    t = await createTestApp({ clock: manualClock(NOW) });
    await t.createClient('Household');
    cookie = (await t.login()).cookie ?? '';
    const { db } = t.testDb.database;
    const [spy] = await db
      .insert(schema.instruments)
      .values({ symbol: 'SPY', assetClass: 'ETF', canonicalKey: 'STK:SPY' })
      .returning();
    if (!spy) throw new Error('no underlier');
    await db
      .insert(schema.marketQuotes)
      .values({ instrumentId: spy.id, mark: '501.2', dataType: 'live', asOf: minutesAgo(1) });
    const option = (expiry: string, right: 'C' | 'P', strike: number) => ({
      symbol: 'SPY',
      assetClass: 'OPT' as const,
      underlyingInstrumentId: spy.id,
      expiry,
      strike: String(strike),
      right,
      multiplier: '100',
      canonicalKey: `OPT:SPY:${expiry}:${right}:${strike}`,
    });
    const march = await db
      .insert(schema.instruments)
      .values(
        [495, 500, 505].flatMap((strike) => [option('2026-03-20', 'C', strike), option('2026-03-20', 'P', strike)]),
      )
      .returning();
    const [april] = await db
      .insert(schema.instruments)
      .values([option('2026-04-17', 'C', 500), option('2026-02-20', 'P', 500)])
      .returning();
    aprilCallId = april?.id ?? '';
    await db.insert(schema.marketQuotes).values(
      march.map((instrument, index) => ({
        instrumentId: instrument.id,
        bid: (1 + index).toFixed(2),
        ask: (1.1 + index).toFixed(2),
        mark: (1.05 + index).toFixed(2),
        impliedVol: 0.18 + index / 100,
        delta: instrument.right === 'C' ? 0.5 : -0.5,
        gamma: 0.01,
        theta: -0.1,
        vega: 0.2,
        volume: 100 * index,
        openInterest: 1000 + index,
        dataType: 'live' as const,
        asOf: minutesAgo(2 + index / 10),
      })),
    );
  });
  afterAll(async () => t.close());

  it('GET /api/chains lists underliers with live expirations', async () => {
    const response = await get('/api/chains');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ underlyings: [{ symbol: 'SPY', expirations: 2 }] });
  });

  it('GET /api/chains/{symbol} defaults to the nearest expiry and pairs calls and puts by strike', async () => {
    const response = await get('/api/chains/spy');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      symbol: 'SPY',
      underlyingPrice: '501.20',
      underlyingAsOf: minutesAgo(1).toISOString(),
      expirations: [
        { expiry: '2026-03-20', dte: 18 },
        { expiry: '2026-04-17', dte: 46 },
      ],
      expiry: '2026-03-20',
      dte: 18,
      atmStrike: '500.00',
      asOf: minutesAgo(2).toISOString(),
      stale: false,
      staleAfterSeconds: 300,
    });
    expect(body.rows.map((row: { strike: string }) => row.strike)).toEqual(['495.00', '500.00', '505.00']);
    expect(body.rows[0].call).toMatchObject({
      bid: '1.00',
      ask: '1.10',
      mark: '1.05',
      impliedVol: 0.18,
      delta: 0.5,
      gamma: 0.01,
      theta: -0.1,
      vega: 0.2,
      volume: 0,
      openInterest: 1000,
      dataType: 'live',
      stale: false,
    });
    expect(body.rows[0].put).toMatchObject({ bid: '2.00', ask: '2.10', delta: -0.5, openInterest: 1001 });
  });

  it('an expiry without quotes shows every quote field as null and is stale', async () => {
    const body = (await get('/api/chains/SPY?expiry=2026-04-17')).json();
    expect(body).toMatchObject({ expiry: '2026-04-17', dte: 46, asOf: null, stale: true });
    expect(body.rows).toEqual([
      {
        strike: '500.00',
        call: expect.objectContaining({
          bid: null,
          ask: null,
          mark: null,
          impliedVol: null,
          delta: null,
          volume: null,
          openInterest: null,
          asOf: null,
          dataType: null,
          stale: true,
        }),
        put: null,
      },
    ]);
  });

  it('a quote older than the limit is shown with its values but flagged stale', async () => {
    await t.testDb.database.db
      .insert(schema.marketQuotes)
      .values({ instrumentId: aprilCallId, bid: '9.5', ask: '9.9', dataType: 'frozen', asOf: minutesAgo(30) });
    const body = (await get('/api/chains/SPY?expiry=2026-04-17')).json();
    expect(body).toMatchObject({ asOf: minutesAgo(30).toISOString(), stale: true });
    expect(body.rows[0].call).toMatchObject({ bid: '9.50', ask: '9.90', mark: null, dataType: 'frozen', stale: true });
  });

  it('answers 400 for a malformed expiry or symbol, 404 for unknown symbols or expiries, 401 without a session', async () => {
    for (const url of [
      '/api/chains/SPY?expiry=not-a-date',
      '/api/chains/SPY?expiry=2026-02-30',
      '/api/chains/SPY?x=1',
      '/api/chains/%3Bdrop',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    for (const url of ['/api/chains/ZZZZ', '/api/chains/SPY?expiry=2026-05-15', '/api/chains/SPY?expiry=2026-02-20']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    expect((await get('/api/chains', false)).statusCode).toBe(401);
    expect((await get('/api/chains/SPY', false)).statusCode).toBe(401);
  });

  it("shows the same chains to every client: market data is not a client's", async () => {
    const { cookie: viewer } = await t.memberOf(await t.createClient('Other'), 'viewer');
    for (const url of ['/api/chains', '/api/chains/SPY?expiry=2026-03-20']) {
      const theirs = await t.app.inject({ method: 'GET', url, headers: { cookie: viewer } });
      expect(theirs.statusCode, url).toBe(200);
      expect(theirs.json(), url).toEqual((await get(url)).json());
    }
  });
});
