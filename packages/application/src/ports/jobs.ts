// The durable queue and the scheduler's state (pg-boss and the job tables behind them).
import type { JobRunStatus, JobTrigger } from '@optionstrader/contracts';

/** What every queued job carries: why it runs and, for a scheduled one, the occurrence it stands for. */
export interface JobData {
  trigger: JobTrigger;
  /** ISO instant of the scheduled occurrence; null for manual and event jobs. */
  scheduledFor: string | null;
  /** Job-specific arguments (e.g. a notification id). */
  args?: Record<string, unknown>;
}

export interface QueuedJob {
  id: string;
  name: string;
  data: JobData;
  /** 1 on the first attempt. */
  attempt: number;
  /** Retries allowed after the first attempt. */
  retryLimit: number;
}

export interface SendOptions {
  /**
   * Idempotency: a second send with the same key (e.g. `risk.monitor@2026-11-20T14:35:00Z`) queues nothing, so two
   * schedulers, or a scheduler restarted between queueing and recording, never queue an occurrence twice.
   */
  key?: string;
}

export interface QueueRetryPolicy {
  retryLimit: number;
  /** Seconds before the first retry; doubled on each further one (exponential backoff). */
  retryDelaySeconds: number;
  /**
   * A job still active after this long is taken as lost (its worker died, or the connection went while the job was
   * being handed over) and tried again. Longer than the job can take, or it would run twice.
   */
  expireInSeconds: number;
}

export interface JobQueue {
  /** Creates (or updates) the queue of a job name with its retry policy. */
  declare(name: string, policy: QueueRetryPolicy): Promise<void>;
  /** Queues a job; returns its id, or null when `key` was queued before. */
  send(name: string, data: JobData, options?: SendOptions): Promise<string | null>;
  /** Works jobs of `name` in this process; a handler that throws is retried per the queue's policy. */
  work(name: string, handler: (job: QueuedJob) => Promise<void>, options?: { concurrency?: number }): Promise<void>;
  /** Jobs waiting (or waiting to be retried) and being worked now, across all queues. */
  counts(): Promise<{ queued: number; active: number }>;
  stop(): Promise<void>;
}

/** Only one scheduler queues occurrences at a time (the others stand by and take over if it goes away). */
export interface SchedulerLease {
  /** True while this process holds the lease (tries to take it when free). */
  hold(): Promise<boolean>;
  release(): Promise<void>;
}

export interface JobScheduleRow {
  name: string;
  nextRunAt: Date | null;
  lastScheduledFor: Date | null;
}

export interface JobSchedulesRepository {
  all(): Promise<JobScheduleRow[]>;
  /** Sets the next run of a job seen for the first time (or re-enabled); leaves an existing one alone. */
  initialize(name: string, nextRunAt: Date): Promise<void>;
  /**
   * Compare-and-set: moves the job from the occurrence `due` to `next` (recording `scheduled`, the occurrence
   * queued, if any). False when another scheduler moved it first.
   */
  advance(name: string, due: Date, next: Date | null, scheduled: Date | null): Promise<boolean>;
}

/** How an attempt ended, for metrics: `retried` failed and will run again, `failed` used up its retries. */
export type JobRunOutcome = 'succeeded' | 'failed' | 'retried';

export interface JobRunRecord {
  id: string;
  jobId: string;
  name: string;
  trigger: JobTrigger;
  scheduledFor: Date | null;
  attempt: number;
  status: JobRunStatus;
  willRetry: boolean;
  worker: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  summary: Record<string, unknown> | null;
}

export interface JobRunsRepository {
  start(
    run: Pick<JobRunRecord, 'jobId' | 'name' | 'trigger' | 'scheduledFor' | 'attempt' | 'worker' | 'startedAt'>,
  ): Promise<string>;
  finish(
    id: string,
    outcome: Pick<JobRunRecord, 'status' | 'willRetry' | 'finishedAt' | 'durationMs' | 'error' | 'summary'>,
  ): Promise<void>;
  get(id: string): Promise<JobRunRecord | null>;
  /** Newest first. `dead`: failed with no retry left (the failed list). */
  list(query: { name?: string; status?: JobRunStatus | 'dead'; limit: number }): Promise<JobRunRecord[]>;
  /** The latest attempt of each job name. */
  latestByName(): Promise<JobRunRecord[]>;
}
