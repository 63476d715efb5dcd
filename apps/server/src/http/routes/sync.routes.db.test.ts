import { createSyncService } from '@optionstrader/application';
import {
  accountSummary,
  brokerAccount,
  brokerPosition,
  createFakeBroker,
  stockContract,
  postgresUnavailable,
  type FakeBroker,
} from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { syncRoutes } from './sync.routes';

const T0 = new Date('2026-03-02T15:00:00Z');

describe.skipIf(postgresUnavailable())('sync routes', () => {
  let t: TestApp;
  let broker: FakeBroker;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    broker = createFakeBroker({
      accounts: [brokerAccount('U1')],
      summaries: [accountSummary('U1', T0)],
      positions: [brokerPosition('U1', stockContract('AAPL', 265598), '100', T0)],
    });
    const sync = createSyncService({
      broker,
      ingest: t.services.repositories.ingest,
      syncRuns: t.services.repositories.syncRuns,
      clock: { now: () => new Date() },
    });
    await t.app.register(syncRoutes({ sync }), { prefix: '/api' });
    cookie = (await t.login()).cookie ?? '';
  });
  afterAll(() => t.close());

  it('needs a session', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/sync' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/sync-runs' })).statusCode).toBe(401);
  });

  it('runs a sync and returns the run with its counts; a second one writes nothing', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/sync', headers: { cookie } });
    expect(first.statusCode).toBe(200);
    const { run } = first.json();
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'api', broker: 'ibkr', accountCode: null, error: null });
    expect(run.counts.positions).toEqual({ seen: 1, inserted: 1, updated: 0, deleted: 0, unchanged: 0 });
    expect(run.rowsWritten).toBeGreaterThan(0);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);

    const second = await t.app.inject({ method: 'POST', url: '/api/sync', headers: { cookie }, payload: {} });
    expect(second.statusCode).toBe(200);
    expect(second.json().run.rowsWritten).toBe(0);

    const list = await t.app.inject({ method: 'GET', url: '/api/sync-runs?limit=1', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json().runs).toHaveLength(1);
    expect(list.json().runs[0].id).toBe(second.json().run.id);
  });

  it('a broker failure is a failed run, not an HTTP error', async () => {
    broker.fail('accounts');
    const response = await t.app.inject({ method: 'POST', url: '/api/sync', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json().run).toMatchObject({ status: 'failed', error: 'fake broker: accounts failed' });
  });

  it('refuses bad input with 400 and an unknown account with 404', async () => {
    const unknownField = await t.app.inject({
      method: 'POST',
      url: '/api/sync',
      headers: { cookie },
      payload: { account: 'U1' },
    });
    expect(unknownField.statusCode).toBe(400);
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/sync',
      headers: { cookie },
      payload: { accountCode: 42 },
    });
    expect(wrongType.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/sync-runs?limit=0', headers: { cookie } })).statusCode).toBe(
      400,
    );
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/sync',
      headers: { cookie },
      payload: { accountCode: 'NOPE' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND', message: 'The broker does not know account NOPE' });
  });
});
