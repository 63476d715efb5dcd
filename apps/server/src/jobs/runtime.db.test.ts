// The job machinery on the real queue (pg-boss on PGlite and on PostgreSQL): an accelerated market calendar runs the
// expected jobs in order, a failing job is retried with backoff and then lands in the failed list with its error,
// and Run now / retry go through the same queue.
import type { JobHandler, QueuedJob } from '@optionstrader/application';
import { nyTime, parseIsoDate } from '@optionstrader/domain';
import { describeDb } from '@optionstrader/testkit';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { manualClock } from '../testing/test-app';
import { JOB_NAMES, type JobName } from './catalog';
import { startJobs, type JobsRuntime } from './runtime';

const d = parseIsoDate;
const MINUTE = 60_000;

/** Handlers that record what ran (name and occurrence, as New York wall time) and can be told to fail. */
function recordingHandlers() {
  const ran: { name: string; at: string; trigger: string; attempt: number; realMs: number }[] = [];
  const failures = new Map<string, number>();
  const handler =
    (name: string): JobHandler =>
    async (job: QueuedJob) => {
      ran.push({
        name,
        at: job.data.scheduledFor ?? 'now',
        trigger: job.data.trigger,
        attempt: job.attempt,
        // The machine's time (the app clock stands still in these tests): to see the queue's backoff.
        realMs: Date.now(),
      });
      const left = failures.get(name) ?? 0;
      if (left > 0) {
        failures.set(name, left - 1);
        throw new Error(`${name} failed on purpose (attempt ${job.attempt})`);
      }
      return { ok: true };
    };
  const handlers = new Map<JobName, JobHandler>(JOB_NAMES.map((name) => [name, handler(name)]));
  return { handlers, ran, failures };
}

describeDb('job runtime on the real queue', (use) => {
  // Wednesday before Thanksgiving, 00:00 New York.
  const clock = manualClock(new Date(nyTime(d('2026-11-25'), 0, 0)));
  const recorded = recordingHandlers();
  let jobs: JobsRuntime;

  beforeAll(async () => {
    const { database, repositories } = use();
    jobs = await startJobs({
      // Hourly risk passes and one scan a day keep the day short enough to watch job by job.
      config: loadConfig({
        RISK_MONITOR_INTERVAL_SECONDS: '3600',
        STRATEGY_RUN_INTERVAL_SECONDS: '0',
        QUEUE_POLL_SECONDS: '0.5',
        WORKER_CONCURRENCY: '1',
      }),
      database,
      repositories,
      clock,
      log: pino({ level: 'silent' }),
      roles: ['worker', 'scheduler'],
      handlers: recorded.handlers,
      manualTicks: true,
      retryDelaySeconds: 1,
    });
  });
  afterAll(async () => jobs?.stop());

  /** Waits until every queued job has been worked (or is waiting for a retry that has not come yet). */
  async function drained(expectedRuns: number) {
    const { repositories } = use();
    await expect
      .poll(
        async () => (await repositories.jobRuns.list({ limit: 500 })).filter((r) => r.status !== 'running').length,
        {
          timeout: 20_000,
          interval: 100,
        },
      )
      .toBeGreaterThanOrEqual(expectedRuns);
  }

  it('three days of the calendar (a full day, Thanksgiving, an early-close expiry Friday) run the expected jobs in order', async () => {
    await jobs.scheduler.tick(); // first sight: next run times only
    let expected = 0;
    for (let t = clock.now().getTime(); t < nyTime(d('2026-11-28'), 0, 0); t += MINUTE) {
      clock.advance(MINUTE);
      const { queued } = await jobs.scheduler.tick();
      if (queued.length > 0) {
        expected += queued.length;
        await drained(expected);
      }
    }
    const wall = (iso: string) => {
      const at = Date.parse(iso);
      for (const date of ['2026-11-25', '2026-11-26', '2026-11-27'] as const) {
        const midnight = nyTime(d(date), 0, 0);
        if (at >= midnight && at < midnight + 24 * 60 * MINUTE) {
          const minutes = (at - midnight) / MINUTE;
          return `${date.slice(8)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        }
      }
      return iso;
    };
    const day = recorded.ran.map((r) => `${wall(r.at)} ${r.name}`);
    // Same-minute jobs run on separate queues: compare within a minute as a set, across minutes in order.
    const byMinute = (lines: string[]) => lines.map((l) => l.slice(0, 8)).filter((m, i, all) => all.indexOf(m) === i);
    const expectedDay = [
      // Wednesday: a full session, 09:30–16:00.
      '25 08:45 sync.preopen',
      '25 09:30 risk.monitor',
      '25 09:45 strategies.scan',
      '25 10:30 risk.monitor',
      '25 11:30 risk.monitor',
      '25 12:30 risk.monitor',
      '25 13:30 risk.monitor',
      '25 14:30 risk.monitor',
      '25 15:30 risk.monitor',
      '25 16:15 snapshot.eod',
      '25 17:00 notifications.daily_summary',
      // Thursday: Thanksgiving, nothing. Friday: closes at 13:00 and is the week's expiry day.
      '27 08:45 sync.preopen',
      '27 09:30 risk.monitor',
      '27 09:45 strategies.scan',
      '27 10:30 risk.monitor',
      '27 11:30 risk.monitor',
      '27 12:30 expiry.manage',
      '27 12:30 risk.monitor',
      '27 13:15 snapshot.eod',
      '27 13:30 expiry.process',
      '27 14:00 notifications.daily_summary',
    ];
    expect([...day].sort()).toEqual([...expectedDay].sort());
    expect(byMinute(day)).toEqual(byMinute(expectedDay));
    expect(recorded.ran.every((r) => r.trigger === 'schedule' && r.attempt === 1)).toBe(true);

    const { repositories } = use();
    const history = await repositories.jobRuns.list({ limit: 500 });
    expect(history).toHaveLength(expectedDay.length);
    expect(history.every((r) => r.status === 'succeeded' && r.summary?.['ok'] === true)).toBe(true);
    // Each occurrence once: no job id twice.
    expect(new Set(history.map((r) => r.jobId)).size).toBe(history.length);
    const next = await jobs.scheduler.nextRuns();
    expect(next.get('sync.preopen')?.getTime()).toBe(nyTime(d('2026-11-30'), 8, 45));
  });

  it('a job that throws is retried with backoff and succeeds; one that keeps failing lands in the failed list', async () => {
    const { repositories } = use();
    recorded.failures.set('notification.deliver', 2);
    const flaky = await jobs.enqueue('notification.deliver', { trigger: 'event', args: { notificationId: 'n-1' } });
    recorded.failures.set('sync.preopen', 99);
    const doomed = await jobs.enqueue('sync.preopen');

    await expect
      .poll(
        async () => (await repositories.jobRuns.list({ name: 'notification.deliver', limit: 10 })).map((r) => r.status),
        {
          timeout: 30_000,
          interval: 200,
        },
      )
      .toEqual(['succeeded', 'failed', 'failed']);
    const flakyRuns = await repositories.jobRuns.list({ name: 'notification.deliver', limit: 10 });
    expect(flakyRuns.map((r) => [r.jobId, r.attempt, r.willRetry])).toEqual([
      [flaky, 3, false],
      [flaky, 2, true],
      [flaky, 1, true],
    ]);
    // Backoff (pg-boss: delay × 2^n × (1 + random)): at least 1 s before the first retry, 2 s before the second.
    const [t1, t2, t3] = recorded.ran.filter((r) => r.name === 'notification.deliver').map((r) => r.realMs);
    expect(t2! - t1!).toBeGreaterThanOrEqual(1_000);
    expect(t3! - t2!).toBeGreaterThanOrEqual(2_000);
    const first = flakyRuns[2];
    expect(first!.error).toMatch(/failed on purpose \(attempt 1\)/);

    // sync.preopen allows 3 retries: 4 attempts, then dead.
    await expect
      .poll(async () => (await repositories.jobRuns.list({ status: 'dead', limit: 10 })).map((r) => r.jobId), {
        timeout: 60_000,
        interval: 250,
      })
      .toEqual([doomed]);
    const attempts = await repositories.jobRuns.list({ name: 'sync.preopen', limit: 50 });
    expect(attempts.filter((r) => r.jobId === doomed).map((r) => r.attempt)).toEqual([4, 3, 2, 1]);
    const [dead] = await repositories.jobRuns.list({ status: 'dead', limit: 1 });
    expect(dead).toMatchObject({ name: 'sync.preopen', trigger: 'manual', willRetry: false });
    expect(dead!.error).toMatch(/failed on purpose \(attempt 4\)/);
  }, 90_000);

  it('the queue counts what waits and what runs', async () => {
    expect(await jobs.queue.counts()).toEqual({ queued: 0, active: 0 });
  });
});
