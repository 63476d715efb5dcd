// The route × role × tenant matrix over every route in the OpenAPI document of the real composed product (sim broker,
// demo book, in-memory database): no session → 401; a viewer on a mutating route → 403; a member of client A naming
// client B's objects → 404, as if they did not exist.
import { queryRows, type Database } from '@optionstrader/db';
import { testBackend } from '@optionstrader/testkit';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server';

const ADMIN = { email: 'admin@example.com', password: 'Correct-Horse-42' };
const PASSWORD = 'Matrix-Password-42';

/** Reachable without signing in. */
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/logout']);
/** Mutations of the caller's own session, password or tokens: allowed to every signed-in user, viewers too. */
const SELF_SERVICE = new Set([
  'PUT /api/me/client',
  'POST /api/me/password',
  'POST /api/me/tokens',
  'DELETE /api/me/tokens/{id}',
  'PUT /api/me/notifications',
  'POST /api/me/notifications/test',
  'POST /api/auth/logout-everywhere',
]);
/** Paths whose ids are not a client's objects (market data; admin routes answer 403 before any id matters). */
const NOT_TENANT_SCOPED = (path: string) =>
  path.startsWith('/api/admin/') ||
  path.startsWith('/api/chains/') ||
  path.startsWith('/api/me/') ||
  // Installation-level, for admins (403 to everyone else, checked above).
  path.startsWith('/api/jobs');

interface Route {
  method: string;
  path: string;
  key: string;
}

describe.skipIf(testBackend() === 'postgres')('route × role × tenant matrix', () => {
  let server: RunningServer;
  let database: Database;
  let app: FastifyInstance;
  let routes: Route[];
  let adminCookie: string;
  let viewerB: string;
  let ownerA: string;
  /** Client B's (the demo book's) real ids, by path segment. */
  const idsOfB = new Map<string, string>();
  const counts = { routes: 0, requests: 0, status5xx: 0 };

  const inject = async (method: string, url: string, cookie?: string, payload?: unknown) => {
    const response: LightMyRequestResponse = await app.inject({
      method: method as 'GET',
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    counts.requests += 1;
    if (response.statusCode >= 500) counts.status5xx += 1;
    return response;
  };
  const login = async (email: string, password: string) => {
    const response = await inject('POST', '/api/auth/login', undefined, { email, password });
    const cookie = response.cookies.find((c) => c.name === 'ot_session');
    if (!cookie) throw new Error(`${email} cannot sign in: ${response.body}`);
    return `ot_session=${cookie.value}`;
  };
  const ok = async (method: string, url: string, cookie: string, payload?: unknown) => {
    const response = await inject(method, url, cookie, payload);
    if (response.statusCode >= 300) throw new Error(`${method} ${url} → ${response.statusCode} ${response.body}`);
    return response.json<Record<string, unknown>>();
  };
  const firstId = (body: Record<string, unknown>, key: string): string => {
    const list = body[key] as { id: string }[] | undefined;
    const id = list?.[0]?.id;
    if (!id) throw new Error(`no ${key} to take an id from: ${JSON.stringify(body).slice(0, 300)}`);
    return id;
  };
  /** The path with B's id for every parameter. */
  const withIdsOfB = (path: string): string =>
    path.replace(/\/([a-z-]+)\/\{(\w+)\}/g, (_m, segment: string, param: string) => {
      const id = idsOfB.get(param === 'id' ? segment : param) ?? idsOfB.get(segment);
      return `/${segment}/${id ?? (segment === 'chains' ? 'SPY' : '00000000-0000-4000-8000-000000000000')}`;
    });

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      inMemoryDatabase: true,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      logLevel: 'silent',
      broker: 'sim',
      loginRateLimitPerMinute: 10_000,
      apiRateLimitPerMinute: 100_000,
      webDistDir: '/nonexistent',
      onDatabaseReady: async (db) => {
        database = db;
      },
    });
    if (!server.app) throw new Error('the http role is on by default');
    app = server.app;
    adminCookie = await login(ADMIN.email, ADMIN.password);

    const doc = (await inject('GET', '/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
    );
    routes = routes.filter((r) => r.path.startsWith('/api'));
    counts.routes = routes.length;

    // Client B: the demo book (the default client the sync put the sim's accounts in). Wait for it to land.
    let accounts: Record<string, unknown> = {};
    for (let i = 0; i < 200; i += 1) {
      accounts = await ok('GET', '/api/accounts', adminCookie);
      if ((accounts.accounts as unknown[]).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    idsOfB.set('accounts', firstId(accounts, 'accounts'));
    const me = await ok('GET', '/api/me', adminCookie);
    const clientB = (me.activeClient as { id: string }).id;

    const instances = await ok('GET', '/api/strategy-instances', adminCookie);
    idsOfB.set('strategy-instances', firstId(instances, 'instances'));
    await ok('POST', '/api/strategy-runs', adminCookie, {});
    const runs = await ok('GET', '/api/strategy-runs', adminCookie);
    idsOfB.set('strategy-runs', firstId(runs, 'runs'));
    const recommendations = await ok('GET', '/api/recommendations?status=pending&limit=1000', adminCookie);
    const recs = recommendations.recommendations as { id: string }[];
    idsOfB.set('recommendations', firstId(recommendations, 'recommendations'));
    // An order of B: approve another pending recommendation (paper mode).
    for (const rec of recs.slice(1)) {
      const approved = await inject('POST', `/api/recommendations/${rec.id}/approve`, adminCookie, {});
      if (approved.statusCode < 300) break;
    }
    idsOfB.set('orders', firstId(await ok('GET', '/api/orders', adminCookie), 'orders'));
    const watchlist = await ok('POST', '/api/watchlists', adminCookie, { name: 'B ideas', symbols: ['KO'] });
    idsOfB.set('watchlists', watchlist.id as string);
    const backtest = await ok('POST', '/api/backtests', adminCookie, {
      name: 'B test',
      strategy: 'wheel',
      underliers: ['KO'],
      from: '2020-01-02',
      to: '2020-03-31',
    });
    idsOfB.set('backtests', backtest.id as string);

    // Members: a viewer in B, an owner in A (a new, empty client).
    const viewer = await ok('POST', '/api/clients/members', adminCookie, {
      email: 'viewer-b@example.com',
      role: 'viewer',
      password: PASSWORD,
    });
    idsOfB.set('userId', viewer.userId as string);
    viewerB = await login('viewer-b@example.com', PASSWORD);
    const clientA = await ok('POST', '/api/admin/clients', adminCookie, { name: 'A (empty)' });
    await ok('PUT', '/api/me/client', adminCookie, { clientId: clientA.id });
    await ok('POST', '/api/clients/members', adminCookie, {
      email: 'owner-a@example.com',
      role: 'owner',
      password: PASSWORD,
    });
    await ok('PUT', '/api/me/client', adminCookie, { clientId: clientB });
    ownerA = await login('owner-a@example.com', PASSWORD);

    // An alert on B's account, as the risk monitor raises them.
    const [alert] = await queryRows<{ id: string }>(
      database.db,
      `insert into alerts (account_id, severity, kind, message) values ('${idsOfB.get('accounts') ?? ''}', 'warning', 'risk.margin', 'Margin use above 50%') returning id`,
    );
    if (alert) idsOfB.set('alerts', alert.id);
  }, 180_000);

  afterAll(async () => {
    console.log(`access matrix: ${counts.routes} routes, ${counts.requests} requests, ${counts.status5xx} answers 5xx`);
    await server?.close();
  });

  it('covers every /api route of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(60);
    for (const kind of [
      'accounts',
      'strategy-instances',
      'strategy-runs',
      'recommendations',
      'orders',
      'watchlists',
      'backtests',
      'alerts',
      'userId',
    ]) {
      expect(idsOfB.get(kind), kind).toBeTruthy();
    }
  });

  it('answers 401 to every non-public route without a session, and 401 to a forged one', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(route.key)) continue;
      for (const cookie of [undefined, 'ot_session=forged-token']) {
        const response = await inject(
          route.method,
          withIdsOfB(route.path),
          cookie,
          route.method === 'GET' ? undefined : {},
        );
        if (response.statusCode !== 401 || response.json().code !== 'UNAUTHENTICATED') {
          wrong.push(`${route.key} ${cookie ? 'forged' : 'none'} → ${response.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to a viewer on every mutating route except their own session, password and tokens', async () => {
    const wrong: string[] = [];
    const mutating = routes.filter((r) => r.method !== 'GET' && !PUBLIC.has(r.key) && !SELF_SERVICE.has(r.key));
    expect(mutating.length).toBeGreaterThan(25);
    for (const route of mutating) {
      const response = await inject(route.method, withIdsOfB(route.path), viewerB, {});
      if (response.statusCode !== 403)
        wrong.push(`${route.key} → ${response.statusCode} ${response.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 404 to client A's owner on every route that names client B's objects", async () => {
    const wrong: string[] = [];
    // Members are checked below with a valid body (their routes validate the body before looking the member up).
    const scoped = routes.filter(
      (r) => r.path.includes('{') && !NOT_TENANT_SCOPED(r.path) && !r.path.startsWith('/api/clients/members/'),
    );
    expect(scoped.length).toBeGreaterThan(20);
    for (const route of scoped) {
      const url = withIdsOfB(route.path);
      if (url.includes('00000000-0000-4000-8000-000000000000')) {
        wrong.push(`${route.key}: no id of B for this path`);
        continue;
      }
      const response = await inject(route.method, url, ownerA, route.method === 'GET' ? undefined : {});
      if (response.statusCode !== 404 || response.json().code !== 'NOT_FOUND') {
        wrong.push(`${route.key} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    const member = `/api/clients/members/${idsOfB.get('userId')}`;
    expect((await inject('PUT', member, ownerA, { role: 'owner' })).statusCode).toBe(404);
    expect((await inject('DELETE', member, ownerA)).statusCode).toBe(404);
    // B's own viewer still reads them: the 404 is about the tenant, not the id.
    expect((await inject('GET', withIdsOfB('/api/orders/{id}'), viewerB)).statusCode).toBe(200);
  });

  it("gives client A's owner none of B's rows in any list", async () => {
    const lists = routes.filter((r) => r.method === 'GET' && !r.path.includes('{') && !NOT_TENANT_SCOPED(r.path));
    const leaks: string[] = [];
    const idsOfBValues = [...idsOfB.values()];
    for (const route of lists) {
      const response = await inject('GET', route.path, ownerA);
      if (response.statusCode >= 400) continue;
      for (const id of idsOfBValues) if (response.body.includes(id)) leaks.push(`${route.key} shows ${id}`);
    }
    expect(leaks).toEqual([]);
    // A body that names B's account is refused the same way.
    const create = await inject('POST', '/api/strategy-instances', ownerA, {
      strategySlug: 'wheel',
      accountId: idsOfB.get('accounts'),
      name: 'x',
      config: {},
    });
    expect(create.statusCode).toBe(404);
  });

  it('never answered 5xx', () => {
    expect(counts.status5xx).toBe(0);
  });
});
