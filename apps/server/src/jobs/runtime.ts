// Starts the job machinery of one process by its roles: the queue (always: the API queues manual runs), the workers
// (`worker`: take jobs from the queue) and the scheduler (`scheduler`: queues due occurrences; on PostgreSQL only
// the process holding the lease does).
import { hostname } from 'node:os';
import {
  createJobWorker,
  createScheduler,
  type Clock,
  type JobData,
  type JobHandler,
  type JobQueue,
  type JobRunOutcome,
  type SendOptions,
  type Scheduler,
} from '@optionstrader/application';
import { createSchedulerLease, sqlExecutor, type Database, type Repositories } from '@optionstrader/db';
import type { Logger } from 'pino';
import { startPgBossQueue } from '../adapters/pg-boss-queue';
import type { Config } from '../config';
import type { JobsRoutesDeps } from '../http/routes/jobs.routes';
import { jobCatalog, type JobName } from './catalog';

export const ROLES = ['http', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

/** How often the scheduler looks for due occurrences. */
const TICK_MS = 5_000;

export interface JobsRuntimeDeps {
  config: Config;
  database: Database;
  repositories: Pick<Repositories, 'jobSchedules' | 'jobRuns'>;
  clock: Clock;
  log: Logger;
  roles: readonly Role[];
  /** Needed with the worker role. */
  handlers?: ReadonlyMap<JobName, JobHandler>;
  onJobFinished?: (name: string, outcome: JobRunOutcome, durationMs: number) => void;
  /** Test seam: tests drive the scheduler themselves (an accelerated clock); the timer is not started. */
  manualTicks?: boolean;
  /** Test seam: every job's first retry after this many seconds instead of its own delay. */
  retryDelaySeconds?: number;
}

export interface JobsRuntime {
  queue: JobQueue;
  definitions: ReturnType<typeof jobCatalog>;
  scheduler: Scheduler;
  /**
   * Queues a job now (Run now, an event); returns its id, or null when `key` was queued before (one job per key,
   * e.g. one delivery per notification).
   */
  enqueue(name: JobName, data?: Partial<JobData>, options?: SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

/** What the jobs API needs of a runtime (GET /api/jobs, Run now, history, retry). */
export function jobsRoutesDeps(
  runtime: JobsRuntime,
  runs: Repositories['jobRuns'],
  database: Database['kind'],
): JobsRoutesDeps {
  return {
    definitions: runtime.definitions,
    scheduler: runtime.scheduler,
    runs,
    queue: runtime.queue,
    enqueue: async (name, data) => {
      const id = await runtime.enqueue(name as JobName, data);
      if (!id) throw new Error(`The queue refused job ${name}`);
      return id;
    },
    database,
  };
}

export async function startJobs(deps: JobsRuntimeDeps): Promise<JobsRuntime> {
  const { config, database, repositories, clock, log, roles } = deps;
  const definitions = jobCatalog(config);
  const queue = await startPgBossQueue({
    executor: sqlExecutor(database),
    pollingIntervalSeconds: config.QUEUE_POLL_SECONDS,
    onError: (error) => log.warn({ err: error }, 'job queue'),
  });
  const lease = createSchedulerLease(database);
  const scheduler = createScheduler({ definitions, schedules: repositories.jobSchedules, queue, lease, clock });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  try {
    for (const definition of definitions) {
      const retry =
        deps.retryDelaySeconds === undefined
          ? definition.retry
          : { ...definition.retry, retryDelaySeconds: deps.retryDelaySeconds };
      await queue.declare(definition.name, retry);
    }

    if (roles.includes('worker')) {
      if (!deps.handlers) throw new Error('The worker role needs job handlers');
      const worker = createJobWorker({
        handlers: deps.handlers,
        runs: repositories.jobRuns,
        clock,
        worker: `${hostname()}:${process.pid}`,
        ...(deps.onJobFinished ? { onFinished: deps.onJobFinished } : {}),
      });
      for (const name of worker.names) {
        await queue.work(
          name,
          async (job) => {
            const jobLog = log.child({ job: job.name, jobId: job.id, attempt: job.attempt });
            jobLog.debug({ trigger: job.data.trigger, scheduledFor: job.data.scheduledFor }, 'job started');
            try {
              await worker.handle(job);
              jobLog.info({ trigger: job.data.trigger }, 'job succeeded');
            } catch (error) {
              jobLog.warn({ err: error, retryLimit: job.retryLimit }, 'job failed');
              throw error;
            }
          },
          { concurrency: config.WORKER_CONCURRENCY },
        );
      }
    }

    if (roles.includes('scheduler') && !deps.manualTicks) {
      const tick = async () => {
        try {
          const result = await scheduler.tick();
          for (const q of result.queued) log.info(q, 'job scheduled');
          for (const s of result.skipped) log.info(s, 'missed job skipped (policy: skip)');
        } catch (error) {
          log.warn({ err: error }, 'scheduler tick failed');
        }
        if (!stopped) timer = setTimeout(() => void tick(), TICK_MS);
      };
      await tick();
    }
  } catch (error) {
    await queue.stop().catch(() => undefined);
    throw error;
  }

  return {
    queue,
    definitions,
    scheduler,
    async enqueue(name, data = {}, options = {}) {
      const id = await queue.send(
        name,
        {
          trigger: data.trigger ?? 'manual',
          scheduledFor: data.scheduledFor ?? null,
          ...(data.args ? { args: data.args } : {}),
        },
        options,
      );
      if (!id && !options.key) throw new Error(`The queue refused job ${name}`);
      return id;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await queue.stop();
      await lease.release().catch(() => undefined);
    },
  };
}
