// The strategy engine end to end over the demo book (the path `npm start` takes): the sim broker synced into the
// database, the demo instances, a run through POST /api/strategy-runs, what it stored and what the API shows —
// recommendations of every action the demo book calls for, idempotent re-runs, supersession, expiry, an instance
// that fails without stopping the others, the runs an interrupted process left behind, and bad input; then two
// clients side by side, each seeing and running only its own.
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
  watchlistSchema,
  watchlistsResponseSchema,
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
    // An account that is not this client's (here: none at all) does not exist for the caller.
    expect(unknownAccount.statusCode).toBe(404);
    expect(unknownAccount.json().code).toBe('NOT_FOUND');
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
    // Not an id of this client's (not an id at all): the ownership check answers before the schema.
    expect((await get('/api/strategy-instances/not-a-uuid')).statusCode).toBe(404);
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

  describe('two clients', () => {
    // The demo's TFSA account (and so its overlay instance, runs, opportunities and recommendations) moves to a
    // second client; the admin keeps working in the first ("Default" sorts before "Zeta").
    let home: string;
    let zeta: string;
    let tfsa: string;
    let viewerA: { cookie: string };
    let traderA: { cookie: string };
    let traderB: { cookie: string };

    const as = (who: { cookie: string }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
    const json = async (who: { cookie: string }, url: string) => {
      const response = await as(who, 'GET', url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json<unknown>();
    };
    const instancesOf = async (who: { cookie: string }) =>
      strategyInstancesResponseSchema.parse(await json(who, '/api/strategy-instances')).instances;
    const runsOf = async (who: { cookie: string }) =>
      strategyRunsResponseSchema.parse(await json(who, '/api/strategy-runs?limit=500')).runs;
    const runsOfInstance = async (instanceId: string) =>
      Number(
        (
          await queryRows<{ n: number }>(
            t.testDb.database.db,
            `select count(*)::int as n from strategy_runs where instance_id = '${instanceId}'`,
          )
        )[0]?.n,
      );

    beforeAll(async () => {
      const [row] = await queryRows<{ id: string }>(
        t.testDb.database.db,
        `select client_id as id from broker_accounts where account_code = 'DU-SIM-PM'`,
      );
      home = row?.id ?? '';
      zeta = await t.createClient('Zeta');
      tfsa = (await t.services.reads.queries.accounts.list()).find((a) => a.accountCode === 'DU-SIM-TFSA')?.id ?? '';
      expect(await t.services.repositories.access.assignAccount(tfsa, zeta)).toEqual({ fromClientId: home });
      viewerA = await t.memberOf(home, 'viewer');
      traderA = await t.memberOf(home, 'trader');
      traderB = await t.memberOf(zeta, 'trader');
    });

    it("a member sees only the client's instances, runs, opportunities and recommendations", async () => {
      const overlay = (await instancesOf(traderB)).find((i) => i.strategySlug === 'covered_call_overlay');
      expect(overlay?.accountId).toBe(tfsa);
      expect((await instancesOf(traderB)).map((i) => i.accountId)).toEqual([tfsa]);

      // B's "run now" runs B's enabled instance only.
      const homeRunsBefore = await Promise.all((await instancesOf(viewerA)).map((i) => runsOfInstance(i.id)));
      clock.advance(60_000);
      const ranB = await as(traderB, 'POST', '/api/strategy-runs', {});
      expect(ranB.statusCode, ranB.body).toBe(201);
      const runsB = strategyRunsResponseSchema.parse(ranB.json()).runs;
      expect(runsB.map((r) => r.instanceId)).toEqual([overlay?.id]);
      expect(await Promise.all((await instancesOf(viewerA)).map((i) => runsOfInstance(i.id)))).toEqual(homeRunsBefore);

      // A's "run now" runs every enabled instance of A and never B's.
      const overlayRuns = await runsOfInstance(overlay?.id ?? '');
      clock.advance(60_000);
      const ranA = await as(traderA, 'POST', '/api/strategy-runs', {});
      expect(ranA.statusCode, ranA.body).toBe(201);
      const enabledA = (await instancesOf(viewerA)).filter((i) => i.enabled).map((i) => i.id);
      expect(
        strategyRunsResponseSchema
          .parse(ranA.json())
          .runs.map((r) => r.instanceId)
          .sort(),
      ).toEqual([...enabledA].sort());
      expect(await runsOfInstance(overlay?.id ?? '')).toBe(overlayRuns);

      // Lists: A's hold nothing of B's, B's nothing of A's.
      const instancesA = await instancesOf(viewerA);
      expect(instancesA.length).toBeGreaterThan(0);
      expect(instancesA.map((i) => i.accountId)).not.toContain(tfsa);
      const runsA = await runsOf(viewerA);
      expect(runsA.length).toBeGreaterThan(0);
      expect(runsA.map((r) => r.instanceId)).not.toContain(overlay?.id);

      expect(new Set((await runsOf(traderB)).map((r) => r.instanceId))).toEqual(new Set([overlay?.id]));

      const opportunities = async (who: { cookie: string }) =>
        opportunitiesResponseSchema.parse(await json(who, '/api/opportunities?limit=2000')).opportunities;
      const oppsA = await opportunities(viewerA);
      const oppsB = await opportunities(traderB);
      expect(oppsA.length).toBeGreaterThan(0);
      expect(oppsB.length).toBeGreaterThan(0);
      expect(oppsA.map((o) => o.instanceId)).not.toContain(overlay?.id);
      expect(new Set(oppsB.map((o) => o.instanceId))).toEqual(new Set([overlay?.id]));

      const recommendations = async (who: { cookie: string }, status: string) =>
        recommendationsResponseSchema.parse(await json(who, `/api/recommendations?status=${status}&limit=1000`))
          .recommendations;
      for (const status of ['pending', 'superseded', 'expired']) {
        expect((await recommendations(viewerA, status)).map((r) => r.accountId)).not.toContain(tfsa);
        expect((await recommendations(traderB, status)).every((r) => r.accountId === tfsa)).toBe(true);
      }
      expect((await recommendations(traderB, 'pending')).length).toBeGreaterThan(0);
    });

    it("another client's ids are 404 for reads and changes alike, and change nothing", async () => {
      const overlay = (await instancesOf(traderB))[0];
      const runB = (await runsOf(traderB))[0];
      const [recB] = await queryRows<{ id: string }>(
        t.testDb.database.db,
        `select id from recommendations where account_id = '${tfsa}' limit 1`,
      );
      const wheelA = (await instancesOf(viewerA)).find((i) => i.strategySlug === 'wheel');
      expect(overlay && runB && recB && wheelA).toBeTruthy();
      const reads = [
        `/api/strategy-instances/${overlay?.id}`,
        `/api/strategy-instances?accountId=${tfsa}`,
        `/api/strategy-runs/${runB?.id}`,
        `/api/strategy-runs?instanceId=${overlay?.id}`,
        `/api/opportunities?instanceId=${overlay?.id}`,
        `/api/opportunities?runId=${runB?.id}`,
        `/api/recommendations/${recB?.id}`,
        `/api/recommendations?accountId=${tfsa}`,
        `/api/recommendations?instanceId=${overlay?.id}`,
      ];
      for (const url of reads) {
        const response = await as(viewerA, 'GET', url);
        expect(response.statusCode, url).toBe(404);
        expect(response.json().code).toBe('NOT_FOUND');
      }
      // And the other way round.
      expect((await as(traderB, 'GET', `/api/strategy-instances/${wheelA?.id}`)).statusCode).toBe(404);

      const overlayRuns = await runsOfInstance(overlay?.id ?? '');
      const wheelRuns = await runsOfInstance(wheelA?.id ?? '');
      const changes: [method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object][] = [
        ['PATCH', `/api/strategy-instances/${overlay?.id}`, { name: 'Mine now' }],
        ['DELETE', `/api/strategy-instances/${overlay?.id}`],
        ['POST', '/api/strategy-runs', { instanceIds: [overlay?.id] }],
        ['POST', '/api/strategy-runs', { instanceIds: [wheelA?.id, overlay?.id] }],
        ['POST', '/api/strategy-instances', { strategySlug: 'wheel', accountId: tfsa, name: 'Into B' }],
      ];
      for (const [method, url, payload] of changes) {
        const response = await as(traderA, method, url, payload);
        expect(response.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(404);
      }
      expect(strategyInstanceSchema.parse(await json(traderB, `/api/strategy-instances/${overlay?.id}`)).name).toBe(
        overlay?.name,
      );
      expect(await runsOfInstance(overlay?.id ?? '')).toBe(overlayRuns);
      // The mixed list ran nothing at all, A's instance neither.
      expect(await runsOfInstance(wheelA?.id ?? '')).toBe(wheelRuns);
      const intoB = await queryRows<{ n: number }>(
        t.testDb.database.db,
        `select count(*)::int as n from strategy_instances where name = 'Into B'`,
      );
      expect(intoB[0]?.n).toBe(0);

      // A viewer reads but changes nothing.
      expect((await as(viewerA, 'POST', '/api/strategy-runs', {})).statusCode).toBe(403);
      expect((await as(viewerA, 'PATCH', `/api/strategy-instances/${wheelA?.id}`, { name: 'x' })).statusCode).toBe(403);
    });

    it("watchlists are the client's: listed, read and changed only there; an instance may name only its own", async () => {
      const createdB = await as(traderB, 'POST', '/api/watchlists', { name: 'B list', symbols: ['SPY'] });
      expect(createdB.statusCode, createdB.body).toBe(201);
      const listB = watchlistSchema.parse(createdB.json());
      const createdA = await as(traderA, 'POST', '/api/watchlists', { name: 'A list', symbols: ['KO'] });
      const listA = watchlistSchema.parse(createdA.json());
      const owners = await queryRows<{ id: string; client_id: string }>(
        t.testDb.database.db,
        `select id, client_id from watchlists where id in ('${listA.id}', '${listB.id}')`,
      );
      expect(Object.fromEntries(owners.map((o) => [o.id, o.client_id]))).toEqual({
        [listA.id]: home,
        [listB.id]: zeta,
      });

      const names = async (who: { cookie: string }) =>
        watchlistsResponseSchema.parse(await json(who, '/api/watchlists')).watchlists.map((w) => w.name);
      expect(await names(traderB)).toEqual(['B list']);
      expect(await names(viewerA)).toContain('A list');
      expect(await names(viewerA)).not.toContain('B list');
      expect(await names({ cookie })).not.toContain('B list');

      for (const [method, payload] of [['GET'], ['PATCH', { name: 'Taken' }], ['DELETE']] as const) {
        const response = await as(traderA, method, `/api/watchlists/${listB.id}`, payload);
        expect(response.statusCode, method).toBe(404);
      }
      expect(watchlistSchema.parse(await json(traderB, `/api/watchlists/${listB.id}`)).name).toBe('B list');
      expect((await as(viewerA, 'POST', '/api/watchlists', { name: 'No', symbols: [] })).statusCode).toBe(403);
      expect((await as(viewerA, 'DELETE', `/api/watchlists/${listA.id}`)).statusCode).toBe(403);

      // B's watchlist in A's instance config: 400 naming the entry, nothing created or changed.
      const wheelA = (await instancesOf(traderA)).find((i) => i.strategySlug === 'wheel');
      const before = (await instancesOf(traderA)).length;
      const create = await as(traderA, 'POST', '/api/strategy-instances', {
        strategySlug: 'wheel',
        accountId: pm,
        name: 'Borrowed list',
        config: { symbols: [], watchlistIds: [listA.id, listB.id] },
      });
      expect(create.statusCode, create.body).toBe(400);
      expect(create.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'body.config.watchlistIds.1', message: `No watchlist ${listB.id}` }],
      });
      expect(await instancesOf(traderA)).toHaveLength(before);
      const patch = await as(traderA, 'PATCH', `/api/strategy-instances/${wheelA?.id}`, {
        config: { ...wheelA?.config, watchlistIds: [listB.id] },
      });
      expect(patch.statusCode, patch.body).toBe(400);
      expect(patch.json().issues).toEqual([
        { path: 'body.config.watchlistIds.0', message: `No watchlist ${listB.id}` },
      ]);
      expect(strategyInstanceSchema.parse(await json(traderA, `/api/strategy-instances/${wheelA?.id}`)).config).toEqual(
        wheelA?.config,
      );
      // Its own list is fine.
      const own = await as(traderA, 'PATCH', `/api/strategy-instances/${wheelA?.id}`, {
        config: { ...wheelA?.config, watchlistIds: [listA.id] },
      });
      expect(own.statusCode, own.body).toBe(200);
      expect(strategyInstanceSchema.parse(own.json()).config.watchlistIds).toEqual([listA.id]);
    });
  });
});
