// The strategy engine end to end over the demo book (the path `npm start` takes): the sim broker synced into the
// database, the demo instances, a run through POST /api/strategy-runs, what it stored and what the API shows —
// recommendations of every action the demo book calls for, idempotent re-runs, supersession, expiry, an instance
// that fails without stopping the others, the runs an interrupted process left behind, and bad input.
import { createSyncService } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts } from '@optionstrader/broker-sim';
import {
  opportunitiesResponseSchema,
  recommendationsResponseSchema,
  strategyDefinitionsResponseSchema,
  strategyInstanceSchema,
  strategyInstancesResponseSchema,
  strategyRunDetailSchema,
  strategyRunsResponseSchema,
  type RecommendationView,
  type StrategyRunView,
} from '@optionstrader/contracts';
import { queryRows } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedHistory, simReference } from '../../adapters/risk-market-data';
import { simStrategyReference } from '../../adapters/strategy-reference';
import { SIM_SEED } from '../../broker';
import { seedDemoStrategies } from '../../demo-strategies';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';
import { strategiesRoutes } from './strategies.routes';
import { watchlistsRoutes } from './watchlists.routes';

// A Friday afternoon, market open.
const NOW = new Date('2026-11-20T16:00:00Z');

describe.skipIf(postgresUnavailable())('strategy engine (demo book)', () => {
  let t: TestApp;
  let cookie: string;
  let pm: string;
  let clock: ReturnType<typeof manualClock>;

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const runAll = async (): Promise<StrategyRunView[]> => {
    clock.advance(60_000); // runs a minute apart, so "newest" is well defined under the manual clock
    const response = await send('POST', '/api/strategy-runs', {});
    expect(response.statusCode, response.body).toBe(201);
    return strategyRunsResponseSchema.parse(response.json()).runs;
  };
  const pending = async (): Promise<RecommendationView[]> =>
    recommendationsResponseSchema.parse((await get('/api/recommendations?limit=1000')).json()).recommendations;

  beforeAll(async () => {
    clock = manualClock(NOW);
    const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
    const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, NOW.getTime()) });
    t = await createTestApp({ clock, sessionTtlHours: 48 });
    const risk = t.services.risk(simReference(market), broker);
    const runner = t.services.strategyRunner(
      risk,
      { reference: simReference(market), strategyReference: simStrategyReference(market) },
      broker,
    );
    await t.app.register(strategiesRoutes({ strategies: t.services.strategies, runner }), { prefix: '/api' });
    await t.app.register(watchlistsRoutes(t.services.strategies.watchlists), { prefix: '/api' });
    await broker.connect();
    const sync = createSyncService({
      broker,
      ingest: t.services.repositories.ingest,
      syncRuns: t.services.repositories.syncRuns,
      clock,
    });
    expect((await sync.run({ trigger: 'api' })).run.status).toBe('succeeded');
    await t.services.strategies.seedDefinitions();
    expect(
      await seedDemoStrategies({
        strategies: t.services.strategies,
        accounts: t.services.reads.queries.accounts,
        settings: t.services.repositories.appSettings,
        clock,
      }),
    ).toBe('seeded');
    cookie = (await t.login()).cookie ?? '';
    pm = (await t.services.reads.queries.accounts.list()).find((a) => a.accountCode === 'DU-SIM-PM')?.id ?? '';
  }, 60_000);
  afterAll(() => t.close());

  it('lists the seven strategy definitions with a JSON schema form and defaults', async () => {
    const { definitions } = strategyDefinitionsResponseSchema.parse((await get('/api/strategy-definitions')).json());
    expect(definitions.map((d) => d.slug).sort()).toEqual(
      [
        'buywrite',
        'covered_call',
        'covered_call_overlay',
        'putwrite',
        'synthetic_stock_leaps',
        'theta',
        'wheel',
      ].sort(),
    );
    const wheel = definitions.find((d) => d.slug === 'wheel');
    expect(wheel?.codeRef).toBe('wheel@1');
    expect(wheel?.configSchema.type).toBe('object');
    const properties = wheel?.configSchema.properties as Record<string, { description?: string }>;
    expect(properties.onRiskBlock?.description).toMatch(/risk check/);
    expect(wheel?.defaults.onRiskBlock).toBe('show');
    // Seeding again changes nothing.
    await t.services.strategies.seedDefinitions();
    expect(
      strategyDefinitionsResponseSchema.parse((await get('/api/strategy-definitions')).json()).definitions,
    ).toHaveLength(7);
  });

  it('a run of the demo instances recommends every action the demo book calls for', async () => {
    const runs = await runAll();
    expect(runs).toHaveLength(5);
    for (const run of runs) expect(run.status, `${run.instanceName}: ${run.errors.join('; ')}`).toBe('succeeded');
    const recs = await pending();
    if (process.env.DEBUG_STRATEGIES) {
      for (const r of recs)
        console.log(
          r.instanceName,
          r.action,
          r.symbol,
          r.quantity,
          r.limitPrice,
          r.risk?.verdict,
          JSON.stringify(r.risk?.reasons),
        );
      for (const run of runs) {
        const d = strategyRunDetailSchema.parse((await get(`/api/strategy-runs/${run.id}`)).json());
        for (const s of d.signals) console.log('SIGNAL', run.instanceName, s.kind, s.symbol, s.message);
      }
    }
    const by = (instance: string, action: string) =>
      recs.filter((r) => r.instanceName?.startsWith(instance) && r.action === action);
    // Puts on cash (Wheel on JPM, Theta on SPY/QQQ), calls on held shares (KO), the roll of the decayed KO put,
    // TFSA overlay calls, the PMCC short call against the MSFT LEAPS.
    expect(by('Wheel', 'sell_put').map((r) => r.symbol)).toContain('JPM');
    expect(by('Wheel', 'sell_call').map((r) => r.symbol)).toContain('KO');
    expect(by('Wheel', 'roll_put').map((r) => r.symbol)).toContain('KO');
    expect(by('Theta', 'sell_put').length).toBeGreaterThan(0);
    expect(by('TFSA overlay', 'sell_call').length).toBeGreaterThan(0);
    expect(by('PMCC', 'sell_call').map((r) => r.symbol)).toEqual(['MSFT']);
    for (const r of recs) {
      expect(r.rationale).toMatch(/\d/);
      expect(r.risk).not.toBeNull();
      expect(r.expiresAt).not.toBeNull();
      expect(r.legs.length).toBeGreaterThan(0);
    }
    // The TFSA overlay never sells more calls than the shares cover.
    for (const r of by('TFSA overlay', 'sell_call')) expect(r.risk?.verdict).not.toBe('block');
    const roll = by('Wheel', 'roll_put')[0];
    expect(roll?.legs.map((l) => l.side).sort()).toEqual(['BUY', 'SELL']);
  });

  it('stored the run: stats, timings, signals and ranked opportunities', async () => {
    const { runs } = strategyRunsResponseSchema.parse((await get('/api/strategy-runs?limit=5')).json());
    const wheelRun = runs.find((r) => r.strategySlug === 'wheel');
    expect(wheelRun?.stats?.opportunities).toBeGreaterThan(0);
    expect(wheelRun?.timings?.totalMs).toBeGreaterThanOrEqual(0);
    const detail = strategyRunDetailSchema.parse((await get(`/api/strategy-runs/${wheelRun?.id}`)).json());
    expect(detail.signals.every((s) => s.message.length > 0)).toBe(true);

    const { opportunities } = opportunitiesResponseSchema.parse(
      (await get(`/api/opportunities?instanceId=${wheelRun?.instanceId}&sort=score&order=desc`)).json(),
    );
    expect(opportunities.length).toBeGreaterThan(0);
    const scores = opportunities.map((o) => o.score ?? -Infinity);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const byDte = opportunitiesResponseSchema.parse(
      (await get(`/api/opportunities?instanceId=${wheelRun?.instanceId}&sort=dte&order=asc`)).json(),
    ).opportunities;
    const dtes = byDte.map((o) => o.dte ?? Infinity);
    expect([...dtes].sort((a, b) => a - b)).toEqual(dtes);
  });

  it('re-running on the same state keeps the pending recommendations instead of duplicating them', async () => {
    const before = await pending();
    const runs = await runAll();
    const after = await pending();
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(runs.reduce((sum, r) => sum + (r.stats?.recommendations ?? 0), 0)).toBe(0);
    expect(runs.reduce((sum, r) => sum + (r.stats?.unchanged ?? 0), 0)).toBe(before.length);
  });

  it('a new config supersedes what the instance no longer recommends', async () => {
    const { instances } = strategyInstancesResponseSchema.parse((await get('/api/strategy-instances')).json());
    const wheel = instances.find((i) => i.strategySlug === 'wheel');
    const jpm = (await pending()).find((r) => r.instanceId === wheel?.id && r.symbol === 'JPM');
    expect(jpm).toBeDefined();
    const patched = await send('PATCH', `/api/strategy-instances/${wheel?.id}`, {
      config: { ...wheel?.config, symbols: ['KO'] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const [run] = (await send('POST', '/api/strategy-runs', { instanceIds: [wheel?.id] })).json().runs;
    expect(run.stats.superseded).toBeGreaterThanOrEqual(1);
    const superseded = recommendationsResponseSchema.parse(
      (await get(`/api/recommendations?status=superseded&instanceId=${wheel?.id}`)).json(),
    ).recommendations;
    expect(superseded.map((r) => r.id)).toContain(jpm?.id);
  });

  it('pending recommendations past their expiry are expired by the next run', async () => {
    const before = await pending();
    expect(before.length).toBeGreaterThan(0);
    clock.advance(9 * 3_600_000); // past the default 8-hour validity
    const runs = await runAll();
    expect(runs[0]?.stats?.expired).toBe(before.length);
    const expired = recommendationsResponseSchema.parse(
      (await get('/api/recommendations?status=expired&limit=1000')).json(),
    ).recommendations;
    expect(expired.map((r) => r.id)).toEqual(expect.arrayContaining(before.map((r) => r.id)));
  });

  it('an instance that fails records its error and the others still run', async () => {
    const { instances } = strategyInstancesResponseSchema.parse((await get('/api/strategy-instances')).json());
    const theta = instances.find((i) => i.strategySlug === 'theta');
    // A config this build cannot parse, as an older version might have stored it.
    await queryRows(
      t.testDb.database.db,
      `update strategy_instances set config = '{"symbols": "not a list"}' where id = '${theta?.id}'`,
    );
    const stored = strategyInstanceSchema.parse((await get(`/api/strategy-instances/${theta?.id}`)).json());
    expect(stored.config).toEqual({ symbols: 'not a list' });
    const runs = await runAll();
    const failed = runs.find((r) => r.instanceId === theta?.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.errors.join(' ')).toMatch(/Invalid config: symbols/);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(4);
    const view = strategyInstanceSchema.parse((await get(`/api/strategy-instances/${theta?.id}`)).json());
    expect(view.lastRun?.status).toBe('failed');
  });

  it('runs a process left running are failed on the next start, not left running forever', async () => {
    const [row] = await queryRows<{ id: string }>(
      t.testDb.database.db,
      `insert into strategy_runs (mode, status, started_at) values ('paper', 'running', '${new Date(NOW.getTime() - 60_000).toISOString()}') returning id`,
    );
    const fresh = t.services.strategyRunner(
      t.services.risk(simReference(createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() }))),
      {
        reference: simReference(createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() })),
        strategyReference: { ivRank: () => null, earnings: () => null },
      },
      undefined,
    );
    await fresh.run({ instanceIds: [] });
    const run = await t.services.repositories.strategies.getRun(row?.id ?? '');
    expect(run?.status).toBe('failed');
    expect(run?.errors.join(' ')).toMatch(/interrupted/);
  });

  it('without a broker every chain is reported missing, never "no opportunities"', async () => {
    const noBroker = t.services.strategyRunner(
      t.services.risk(simReference(createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() }))),
      {
        reference: simReference(createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() })),
        strategyReference: { ivRank: () => null, earnings: () => null },
      },
      undefined,
    );
    const { instances } = strategyInstancesResponseSchema.parse((await get('/api/strategy-instances')).json());
    const overlay = instances.find((i) => i.strategySlug === 'covered_call_overlay');
    const [run] = await noBroker.run({ instanceIds: [overlay?.id ?? ''] });
    expect(run?.status).toBe('succeeded');
    const detail = strategyRunDetailSchema.parse((await get(`/api/strategy-runs/${run?.id}`)).json());
    expect(
      detail.signals
        .filter((s) => s.kind === 'missing_data')
        .map((s) => s.message)
        .join(' '),
    ).toMatch(/no broker is configured/);
  });

  it('creates, validates, edits and deletes instances; bad input is a 4xx that changes nothing', async () => {
    const created = await send('POST', '/api/strategy-instances', {
      strategySlug: 'wheel',
      accountId: pm,
      name: 'Wheel — XOM',
      config: { symbols: ['xom'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const instance = strategyInstanceSchema.parse(created.json());
    expect(instance.enabled).toBe(false);
    expect(instance.config.symbols).toEqual(['XOM']);
    expect(instance.config.onRiskBlock).toBe('show'); // completed with defaults

    const count = async () =>
      strategyInstancesResponseSchema.parse((await get('/api/strategy-instances')).json()).instances.length;
    const n = await count();
    const badConfig = await send('POST', '/api/strategy-instances', {
      strategySlug: 'wheel',
      accountId: pm,
      name: 'Bad',
      config: { onRiskBlock: 'sometimes' },
    });
    expect(badConfig.statusCode).toBe(400);
    expect(badConfig.json().code).toBe('VALIDATION_FAILED');
    expect(badConfig.json().issues[0].path).toBe('body.config.onRiskBlock');
    const unknownSlug = await send('POST', '/api/strategy-instances', {
      strategySlug: 'martingale',
      accountId: pm,
      name: 'No',
    });
    expect(unknownSlug.statusCode).toBe(400);
    expect(unknownSlug.json().issues[0].path).toBe('body.strategySlug');
    const unknownAccount = await send('POST', '/api/strategy-instances', {
      strategySlug: 'wheel',
      accountId: '00000000-0000-4000-8000-000000000000',
      name: 'No',
    });
    expect(unknownAccount.statusCode).toBe(400);
    expect(await count()).toBe(n);

    const badPatch = await send('PATCH', `/api/strategy-instances/${instance.id}`, {
      config: { ...instance.config, recommendationTtlHours: -1 },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().issues[0].path).toBe('body.config.recommendationTtlHours');
    const unchanged = strategyInstanceSchema.parse((await get(`/api/strategy-instances/${instance.id}`)).json());
    expect(unchanged.config).toEqual(instance.config);
    // Autotrade per instance is a plain toggle (the kill switch governs it); a wrong type is a 400.
    const autotrade = await send('PATCH', `/api/strategy-instances/${instance.id}`, { autotradeEnabled: 'yes' });
    expect(autotrade.statusCode).toBe(400);
    const on = await send('PATCH', `/api/strategy-instances/${instance.id}`, { autotradeEnabled: true });
    expect(strategyInstanceSchema.parse(on.json()).autotradeEnabled).toBe(true);
    await send('PATCH', `/api/strategy-instances/${instance.id}`, { autotradeEnabled: false });

    const enabled = await send('PATCH', `/api/strategy-instances/${instance.id}`, { enabled: true, name: 'W' });
    expect(strategyInstanceSchema.parse(enabled.json())).toMatchObject({ enabled: true, name: 'W' });
    const audit = await queryRows<{ action: string }>(
      t.testDb.database.db,
      `select action from audit_log where entity_id = '${instance.id}'`,
    );
    // Created, autotrade on, autotrade off, enabled and renamed; the refused patches wrote nothing.
    expect(audit.map((a) => a.action).sort()).toEqual([
      'strategy_instance.create',
      'strategy_instance.update',
      'strategy_instance.update',
      'strategy_instance.update',
    ]);

    expect((await send('DELETE', `/api/strategy-instances/${instance.id}`)).statusCode).toBe(204);
    expect((await get(`/api/strategy-instances/${instance.id}`)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/strategy-instances/${instance.id}`)).statusCode).toBe(404);
    expect((await get('/api/strategy-instances/not-a-uuid')).statusCode).toBe(400);
    const missingRun = await send('POST', '/api/strategy-runs', { instanceIds: [instance.id] });
    expect(missingRun.statusCode).toBe(404);
    expect((await get('/api/recommendations?status=maybe')).statusCode).toBe(400);
    expect((await get('/api/opportunities?sort=luck')).statusCode).toBe(400);
  });

  it('watchlists: CRUD, symbols cleaned, bad input refused, and a watchlist widens an instance universe', async () => {
    const created = await send('POST', '/api/watchlists', { name: 'Dividend payers', symbols: ['xom', 'KO', 'xom'] });
    expect(created.statusCode, created.body).toBe(201);
    const list = created.json();
    expect(list.symbols).toEqual(['XOM', 'KO']);
    expect((await send('POST', '/api/watchlists', { name: '', symbols: [] })).statusCode).toBe(400);
    expect((await send('POST', '/api/watchlists', { name: 'x', symbols: ['not a ticker!'] })).statusCode).toBe(400);
    const renamed = await send('PATCH', `/api/watchlists/${list.id}`, { name: 'Energy', symbols: ['XOM'] });
    expect(renamed.json()).toMatchObject({ name: 'Energy', symbols: ['XOM'] });

    const instance = strategyInstanceSchema.parse(
      (
        await send('POST', '/api/strategy-instances', {
          strategySlug: 'wheel',
          accountId: pm,
          name: 'Wheel — watchlist',
          config: { symbols: [], watchlistIds: [list.id] },
        })
      ).json(),
    );
    const [run] = (await send('POST', '/api/strategy-runs', { instanceIds: [instance.id] })).json().runs;
    expect(run.status).toBe('succeeded');
    const recs = recommendationsResponseSchema.parse(
      (await get(`/api/recommendations?instanceId=${instance.id}`)).json(),
    ).recommendations;
    expect(recs.map((r) => r.symbol)).toContain('XOM');

    expect((await send('DELETE', `/api/watchlists/${list.id}`)).statusCode).toBe(204);
    expect((await get(`/api/watchlists/${list.id}`)).statusCode).toBe(404);
    expect((await send('DELETE', `/api/strategy-instances/${instance.id}`)).statusCode).toBe(204);
  });
});
