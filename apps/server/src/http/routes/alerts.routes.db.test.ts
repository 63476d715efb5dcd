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
