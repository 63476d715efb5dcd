// Runs one attempt of a queued job and writes it to the history (job_runs): started, then succeeded with what it
// did, or failed with its error and whether the queue will retry. The error is re-thrown so the queue retries.
import type { Clock } from '../ports/clock';
import type { JobRunOutcome, JobRunsRepository, QueuedJob } from '../ports/jobs';

/** What a job did, for the history ("3 accounts synced"); nothing is fine too. */
export type JobSummary = Record<string, unknown> | void;
export type JobHandler = (job: QueuedJob) => Promise<JobSummary>;

export interface JobWorkerDeps {
  handlers: ReadonlyMap<string, JobHandler>;
  runs: JobRunsRepository;
  clock: Clock;
  /** This process, as the history shows it (host:pid). */
  worker: string;
  /** Metrics: each finished attempt. */
  onFinished?: (name: string, outcome: JobRunOutcome, durationMs: number) => void;
}

const MAX_ERROR_LENGTH = 2000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export function createJobWorker({ handlers, runs, clock, worker, onFinished }: JobWorkerDeps) {
  return {
    names: [...handlers.keys()],
    async handle(job: QueuedJob): Promise<void> {
      const handler = handlers.get(job.name);
      if (!handler) throw new Error(`No handler for job ${job.name}`);
      const startedAt = clock.now();
      const runId = await runs.start({
        jobId: job.id,
        name: job.name,
        trigger: job.data.trigger,
        scheduledFor: job.data.scheduledFor ? new Date(job.data.scheduledFor) : null,
        attempt: job.attempt,
        worker,
        startedAt,
      });
      try {
        const summary = await handler(job);
        const finishedAt = clock.now();
        const durationMs = finishedAt.getTime() - startedAt.getTime();
        await runs.finish(runId, {
          status: 'succeeded',
          willRetry: false,
          finishedAt,
          durationMs,
          error: null,
          summary: summary ?? null,
        });
        onFinished?.(job.name, 'succeeded', durationMs);
      } catch (error) {
        const finishedAt = clock.now();
        const durationMs = finishedAt.getTime() - startedAt.getTime();
        const willRetry = job.attempt <= job.retryLimit;
        await runs.finish(runId, {
          status: 'failed',
          willRetry,
          finishedAt,
          durationMs,
          error: errorText(error),
          // Kept so the failed list can queue the job again with the same arguments.
          summary: job.data.args ? { args: job.data.args } : null,
        });
        onFinished?.(job.name, willRetry ? 'retried' : 'failed', durationMs);
        throw error;
      }
    },
  };
}

export type JobWorker = ReturnType<typeof createJobWorker>;
