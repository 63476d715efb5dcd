import { schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualClock, type TestApp } from '../../testing/test-app';
import { alertsRoutes } from './alerts.routes';

const T0 = new Date('2026-03-09T15:00:00Z');

describe.skipIf(postgresUnavailable())('alerts routes', () => {
  let t: TestApp;
  let cookie: string;
  const clock = manualClock(T0);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const { alerts } = t.services.repositories;
    await t.app.register(alertsRoutes({ alerts, clock }), { prefix: '/api' });
    await t.createClient('Household');
    cookie = (await t.login()).cookie ?? '';
    for (const [minute, kind, severity] of [
      [1, 'broker_sync_failed', 'critical'],
      [2, 'data_stale', 'warning'],
      [3, 'broker_sync_recovered', 'info'],
    ] as const) {
      const at = new Date(T0.getTime() - (10 - minute) * 60_000);
      ids[kind] = (
        await alerts.raise({ kind, severity, message: `${kind} message`, payload: { n: minute }, at })
      ).alert.id;
    }
    await alerts.acknowledge(ids['broker_sync_recovered']!, null, T0);
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const acknowledge = (id: string) =>
    t.app.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, headers: { cookie }, payload: {} });

  it('needs a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/alerts/${ids['data_stale']}/acknowledge`,
      payload: {},
    });
    expect(post.statusCode).toBe(401);
  });

  it('lists alerts newest first, by status, up to the limit', async () => {
    const all = await get('/api/alerts');
    expect(all.statusCode).toBe(200);
    expect(all.json().alerts.map((a: { kind: string }) => a.kind)).toEqual([
      'broker_sync_recovered',
      'data_stale',
      'broker_sync_failed',
    ]);
    expect(all.json().alerts[1]).toEqual({
      id: ids['data_stale'],
      kind: 'data_stale',
      severity: 'warning',
      message: 'data_stale message',
      payload: { n: 2 },
      createdAt: '2026-03-09T14:52:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    const open = await get('/api/alerts?status=open');
    expect(open.json().alerts.map((a: { kind: string }) => a.kind)).toEqual(['data_stale', 'broker_sync_failed']);
    const acked = await get('/api/alerts?status=acknowledged&limit=5');
    expect(acked.json().alerts.map((a: { kind: string }) => a.kind)).toEqual(['broker_sync_recovered']);
    expect((await get('/api/alerts?limit=1')).json().alerts).toHaveLength(1);
  });

  it('refuses a bad query with 400', async () => {
    for (const url of [
      '/api/alerts?status=closed',
      '/api/alerts?limit=0',
      '/api/alerts?limit=x',
      '/api/alerts?foo=1',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('acknowledges an alert as the signed-in user, idempotently', async () => {
    const first = await acknowledge(ids['data_stale']!);
    expect(first.statusCode).toBe(200);
    expect(first.json().alert).toMatchObject({
      id: ids['data_stale'],
      acknowledgedAt: T0.toISOString(),
      acknowledgedBy: t.admin.id,
    });
    clock.advance(60_000);
    const second = await acknowledge(ids['data_stale']!);
    expect(second.statusCode).toBe(200);
    expect(second.json().alert.acknowledgedAt).toBe(T0.toISOString());
    const open = await get('/api/alerts?status=open');
    expect(open.json().alerts.map((a: { kind: string }) => a.kind)).toEqual(['broker_sync_failed']);
  });

  it('answers 404 for an unknown id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const response = await acknowledge(id);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
  });
});

describe.skipIf(postgresUnavailable())('alerts routes across clients', () => {
  let t: TestApp;
  const clock = manualClock(T0);
  /** Alert id by what it is about. */
  const ids: Record<string, string> = {};
  const cookies: Record<'traderA' | 'viewerA' | 'traderB', string> = { traderA: '', viewerA: '', traderB: '' };

  const list = async (cookie: string): Promise<string[]> => {
    const response = await t.app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    return response.json<{ alerts: { message: string }[] }>().alerts.map((a) => a.message);
  };
  const acknowledge = (id: string | undefined, cookie: string) =>
    t.app.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, headers: { cookie }, payload: {} });

  beforeAll(async () => {
    t = await createTestApp();
    const { alerts } = t.services.repositories;
    await t.app.register(alertsRoutes({ alerts, clock }), { prefix: '/api' });
    const { db } = t.testDb.database;
    const clientA = await t.createClient('A');
    const clientB = await t.createClient('B');
    const [accountA, accountB] = await db
      .insert(schema.brokerAccounts)
      .values([
        { clientId: clientA, broker: 'sim', accountCode: 'DU-A', type: 'cash' },
        { clientId: clientB, broker: 'sim', accountCode: 'DU-B', type: 'cash' },
      ])
      .returning();
    const about = {
      'installation-wide': {},
      'client A': { clientId: clientA },
      'account of A': { accountId: accountA?.id ?? '' },
      'client B': { clientId: clientB },
      'account of B': { accountId: accountB?.id ?? '' },
    };
    let minute = 0;
    for (const [message, scope] of Object.entries(about)) {
      const at = new Date(T0.getTime() + ++minute * 60_000);
      // One kind and key for all: the account or client alone tells them apart.
      ids[message] = (
        await alerts.raise({ kind: 'risk', severity: 'warning', message, at, dedupeKey: 'margin', ...scope })
      ).alert.id;
    }
    cookies.traderA = (await t.memberOf(clientA, 'trader')).cookie;
    cookies.viewerA = (await t.memberOf(clientA, 'viewer')).cookie;
    cookies.traderB = (await t.memberOf(clientB, 'trader')).cookie;
  });
  afterAll(() => t.close());

  it("lists a client's own alerts, its accounts' alerts and installation-wide ones, newest first", async () => {
    expect(await list(cookies.traderA)).toEqual(['account of A', 'client A', 'installation-wide']);
    expect(await list(cookies.viewerA)).toEqual(['account of A', 'client A', 'installation-wide']);
    expect(await list(cookies.traderB)).toEqual(['account of B', 'client B', 'installation-wide']);
  });

  it("answers 404 when acknowledging another client's alert, and 403 to a viewer", async () => {
    for (const about of ['client B', 'account of B']) {
      const response = await acknowledge(ids[about], cookies.traderA);
      expect(response.statusCode, about).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    expect((await acknowledge(ids['account of A'], cookies.viewerA)).statusCode).toBe(403);
    for (const about of ['account of A', 'client A', 'installation-wide']) {
      expect((await acknowledge(ids[about], cookies.traderA)).statusCode, about).toBe(200);
    }
    // B's stay open; the installation-wide one was acknowledged for everyone.
    const open = await t.app.inject({
      method: 'GET',
      url: '/api/alerts?status=open',
      headers: { cookie: cookies.traderB },
    });
    expect(open.json().alerts.map((a: { message: string }) => a.message)).toEqual(['account of B', 'client B']);
  });
});
