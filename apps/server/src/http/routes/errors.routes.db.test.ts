// GET /api/errors: strategy-run errors, sync errors and failed job attempts merged newest first, for admins only.
import { schema } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 15, minute));

describe.skipIf(postgresUnavailable())('GET /api/errors', () => {
  let t: TestApp;
  let cookie: string;
  let ids: { strategyRun: string; syncRun: string; jobRun: string };

  beforeAll(async () => {
    t = await createTestApp();
    cookie = (await t.login()).cookie ?? '';
    const { db } = t.testDb.database;
    const [client] = await db.insert(schema.clients).values({ name: 'Household' }).returning();
    const [account] = await db
      .insert(schema.brokerAccounts)
      .values({ clientId: client!.id, broker: 'sim', accountCode: 'DU111', type: 'margin_pm' })
      .returning();
    const [definition] = await db
      .insert(schema.strategyDefinitions)
      .values({ slug: 'wheel-x', name: 'Wheel' })
      .returning();
    const [version] = await db
      .insert(schema.strategyVersions)
      .values({ definitionId: definition!.id, version: '1', codeRef: 'wheel@1' })
      .returning();
    const [instance] = await db
      .insert(schema.strategyInstances)
      .values({ versionId: version!.id, accountId: account!.id, name: 'Wheel on DU111' })
      .returning();
    const runs = await db
      .insert(schema.strategyRuns)
      .values([
        {
          instanceId: instance!.id,
          versionId: version!.id,
          mode: 'paper',
          status: 'failed',
          startedAt: at(10),
          finishedAt: at(11),
          errors: ['No balance yet for DU111', 'second problem'],
        },
        // Not errors: a clean run, and a backtest (its own page shows those).
        { instanceId: instance!.id, mode: 'paper', status: 'succeeded', finishedAt: at(40), errors: [] },
        { mode: 'backtest', status: 'failed', finishedAt: at(41), errors: ['backtest data missing'] },
      ])
      .returning();
    const syncs = await db
      .insert(schema.syncRuns)
      .values([
        {
          broker: 'sim',
          accountCode: 'DU111',
          trigger: 'api',
          status: 'failed',
          startedAt: at(20),
          finishedAt: at(21),
          error: 'DU111: gateway timeout',
        },
        { broker: 'sim', trigger: 'schedule', status: 'succeeded', startedAt: at(42), finishedAt: at(43) },
      ])
      .returning();
    const jobs = await db
      .insert(schema.jobRuns)
      .values([
        {
          jobId: 'q-1',
          name: 'daily-snapshot',
          trigger: 'schedule',
          attempt: 1,
          status: 'failed',
          willRetry: true,
          worker: 'h:1',
          startedAt: at(30),
          finishedAt: at(31),
          durationMs: 60_000,
          error: 'database unreachable',
        },
        {
          jobId: 'q-2',
          name: 'broker-sync',
          trigger: 'schedule',
          attempt: 1,
          status: 'succeeded',
          worker: 'h:1',
          startedAt: at(44),
        },
      ])
      .returning();
    ids = { strategyRun: runs[0]!.id, syncRun: syncs[0]!.id, jobRun: jobs[0]!.id };
  });
  afterAll(async () => t.close());

  it('merges the three sources newest first, each with its reference and context', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/errors', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json().errors).toEqual([
      {
        source: 'job_run',
        at: at(31).toISOString(),
        message: 'database unreachable',
        referenceId: ids.jobRun,
        context: { instanceName: null, accountCode: null, jobName: 'daily-snapshot' },
      },
      {
        source: 'sync_run',
        at: at(21).toISOString(),
        message: 'DU111: gateway timeout',
        referenceId: ids.syncRun,
        context: { instanceName: null, accountCode: 'DU111', jobName: null },
      },
      {
        source: 'strategy_run',
        at: at(11).toISOString(),
        message: 'No balance yet for DU111; second problem',
        referenceId: ids.strategyRun,
        context: { instanceName: 'Wheel on DU111', accountCode: 'DU111', jobName: null },
      },
    ]);
  });

  it('honours the limit and refuses a bad one', async () => {
    const one = await t.app.inject({ method: 'GET', url: '/api/errors?limit=1', headers: { cookie } });
    expect(one.json().errors.map((e: { source: string }) => e.source)).toEqual(['job_run']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/errors?limit=0', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
  });

  it('is for installation admins only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/errors' })).statusCode).toBe(401);
    const owner = await t.memberOf(await t.createClient('Other'), 'owner');
    const refused = await t.app.inject({ method: 'GET', url: '/api/errors', headers: { cookie: owner.cookie } });
    expect(refused.statusCode).toBe(403);
  });
});
