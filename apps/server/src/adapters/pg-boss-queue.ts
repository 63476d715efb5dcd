// The durable job queue: pg-boss on the app's own database. On PostgreSQL several worker processes share it
// (SKIP LOCKED hands each job to one of them); on the embedded database it runs inside the one process, through the
// same SQL. Retries back off exponentially; a job that used up its retries stays in pg-boss as failed and in
// job_runs as the failed list.
import { createHash } from 'node:crypto';
import type { JobData, JobQueue } from '@optionstrader/application';
import type { SqlExecutor } from '@optionstrader/db';
import PgBoss from 'pg-boss';

export interface PgBossQueueOptions {
  executor: SqlExecutor;
  /** How often an idle worker looks for new jobs. */
  pollingIntervalSeconds?: number;
  onError?: (error: Error) => void;
}

const SCHEMA = 'pgboss';

/** A stable UUID for an idempotency key: pg-boss ignores a second insert with the same id. */
export function keyToJobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  // Version 5-style layout (name-based), so it is a valid UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export async function startPgBossQueue(options: PgBossQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    db: options.executor,
    schema: SCHEMA,
    // Our scheduler is market-calendar aware; pg-boss's cron is not used.
    schedule: false,
    supervise: true,
    // Expired jobs (see expireInSeconds) are found by this maintenance pass.
    maintenanceIntervalSeconds: 30,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  const polling = options.pollingIntervalSeconds ?? 1;
  /** This process's pg-boss worker ids by queue, to wake them when this process queues a job. */
  const localWorkers = new Map<string, string[]>();

  return {
    async declare(name, policy) {
      const settings = {
        name,
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: policy.expireInSeconds,
      };
      if (await boss.getQueue(name)) await boss.updateQueue(name, settings);
      else await boss.createQueue(name, settings);
    },

    async send(name, data, sendOptions) {
      const id = await boss.send(name, data as object, sendOptions?.key ? { id: keyToJobId(sendOptions.key) } : {});
      // A worker of this process takes it at once instead of at its next poll.
      if (id) for (const workerId of localWorkers.get(name) ?? []) boss.notifyWorker(workerId);
      return id;
    },

    async work(name, handler, workOptions) {
      // pg-boss fetches a batch, then waits for the poll interval: the batch is how many jobs run at once. Each job
      // succeeds or fails on its own (a failed one is failed here; pg-boss completes the rest when the batch ends).
      const workerId = await boss.work<JobData>(
        name,
        {
          includeMetadata: true,
          batchSize: Math.max(1, workOptions?.concurrency ?? 1),
          pollingIntervalSeconds: polling,
        },
        async (jobs) => {
          await Promise.all(
            jobs.map(async (job) => {
              try {
                await handler({
                  id: job.id,
                  name: job.name,
                  data: job.data,
                  attempt: job.retryCount + 1,
                  retryLimit: job.retryLimit,
                });
              } catch (error) {
                await boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
              }
            }),
          );
        },
      );
      localWorkers.set(name, [...(localWorkers.get(name) ?? []), workerId]);
    },

    async counts() {
      const { rows } = await options.executor.executeSql(
        `select count(*) filter (where state in ('created', 'retry'))::int as queued,
                count(*) filter (where state = 'active')::int as active
           from ${SCHEMA}.job`,
      );
      const row = rows[0] as { queued: number; active: number } | undefined;
      return { queued: row?.queued ?? 0, active: row?.active ?? 0 };
    },

    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
