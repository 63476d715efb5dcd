// The scheduler's rows (one per scheduled job) and the history of job attempts.
import type {
  JobRunRecord,
  JobRunsRepository,
  JobSchedulesRepository,
  JobScheduleRow,
} from '@optionstrader/application';
import type { JobTrigger } from '@optionstrader/contracts';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { withReconnect } from '../sql-executor';
import { jobRuns, jobSchedules } from '../schema/index';

type JobRunRow = typeof jobRuns.$inferSelect;

function toJobRunRecord(row: JobRunRow): JobRunRecord {
  return {
    id: row.id,
    jobId: row.jobId,
    name: row.name,
    // Written only by this repository, from JobTrigger values.
    trigger: row.trigger as JobTrigger,
    scheduledFor: row.scheduledFor,
    attempt: row.attempt,
    status: row.status,
    willRetry: row.willRetry,
    worker: row.worker,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.durationMs,
    error: row.error,
    summary: (row.summary as Record<string, unknown> | null) ?? null,
  };
}

export function createJobSchedulesRepository(db: Db): JobSchedulesRepository {
  return {
    async all(): Promise<JobScheduleRow[]> {
      return db
        .select({
          name: jobSchedules.name,
          nextRunAt: jobSchedules.nextRunAt,
          lastScheduledFor: jobSchedules.lastScheduledFor,
        })
        .from(jobSchedules);
    },

    async initialize(name, nextRunAt) {
      await db
        .insert(jobSchedules)
        .values({ name, nextRunAt })
        .onConflictDoUpdate({
          target: jobSchedules.name,
          set: { nextRunAt, updatedAt: sql`now()` },
          where: isNull(jobSchedules.nextRunAt),
        });
    },

    async advance(name, due, next, scheduled) {
      const rows = await db
        .update(jobSchedules)
        .set({
          nextRunAt: next,
          ...(scheduled ? { lastScheduledFor: scheduled } : {}),
          updatedAt: sql`now()`,
        })
        .where(and(eq(jobSchedules.name, name), eq(jobSchedules.nextRunAt, due)))
        .returning({ name: jobSchedules.name });
      return rows.length === 1;
    },
  };
}

export function createJobRunsRepository(db: Db): JobRunsRepository {
  return {
    // A worker's writes ride out a database restart: a job that did its work must not fail (and run again) for
    // want of its history row.
    async start(run) {
      const [row] = await withReconnect(() =>
        db
          .insert(jobRuns)
          .values({ ...run, status: 'running' })
          .returning({ id: jobRuns.id }),
      );
      if (!row) throw new Error('job_runs insert returned no row');
      return row.id;
    },

    async finish(id, outcome) {
      await withReconnect(() => db.update(jobRuns).set(outcome).where(eq(jobRuns.id, id)));
    },

    async get(id) {
      const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, id));
      return row ? toJobRunRecord(row) : null;
    },

    async list({ name, status, limit }) {
      const statusFilter =
        status === 'dead'
          ? and(eq(jobRuns.status, 'failed'), eq(jobRuns.willRetry, false))
          : status
            ? eq(jobRuns.status, status)
            : undefined;
      const rows = await db
        .select()
        .from(jobRuns)
        .where(and(name ? eq(jobRuns.name, name) : undefined, statusFilter))
        .orderBy(desc(jobRuns.startedAt), desc(jobRuns.attempt))
        .limit(limit);
      return rows.map(toJobRunRecord);
    },

    async latestByName() {
      const rows = await db
        .selectDistinctOn([jobRuns.name])
        .from(jobRuns)
        .orderBy(jobRuns.name, desc(jobRuns.startedAt), desc(jobRuns.attempt));
      return rows.map(toJobRunRecord);
    },
  };
}
