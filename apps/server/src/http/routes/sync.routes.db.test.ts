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
import { queryRows, schema } from '@optionstrader/db';
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
      accounts: [brokerAccount('U1'), brokerAccount('U2')],
      summaries: [accountSummary('U1', T0), accountSummary('U2', T0)],
      positions: [brokerPosition('U1', stockContract('AAPL', 265598), '100', T0)],
    });
    const sync = createSyncService({
      broker,
      ingest: t.services.repositories.ingest,
      syncRuns: t.services.repositories.syncRuns,
      clock: { now: () => new Date() },
    });
    await t.app.register(syncRoutes({ sync, queries: t.services.reads.queries }), { prefix: '/api' });
    // The client the sync puts new broker accounts in; the admin works in it (the only client yet).
    await t.createClient('Default');
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

  it('refuses bad input with 400, and with 404 an unknown account or one the broker does not know', async () => {
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
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND', message: 'No broker account NOPE' });
    const { db } = t.testDb.database;
    const [client] = await queryRows<{ id: string }>(db, `select id from clients where name = 'Default'`);
    await db
      .insert(schema.brokerAccounts)
      .values({ clientId: client?.id ?? '', broker: 'ibkr', accountCode: 'GONE', type: 'cash' });
    const gone = await t.app.inject({
      method: 'POST',
      url: '/api/sync',
      headers: { cookie },
      payload: { accountCode: 'GONE' },
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'NOT_FOUND', message: 'The broker does not know account GONE' });
  });

  it("shows a client full runs and its own accounts' runs, without other clients' account errors", async () => {
    const { db } = t.testDb.database;
    // U2 becomes another client's account, and the broker stops reporting its balances: a full sync fails on it.
    const other = await t.createClient('Other');
    await queryRows(db, `update broker_accounts set client_id = '${other}' where account_code = 'U2'`);
    broker.data.summaries = broker.data.summaries.filter((summary) => summary.accountCode !== 'U2');
    const trader = (await t.memberOf(other, 'trader')).cookie;
    const viewer = (await t.memberOf(other, 'viewer')).cookie;
    const post = (who: string, payload?: object) =>
      t.app.inject({ method: 'POST', url: '/api/sync', headers: { cookie: who }, ...(payload ? { payload } : {}) });
    const runs = async (who: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/sync-runs?limit=200', headers: { cookie: who } })).json()
        .runs as { id: string; accountCode: string | null; error: string | null }[];

    expect((await post(viewer)).statusCode).toBe(403);
    const foreign = await post(trader, { accountCode: 'U1' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'NOT_FOUND', message: 'No broker account U1' });
    const ownU1 = (await post(cookie, { accountCode: 'U1' })).json().run;
    const ownU2 = (await post(trader, { accountCode: 'U2' })).json().run;
    expect(ownU2).toMatchObject({ accountCode: 'U2', status: 'failed', error: 'U2: fake broker: no summary for U2' });

    const full = await post(cookie);
    expect(full.statusCode).toBe(200);
    // The admin works in "Default": U2's failure is another client's business.
    expect(full.json().run).toMatchObject({
      accountCode: null,
      status: 'failed',
      error: 'an account of another client failed',
    });
    const mine = await runs(cookie);
    const theirs = await runs(trader);
    expect(mine.map((run) => run.id)).toContain(ownU1.id);
    expect(mine.map((run) => run.id)).not.toContain(ownU2.id);
    expect(mine.find((run) => run.id === full.json().run.id)?.error).toBe('an account of another client failed');
    expect(theirs.map((run) => run.id)).toContain(ownU2.id);
    expect(theirs.map((run) => run.id)).not.toContain(ownU1.id);
    expect(theirs.find((run) => run.id === full.json().run.id)?.error).toBe('U2: fake broker: no summary for U2');
    // Account-filtered runs are the account's client's alone; full runs everyone's.
    expect(mine.filter((run) => run.accountCode !== null).map((run) => run.accountCode)).not.toContain('U2');
    expect(theirs.filter((run) => run.accountCode !== null).map((run) => run.accountCode)).toEqual(['U2']);
    expect(theirs.filter((run) => run.accountCode === null)).toHaveLength(
      mine.filter((run) => run.accountCode === null).length,
    );
  });
});
