// Backtests over HTTP on the shipped data, on both database backends: start, poll, read, reproduce, delete; bad
// input refused with the field named and nothing stored; a run cut off by a stopped process marked failed; each
// backtest seen only in the client it was started in.
import { createBacktestService } from '@optionstrader/application';
import {
  backtestCreatedSchema,
  backtestDatasetsResponseSchema,
  backtestDetailSchema,
  backtestListResponseSchema,
  errorBodySchema,
} from '@optionstrader/contracts';
import { queryRows } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileBacktestData } from '../../adapters/backtest-data';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';
import { backtestsRoutes } from './backtests.routes';

const WHEEL_KO = {
  strategy: 'wheel',
  config: { symbols: ['KO'], targetDelta: 0.3 },
  underliers: ['KO'],
  from: '2019-01-02',
  to: '2019-12-31',
  initialCash: '100000',
  seed: 11,
};

describe.skipIf(postgresUnavailable())('backtests API', () => {
  let t: TestApp;
  let cookie: string;
  /** The admin's active client (the first by name). */
  let alpha: string;
  const clock = manualClock(new Date('2026-11-20T16:00:00Z'));
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/backtests', headers: { cookie }, payload: payload as object });
  const count = async () =>
    (await queryRows<{ n: number }>(t.testDb.database.db, 'select count(*)::int as n from backtest_results'))[0]!.n;

  async function run(payload: unknown) {
    const response = await post(payload);
    expect(response.statusCode, response.body).toBe(202);
    const { id } = backtestCreatedSchema.parse(response.json());
    await t.services.backtests.idle();
    const detail = await get(`/api/backtests/${id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    return backtestDetailSchema.parse(detail.json());
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const services = t.services;
    await t.app.register(backtestsRoutes(services.backtests), { prefix: '/api' });
    await services.strategies.seedDefinitions();
    alpha = await t.createClient('Alpha');
    cookie = (await t.login()).cookie!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the shipped datasets with their ranges', async () => {
    const response = await get('/api/backtests/datasets');
    expect(response.statusCode).toBe(200);
    const { datasets } = backtestDatasetsResponseSchema.parse(response.json());
    const ko = datasets.find((d) => d.id === 'KO');
    expect(ko).toMatchObject({ kind: 'underlier', symbol: 'KO', underlierKind: 'stock', style: 'american_physical' });
    expect(ko!.from <= '2000-01-03' && ko!.to >= '2022-12-30').toBe(true);
    expect(datasets.find((d) => d.id === 'SPX')).toMatchObject({ style: 'european_cash_am' });
    expect(datasets.find((d) => d.id === 'VIX')).toMatchObject({ kind: 'iv_index' });
  });

  it('runs a wheel on KO in the background and stores its statistics, curve, years and trades', async () => {
    const detail = await run(WHEEL_KO);
    expect(detail.status).toBe('succeeded');
    expect(detail.progress).toBe(1);
    expect(detail.strategy).toBe('wheel');
    expect(detail.from).toBe('2019-01-02');
    expect(detail.to).toBe('2019-12-31');
    expect(detail.equity).toHaveLength(252);
    expect(detail.equity[0]!.benchmark).toBeCloseTo(100_000, 2);
    expect(detail.years.map((y) => y.year)).toEqual([2019]);
    expect(detail.trades.length).toBeGreaterThan(0);
    expect(detail.stats!.counters.premiumCollected).toBeGreaterThan(0);
    expect(detail.stats!.benchmark?.symbol).toBe('KO');
    // The stored curve is exact decimal money, and its last point is the statistics' end equity.
    const [last] = await queryRows<{ equity: string }>(
      t.testDb.database.db,
      `select equity::text as equity from equity_curve_points where run_id = '${detail.id}' order by at desc limit 1`,
    );
    expect(String(last!.equity)).toMatch(/^\d+\.\d{6}$/);
    expect(Number(last!.equity)).toBeCloseTo(detail.stats!.endEquity, 2);
    const [stored] = await queryRows<{ mode: string; status: string; version_id: string | null }>(
      t.testDb.database.db,
      `select mode::text as mode, status::text as status, version_id from strategy_runs where id = '${detail.id}'`,
    );
    expect(stored).toMatchObject({ mode: 'backtest', status: 'succeeded' });
    expect(stored!.version_id).not.toBeNull();
    const [owner] = await queryRows<{ client_id: string }>(
      t.testDb.database.db,
      `select client_id from backtest_results where run_id = '${detail.id}'`,
    );
    expect(owner!.client_id).toBe(alpha);
    const list = backtestListResponseSchema.parse((await get('/api/backtests')).json());
    expect(list.backtests.map((b) => b.id)).toContain(detail.id);
    // The strategy runs' own listing (live and paper) leaves backtests out.
    expect((await t.services.repositories.strategies.listRuns(alpha, { limit: 100 })).map((r) => r.id)).not.toContain(
      detail.id,
    );
  });

  it('gives the same numbers for the same request', async () => {
    const a = await run(WHEEL_KO);
    const b = await run(WHEEL_KO);
    expect(b.stats).toEqual(a.stats);
    expect(b.equity).toEqual(a.equity);
    expect(b.trades).toEqual(a.trades);
  });

  it('refuses bad requests with the field named and stores nothing', async () => {
    const before = await count();
    const cases: [unknown, number, string, string | null][] = [
      [{ ...WHEEL_KO, from: '2020-01-02', to: '2019-01-02' }, 400, 'VALIDATION_FAILED', 'body.from'],
      [{ ...WHEEL_KO, config: { targetDelta: 3 } }, 400, 'VALIDATION_FAILED', 'body.config.targetDelta'],
      [{ ...WHEEL_KO, config: { symbols: ['AAPL'] } }, 400, 'VALIDATION_FAILED', 'body.config.symbols'],
      [{ ...WHEEL_KO, fill: { kind: 'spread_fraction', fraction: 2 } }, 400, 'VALIDATION_FAILED', null],
      [{ ...WHEEL_KO, initialCash: 'lots' }, 400, 'VALIDATION_FAILED', null],
      [{ ...WHEEL_KO, underliers: ['NOPE'] }, 404, 'NOT_FOUND', null],
      [{ ...WHEEL_KO, strategy: 'martingale' }, 404, 'NOT_FOUND', null],
      [{ ...WHEEL_KO, optionQuotes: 'SPX-EOD-2017' }, 400, 'VALIDATION_FAILED', 'body.optionQuotes'],
      [{ ...WHEEL_KO, iv: { source: 'history', datasets: {} } }, 400, 'VALIDATION_FAILED', 'body.iv.datasets.KO'],
      [{ ...WHEEL_KO, iv: { source: 'history', datasets: { KO: 'KO-IV' } } }, 404, 'NOT_FOUND', null],
      [
        { ...WHEEL_KO, iv: { source: 'index', dataset: 'VIX', ratios: { AAPL: 1.2 } } },
        400,
        'VALIDATION_FAILED',
        'body.iv.ratios.AAPL',
      ],
    ];
    for (const [payload, status, code, path] of cases) {
      const response = await post(payload);
      expect(response.statusCode, response.body).toBe(status);
      const body = errorBodySchema.parse(response.json());
      expect(body.code).toBe(code);
      if (path !== null) expect((body.issues ?? []).map((d) => d.path)).toContain(path);
    }
    expect(await count()).toBe(before);
    expect((await get('/api/backtests/3f1c2d4e-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('deletes a backtest with its curve', async () => {
    const detail = await run({ ...WHEEL_KO, from: '2019-06-03', to: '2019-07-31' });
    const response = await t.app.inject({ method: 'DELETE', url: `/api/backtests/${detail.id}`, headers: { cookie } });
    expect(response.statusCode).toBe(204);
    expect((await get(`/api/backtests/${detail.id}`)).statusCode).toBe(404);
    const points = await queryRows<{ n: number }>(
      t.testDb.database.db,
      `select count(*)::int as n from equity_curve_points where run_id = '${detail.id}'`,
    );
    expect(points[0]!.n).toBe(0);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/backtests/${detail.id}`, headers: { cookie } });
    expect(again.statusCode).toBe(404);
  });

  it('cancels a running backtest: it stops at its next slice, keeps no results, and cannot be cancelled twice', async () => {
    // Ten underliers over twenty years: long enough to be caught running.
    const ten = ['SPY', 'QQQ', 'AAPL', 'MSFT', 'KO', 'JPM', 'XOM', 'JNJ', 'PG', 'WMT'];
    const started = await post({ strategy: 'wheel', config: { symbols: ten }, underliers: ten, seed: 3 });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = backtestCreatedSchema.parse(started.json());
    const cancel = () => t.app.inject({ method: 'POST', url: `/api/backtests/${id}/cancel`, headers: { cookie } });
    const response = await cancel();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id, status: 'cancelled', stats: null, error: 'cancelled by the user' });
    expect(response.json()).not.toHaveProperty('equity');
    const detail = backtestDetailSchema.parse((await get(`/api/backtests/${id}`)).json());
    expect(detail.status).toBe('cancelled');
    expect(detail.equity).toEqual([]);
    expect(detail.trades).toEqual([]);
    const again = await cancel();
    expect(again.statusCode).toBe(409);
    expect(errorBodySchema.parse(again.json()).code).toBe('CONFLICT');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/backtests/3f1c2d4e-0000-4000-8000-000000000000/cancel',
      headers: { cookie },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('marks a backtest a stopped process left running as failed, once a new process starts', async () => {
    const repo = t.services.repositories.backtests;
    const { id } = await repo.create({
      name: 'cut off',
      strategySlug: 'wheel',
      versionId: null,
      config: {},
      request: WHEEL_KO,
      clientId: alpha,
      createdBy: null,
      createdAt: clock.now(),
    });
    await repo.markRunning(id, clock.now());
    clock.advance(60_000);
    const restarted = createBacktestService({
      data: createFileBacktestData(),
      repo,
      strategies: t.services.repositories.strategies,
      clock,
      yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
    });
    const listed = (await restarted.list(alpha)).find((b) => b.id === id)!;
    expect(listed.status).toBe('failed');
    expect(listed.error).toMatch(/interrupted/);
  });

  it("keeps each client's backtests to its own members: lists, reads, cancels and deletes", async () => {
    const beta = await t.createClient('Beta');
    const traderA = await t.memberOf(alpha, 'trader');
    const viewerA = await t.memberOf(alpha, 'viewer');
    const traderB = await t.memberOf(beta, 'trader');
    const as = (who: { cookie: string }, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
    const short = { ...WHEEL_KO, from: '2019-06-03', to: '2019-06-28' };

    const startedB = await as(traderB, 'POST', '/api/backtests', short);
    expect(startedB.statusCode, startedB.body).toBe(202);
    const idB = backtestCreatedSchema.parse(startedB.json()).id;
    const startedA = await as(traderA, 'POST', '/api/backtests', short);
    expect(startedA.statusCode, startedA.body).toBe(202);
    const idA = backtestCreatedSchema.parse(startedA.json()).id;
    await t.services.backtests.idle();
    const owners = await queryRows<{ run_id: string; client_id: string }>(
      t.testDb.database.db,
      `select run_id, client_id from backtest_results where run_id in ('${idA}', '${idB}')`,
    );
    expect(Object.fromEntries(owners.map((o) => [o.run_id, o.client_id]))).toEqual({ [idA]: alpha, [idB]: beta });

    const listOf = async (who: { cookie: string }) =>
      backtestListResponseSchema.parse((await as(who, 'GET', '/api/backtests')).json()).backtests.map((b) => b.id);
    expect(await listOf(traderB)).toEqual([idB]);
    const seenByA = await listOf(viewerA);
    expect(seenByA).toContain(idA);
    expect(seenByA).not.toContain(idB);
    expect(await listOf({ cookie })).not.toContain(idB); // the admin works in Alpha

    // Another client's backtest does not exist for A: read, cancel and delete are 404 and change nothing.
    for (const [method, url] of [
      ['GET', `/api/backtests/${idB}`],
      ['POST', `/api/backtests/${idB}/cancel`],
      ['DELETE', `/api/backtests/${idB}`],
    ] as const) {
      const response = await as(traderA, method, url);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(errorBodySchema.parse(response.json()).code).toBe('NOT_FOUND');
    }
    expect((await as(traderB, 'GET', `/api/backtests/${idB}`)).statusCode).toBe(200);
    expect((await as(viewerA, 'GET', `/api/backtests/${idA}`)).statusCode).toBe(200);

    // A viewer reads but starts, cancels and deletes nothing.
    const before = await count();
    expect((await as(viewerA, 'POST', '/api/backtests', short)).statusCode).toBe(403);
    expect((await as(viewerA, 'DELETE', `/api/backtests/${idA}`)).statusCode).toBe(403);
    expect((await as(viewerA, 'POST', `/api/backtests/${idA}/cancel`)).statusCode).toBe(403);
    expect(await count()).toBe(before);
    expect((await as(traderB, 'DELETE', `/api/backtests/${idB}`)).statusCode).toBe(204);
  });
});
