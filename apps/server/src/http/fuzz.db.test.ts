// Bad-input fuzz over every route of the OpenAPI document, on the app composed with every optional part (sim broker,
// sync, alerts, risk, strategies, orders, backtests) and a seeded book, signed in as the admin (owner everywhere):
// generated malformed paths, query strings and bodies never get a 5xx, always get a JSON error with a stable code,
// and never write (every table's rows are fingerprinted before and after each route's batch). Then a NUL in each text
// field of an otherwise plausible body, which may be accepted but must not crash.
// FUZZ_SEED reproduces a run (the seed is printed); FUZZ_RUNS sets the requests per route.
import { createBrokerStatusTracker, createSyncService } from '@optionstrader/application';
import { createMarketSimulator, createSimBroker, demoAccounts } from '@optionstrader/broker-sim';
import { errorBodySchema } from '@optionstrader/contracts';
import { listTables, queryRows } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedHistory, simReference } from '../adapters/risk-market-data';
import { simStrategyReference } from '../adapters/strategy-reference';
import { brokerSetupOf, SIM_SEED } from '../broker';
import { loadConfig } from '../config';
import { seedDemoStrategies } from '../demo-strategies';
import { createMetrics } from '../metrics';
import { createNotifications } from '../notifications';
import { jobsRoutesDeps, startJobs, type JobsRuntime } from '../jobs/runtime';
import { ADMIN, createTestApp, manualClock, type TestApp } from '../testing/test-app';
import { buildApp, type AppDeps } from './app';
import {
  criticalCases,
  fuzzCases,
  nulCases,
  preview,
  registeredRoutes,
  routesOf,
  type FuzzCase,
  type FuzzContext,
  type OpenApiDocument,
  type RouteShape,
} from './fuzz-inputs';
import { defaultMaxJsonDepth, defaultMaxUrlLength } from './hardening';

// A Friday afternoon, market open: the seeded strategies recommend and approvals fill.
const NOW = new Date('2026-11-20T16:00:00Z');
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Registered, but not API: the document itself, Swagger UI, the web UI's placeholder page and /metrics (text). */
const NOT_API = (key: string) => / \/openapi\.json$| \/docs(\/|$)|^GET \/$|^GET \/metrics$/.test(key);

describe.skipIf(postgresUnavailable())('fuzz: malformed input to every route', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let jobs: JobsRuntime | undefined;
  let cookie = '';
  let routes: RouteShape[] = [];
  let tables: string[] = [];
  /** Real ids of the seed, by the path segment before the parameter (`orders` for /api/orders/{id}). */
  const realIds = new Map<string, string[]>();
  /** Real ids for body and query fields that name an object. */
  const realFields = new Map<string, string>();
  /** Error lines the server logged (5xx only): the cause of a 5xx, for the report. */
  const logged: string[] = [];
  const stats = { requests: 0, statuses: new Map<number, number>(), codes: new Map<string, number>(), fivexx: 0 };

  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (response.statusCode >= 300) throw new Error(`${method} ${url} → ${response.statusCode} ${response.body}`);
    return response.json<Record<string, unknown>>();
  };
  const idsIn = (body: Record<string, unknown>, key: string, field = 'id'): string[] =>
    ((body[key] as Record<string, unknown>[] | undefined) ?? []).map((row) => String(row[field]));
  const signIn = async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const session = response.cookies.find((c) => c.name === 'ot_session');
    if (!session) throw new Error(`the admin cannot sign in: ${response.body}`);
    cookie = `ot_session=${session.value}`;
  };

  /** What the generators know of this app: its limits and the seed's ids. */
  const ctx: FuzzContext = {
    realIds: (route, param) => {
      const segment = route.path.split(`/{${param.name}}`)[0]?.split('/').at(-1) ?? '';
      return realIds.get(segment) ?? [];
    },
    realFieldValue: (field) => realFields.get(field),
    maxUrlLength: defaultMaxUrlLength,
    maxJsonDepth: defaultMaxJsonDepth,
    bodyLimitBytes: loadConfig({}).BODY_LIMIT_BYTES,
  };

  /** Every table's row count and a hash of its rows (sessions without the times authentication moves). */
  async function fingerprint(): Promise<Record<string, string>> {
    const selects = tables.map((name) => {
      const row = name === 'sessions' ? `(to_jsonb(t) - 'last_seen_at' - 'expires_at')::text` : 'to_jsonb(t)::text';
      return `select '${name}' as name, count(*)::int as n, coalesce(md5(string_agg(r, '|' order by r)), '') as h from (select ${row} as r from "${name}" t) s`;
    });
    const rows = await queryRows<{ name: string; n: number; h: string }>(
      t.testDb.database.db,
      selects.join(' union all '),
    );
    return Object.fromEntries(rows.map((r) => [r.name, `${r.n} rows ${r.h}`]));
  }

  beforeAll(async () => {
    const clock = manualClock(NOW);
    const market = createMarketSimulator({ seed: SIM_SEED, history: await shippedHistory() });
    const broker = createSimBroker({ market, clock, accounts: demoAccounts(market, NOW.getTime()) });
    await broker.connect();
    t = await createTestApp({ clock, sessionTtlHours: 48 });
    const { services } = t;
    const risk = services.risk(simReference(market), broker);
    const runner = services.strategyRunner(
      risk,
      { reference: simReference(market), strategyReference: simStrategyReference(market) },
      broker,
    );
    const flow = services.orderFlow(risk, broker);
    const sync = createSyncService({
      broker,
      ingest: services.repositories.ingest,
      syncRuns: services.repositories.syncRuns,
      clock,
    });
    // The test app's own instance is built before these services exist, so the fuzzed app is built here, on the same
    // database. `Required`: a new optional part of the app cannot be left out (and its routes unfuzzed) silently.
    // Production's limits for bodies, URLs and nesting; rate limits out of the way so every request is judged.
    const config = loadConfig({});
    jobs = await startJobs({
      config,
      database: t.testDb.database,
      repositories: services.repositories,
      clock,
      log: pino({ level: 'silent' }),
      roles: [],
    });
    const deps: Required<AppDeps> = {
      logger: pino({ level: 'error' }, { write: (line: string) => void logged.push(line) }),
      auth: services.auth,
      ...services.accessControl,
      reads: services.reads,
      sync,
      broker: createBrokerStatusTracker({ broker, clock, setup: brokerSetupOf(config) }),
      alerts: { alerts: services.repositories.alerts, clock },
      risk,
      strategies: { strategies: services.strategies, runner },
      orders: { orders: flow.manager, repository: services.repositories.orders, strategies: services.strategies },
      backtests: services.backtests,
      notifications: {
        // No email, no queue: a fuzzed request that is accepted stores rows, nothing leaves the test.
        notifications: createNotifications(loadConfig({ MAIL_TRANSPORT: 'none' }), {
          repositories: services.repositories,
          clock,
          logger: pino({ level: 'silent' }),
          enqueueDelivery: async () => {},
        }).service,
        repo: services.repositories.notifications,
        clock,
      },
      // The real queue, with no worker or scheduler in this process: Run now queues, nothing runs.
      jobs: jobsRoutesDeps(jobs, services.repositories.jobRuns, t.testDb.database.kind),
      probes: [{ name: 'database', check: () => t.testDb.database.ping() }],
      metrics: createMetrics({ defaultMetrics: false }),
      metricsToken: 'fuzz-metrics-token-0123456789',
      observability: services.observability,
      cookie: { secure: 'auto' },
      loginRateLimitPerMinute: 1_000_000,
      apiRateLimitPerMinute: 1_000_000,
      approveRateLimitPerMinute: 1_000_000,
      allowedOrigins: [],
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      webDistDir: '/nonexistent',
      version: 'fuzz',
    };
    app = await buildApp(deps);
    await signIn();

    // The seed, so path ids can be real: the demo book through a sync (as at start-up, it brings the client too), the
    // demo strategies and a run, an approved recommendation (an order), a watchlist, a finished backtest, an alert, an
    // API token, a member and a second client.
    expect((await sync.run({ trigger: 'schedule' })).run.status).toBe('succeeded');
    await services.strategies.seedDefinitions();
    await seedDemoStrategies({
      strategies: services.strategies,
      accounts: services.reads.queries.accounts,
      settings: services.repositories.appSettings,
      clock,
    });
    const accounts = idsIn(await ok('GET', '/api/accounts'), 'accounts');
    realIds.set('accounts', accounts);
    realIds.set('strategy-instances', idsIn(await ok('GET', '/api/strategy-instances'), 'instances'));
    await ok('POST', '/api/strategy-runs', {});
    realIds.set('strategy-runs', idsIn(await ok('GET', '/api/strategy-runs'), 'runs'));
    const pending = idsIn(await ok('GET', '/api/recommendations?status=pending&limit=1000'), 'recommendations');
    for (const id of pending) {
      const approved = await app.inject({
        method: 'POST',
        url: `/api/recommendations/${id}/approve`,
        headers: { cookie },
        payload: {},
      });
      if (approved.statusCode < 300) break;
    }
    realIds.set(
      'recommendations',
      idsIn(await ok('GET', '/api/recommendations?limit=1000'), 'recommendations').slice(0, 3),
    );
    realIds.set('orders', idsIn(await ok('GET', '/api/orders'), 'orders'));
    realIds.set('watchlists', [String((await ok('POST', '/api/watchlists', { name: 'Fuzz', symbols: ['KO'] })).id)]);
    const backtest = await ok('POST', '/api/backtests', {
      name: 'Fuzz',
      strategy: 'wheel',
      underliers: ['KO'],
      from: '2020-01-02',
      to: '2020-03-31',
    });
    await services.backtests.idle();
    realIds.set('backtests', [String(backtest.id)]);
    const [alert] = await queryRows<{ id: string }>(
      t.testDb.database.db,
      `insert into alerts (account_id, severity, kind, message) values ('${accounts[0] ?? ''}', 'warning', 'risk.margin', 'Margin use above 50%') returning id`,
    );
    realIds.set('alerts', alert ? [alert.id] : []);
    const token = await ok('POST', '/api/me/tokens', { name: 'fuzz', scope: 'read' });
    realIds.set('tokens', [String((token.item as { id: string }).id)]);
    const member = await ok('POST', '/api/clients/members', {
      email: 'fuzz-member@example.com',
      role: 'trader',
      password: 'Fuzz-Member-Password-42',
    });
    realIds.set('members', [String(member.userId)]);
    const clientId = String(((await ok('GET', '/api/me')).activeClient as { id: string }).id);
    const other = await ok('POST', '/api/admin/clients', { name: 'Fuzz other' });
    realIds.set('clients', [clientId, String(other.id)]);
    realIds.set('users', [t.admin.id, String(member.userId)]);
    // A job, and a dead attempt of one (the failed list's retry).
    realIds.set('jobs', ['queue.ping', 'risk.monitor']);
    const deadRun = await services.repositories.jobRuns.start({
      jobId: 'fuzz-job',
      name: 'queue.ping',
      trigger: 'manual',
      scheduledFor: null,
      attempt: 1,
      worker: 'fuzz:1',
      startedAt: NOW,
    });
    await services.repositories.jobRuns.finish(deadRun, {
      status: 'failed',
      willRetry: false,
      finishedAt: NOW,
      durationMs: 1,
      error: 'Error: fuzz',
      summary: null,
    });
    realIds.set('runs', [deadRun]);
    const underlyings = (await ok('GET', '/api/chains')).underlyings as { symbol: string }[];
    realIds.set(
      'chains',
      underlyings.slice(0, 2).map((u) => u.symbol),
    );
    for (const [field, segment] of [
      ['accountId', 'accounts'],
      ['instanceId', 'strategy-instances'],
      ['recommendationId', 'recommendations'],
      ['orderId', 'orders'],
      ['watchlistId', 'watchlists'],
      ['clientId', 'clients'],
      ['userId', 'members'],
      ['symbol', 'chains'],
    ] as const) {
      const id = realIds.get(segment)?.[0];
      if (id) realFields.set(field, id);
    }

    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
    routes = routesOf(doc).sort((a, b) => a.key.localeCompare(b.key));
    tables = await listTables(t.testDb.database);
    // Nothing of the seed may still be working when the first fingerprint is taken.
    await services.backtests.idle();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.stop();
    await t?.close();
  });

  it('documents every registered route in the OpenAPI document', () => {
    const documented = new Set(routes.map((r) => r.key));
    const registered = registeredRoutes(app.printRoutes()).filter((key) => !NOT_API(key));
    expect(registered.length).toBeGreaterThan(60);
    expect(registered.filter((key) => !documented.has(key))).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(registered.length);
    // Every path parameter has a real id of the seed too, so requests also get past "not found".
    expect(routes.filter((r) => r.pathParams.some((p) => ctx.realIds(r, p).length === 0)).map((r) => r.key)).toEqual(
      [],
    );
  });

  it('answers malformed requests to every route with a JSON 4xx error and writes nothing', async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} to repeat), ${RUNS} requests per route`);
    const writes: string[] = [];
    /** What went wrong, by kind: on which routes, how often, and the first request it happened to. */
    const problems = new Map<string, { routes: Map<string, number>; example: string }>();

    let before = await fingerprint();
    for (const [index, route] of routes.entries()) {
      const examples = criticalCases(route, ctx).map((c): [FuzzCase] => [c]);
      // Every problem is collected (not only the first one), so one run shows all that is wrong.
      const problem = (what: string, c: FuzzCase, response: LightMyRequestResponse) => {
        const seen = problems.get(what);
        if (seen) seen.routes.set(route.key, (seen.routes.get(route.key) ?? 0) + 1);
        else {
          const body = c.body === undefined ? '' : ` body ${preview(c.body, 100)}`;
          const example = `${route.method} ${preview(c.url, 100)}${body} (${c.malformed}) → ${response.statusCode} ${preview(response.body, 160)}`;
          problems.set(what, { routes: new Map([[route.key, 1]]), example });
        }
      };
      const judge = async (c: FuzzCase) => {
        const loggedBefore = logged.length;
        const response = await send(route, c);
        count(response);
        const status = response.statusCode;
        if (status >= 500) return problem(`${status}: ${causeOf(logged.slice(loggedBefore))}`, c, response);
        if (status >= 400) {
          const json = jsonOrText(response.body);
          const body = errorBodySchema.safeParse(json);
          const type = String(response.headers['content-type']);
          if (!body.success || body.data.statusCode !== status || !type.startsWith('application/json')) {
            const code = typeof json === 'object' && json !== null && 'code' in json ? String(json.code) : 'none';
            return problem(`${status} with a body outside the error contract (code ${code})`, c, response);
          }
          stats.codes.set(body.data.code, (stats.codes.get(body.data.code) ?? 0) + 1);
          // The admin is owner everywhere: refusing who is asking means the request never reached the route.
          if (status === 401 || status === 403) problem(`${status} ${body.data.code} for the admin`, c, response);
          return;
        }
        if (c.certain) problem(`${status} to a malformed request (${c.malformed.split(':')[0] ?? ''})`, c, response);
      };
      await fc.assert(fc.asyncProperty(fuzzCases(route, ctx), judge), {
        // The fixed cases count as runs: the generated ones come on top.
        numRuns: examples.length + RUNS,
        seed: SEED + index,
        examples,
      });
      const after = await fingerprint();
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length > 0) writes.push(`${route.key} wrote to ${changed.join(', ')}`);
      // After the write check: these may be accepted (and write), but must never crash.
      for (const c of nulCases(route, ctx)) await judge(c);
      // Carry on from the new state (signed in again if a write ended the session).
      if ((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode === 401) await signIn();
      before = await fingerprint();
    }

    const failures = [
      ...[...problems].map(([what, { routes: where, example }]) => {
        const total = [...where.values()].reduce((a, b) => a + b, 0);
        return `${what}: ${total}× on ${where.size} route(s): ${[...where.keys()].join(', ')}\n    e.g. ${example}`;
      }),
      ...writes,
    ];
    const histogram = [...stats.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    const codes = [...stats.codes.entries()].sort(([, a], [, b]) => b - a).map(([c, n]) => `${c}×${n}`);
    console.log(
      [
        `fuzz: ${routes.length} routes, ${stats.requests} requests, ${stats.fivexx} answered 5xx`,
        `  statuses: ${histogram.join(' ')}`,
        `  codes: ${codes.join(' ')}`,
        `  problems (details in the assertion below):`,
        ...[...problems].map(([what, { routes: where }]) => `  - ${what} (${where.size} routes)`),
        ...writes.map((w) => `  - ${w}`),
      ].join('\n'),
    );
    expect(failures).toEqual([]);
  }, 900_000);

  it('the write check sees a write (so the one above can fail)', async () => {
    const before = await fingerprint();
    await ok('POST', '/api/watchlists', { name: 'Fuzz check', symbols: ['KO'] });
    const after = await fingerprint();
    expect(Object.keys(after).filter((table) => after[table] !== before[table])).toContain('watchlists');
  });

  async function send(route: RouteShape, c: FuzzCase): Promise<LightMyRequestResponse> {
    return app.inject({
      method: route.method,
      url: c.url,
      headers: { cookie, ...(c.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(c.body === undefined ? {} : { payload: c.body }),
    });
  }

  function count(response: LightMyRequestResponse) {
    stats.requests += 1;
    stats.statuses.set(response.statusCode, (stats.statuses.get(response.statusCode) ?? 0) + 1);
    if (response.statusCode >= 500) stats.fivexx += 1;
  }
});

/** The error and where it was thrown, from the server's log lines of a 5xx (the innermost cause: no SQL, no values). */
function causeOf(lines: string[]): string {
  for (const line of lines) {
    const entry = jsonOrText(line) as { err?: { type?: string; message?: string; stack?: string } };
    if (!entry.err) continue;
    const stack = entry.err.stack ?? '';
    const frame =
      stack
        .split('\n')
        .find((l) => l.includes('/src/'))
        ?.trim() ?? '';
    const innermost = stack.includes('caused by: ') ? stack.split('caused by: ').at(-1)?.split('\n')[0] : undefined;
    return `${innermost ?? `${entry.err.type ?? 'Error'}: ${entry.err.message ?? ''}`} ${frame}`.trim();
  }
  return 'no error logged';
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
