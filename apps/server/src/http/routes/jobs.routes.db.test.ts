// The jobs API: admins only; definitions with schedules in words and next runs; Run now queues; the failed list; a
// dead job is queued again with its arguments, anything else is refused.
import type { JobData } from '@optionstrader/application';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailable } from '@optionstrader/testkit';
import { loadConfig } from '../../config';
import { jobCatalog } from '../../jobs/catalog';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe.skipIf(postgresUnavailable())('jobs routes', () => {
  let t: TestApp;
  let admin = '';
  const queued: { name: string; data: Partial<JobData> }[] = [];
  const next = new Date('2026-11-23T13:45:00.000Z');

  beforeAll(async () => {
    t = await createTestApp({
      app: (services) => ({
        jobs: {
          definitions: jobCatalog(loadConfig({})),
          scheduler: { nextRuns: async () => new Map([['sync.preopen', next]]) },
          runs: services.repositories.jobRuns,
          queue: { counts: async () => ({ queued: queued.length, active: 0 }) },
          enqueue: async (name, data) => {
            queued.push({ name, data });
            return `job-${queued.length}`;
          },
          database: 'pglite',
        },
      }),
    });
    admin = (await t.login()).cookie ?? '';
  });
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST', url: string, cookie = admin) =>
    t.app.inject({ method, url, headers: { cookie, ...(method === 'POST' ? { origin: 'http://localhost' } : {}) } });

  it('lists every job with its schedule in words, its next run and its last attempt', async () => {
    const runs = t.services.repositories.jobRuns;
    const id = await runs.start({
      jobId: 'j-1',
      name: 'sync.preopen',
      trigger: 'schedule',
      scheduledFor: next,
      attempt: 1,
      worker: 'host:1',
      startedAt: new Date('2026-11-20T13:45:01Z'),
    });
    await runs.finish(id, {
      status: 'succeeded',
      willRetry: false,
      finishedAt: new Date('2026-11-20T13:45:03Z'),
      durationMs: 2000,
      error: null,
      summary: { syncRunId: 's-1' },
    });
    const response = await inject('GET', '/api/jobs');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.queue).toEqual({ backend: 'pg-boss', database: 'pglite', queued: 0, active: 0 });
    const preopen = body.jobs.find((j: { name: string }) => j.name === 'sync.preopen');
    expect(preopen).toMatchObject({
      title: 'Pre-open sync',
      schedule: '45 min before the open, trading days (ET)',
      enabled: true,
      missedRunPolicy: 'run_once',
      retryLimit: 3,
      nextRunAt: next.toISOString(),
      lastRun: { jobId: 'j-1', status: 'succeeded', durationMs: 2000, summary: { syncRunId: 's-1' } },
    });
    const deliver = body.jobs.find((j: { name: string }) => j.name === 'notification.deliver');
    expect(deliver).toMatchObject({ enabled: false, nextRunAt: null, schedule: 'on demand (by hand or on an event)' });
  });

  it('Run now queues the job by hand; an unknown job is 404 and queues nothing', async () => {
    const response = await inject('POST', '/api/jobs/risk.monitor/run');
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ jobId: 'job-1', name: 'risk.monitor' });
    expect(queued.at(-1)).toEqual({ name: 'risk.monitor', data: { trigger: 'manual', scheduledFor: null } });
    const unknown = await inject('POST', '/api/jobs/no.such.job/run');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
    const deliver = await inject('POST', '/api/jobs/notification.deliver/run');
    expect(deliver.statusCode).toBe(400);
    expect(queued).toHaveLength(1);
  });

  it('the failed list holds dead attempts; retry queues one again with its arguments, and refuses the rest', async () => {
    const runs = t.services.repositories.jobRuns;
    const attempt = async (attemptNo: number, willRetry: boolean) => {
      const id = await runs.start({
        jobId: 'j-dead',
        name: 'notification.deliver',
        trigger: 'event',
        scheduledFor: null,
        attempt: attemptNo,
        worker: 'host:2',
        startedAt: new Date(Date.UTC(2026, 10, 20, 15, attemptNo)),
      });
      await runs.finish(id, {
        status: 'failed',
        willRetry,
        finishedAt: new Date(Date.UTC(2026, 10, 20, 15, attemptNo, 1)),
        durationMs: 1000,
        error: 'Error: connect ECONNREFUSED 127.0.0.1:25',
        summary: { args: { notificationId: 'n-9' } },
      });
      return id;
    };
    const retrying = await attempt(1, true);
    const dead = await attempt(2, false);

    const list = await inject('GET', '/api/jobs/runs?status=dead');
    expect(list.statusCode).toBe(200);
    expect(list.json().runs.map((r: { id: string }) => r.id)).toEqual([dead]);
    const byName = await inject('GET', '/api/jobs/runs?name=notification.deliver&limit=5');
    expect(byName.json().runs.map((r: { attempt: number }) => r.attempt)).toEqual([2, 1]);

    expect((await inject('POST', `/api/jobs/runs/${retrying}/retry`)).statusCode).toBe(409);
    const again = await inject('POST', `/api/jobs/runs/${dead}/retry`);
    expect(again.statusCode).toBe(202);
    expect(queued.at(-1)).toEqual({
      name: 'notification.deliver',
      data: { trigger: 'manual', scheduledFor: null, args: { notificationId: 'n-9' } },
    });
    expect((await inject('POST', '/api/jobs/runs/00000000-0000-4000-8000-000000000000/retry')).statusCode).toBe(404);
    expect((await inject('GET', '/api/jobs/runs?status=sleeping')).statusCode).toBe(400);
  });

  it('admins only: a client owner gets 403 and queues nothing; no session gets 401', async () => {
    const clientId = await t.createClient('Jobs Co');
    const owner = await t.memberOf(clientId, 'owner');
    const before = queued.length;
    expect((await inject('GET', '/api/jobs', owner.cookie)).statusCode).toBe(403);
    expect((await inject('POST', '/api/jobs/risk.monitor/run', owner.cookie)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/jobs' })).statusCode).toBe(401);
    expect(queued.length).toBe(before);
  });
});
