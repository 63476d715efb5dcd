// The scheduled jobs (admins): definitions with their next run, Run now, the attempts history and the failed list,
// from which a dead job is queued again.
import type { JobData, JobDefinition, JobRunRecord, JobRunsRepository, Scheduler } from '@optionstrader/application';
import { describeSchedule } from '@optionstrader/domain';
import {
  errorBodySchema,
  jobEnqueuedResponseSchema,
  jobNameParamsSchema,
  jobRunIdParamsSchema,
  jobRunsQuerySchema,
  jobRunsResponseSchema,
  jobsResponseSchema,
  type JobRunView,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../app-error';

export interface JobsRoutesDeps {
  definitions: readonly JobDefinition[];
  scheduler: Pick<Scheduler, 'nextRuns'>;
  runs: Pick<JobRunsRepository, 'list' | 'latestByName' | 'get'>;
  queue: { counts(): Promise<{ queued: number; active: number }> };
  enqueue(name: string, data: Partial<JobData>): Promise<string>;
  database: 'pglite' | 'postgres';
}

export const toJobRunView = (run: JobRunRecord): JobRunView => ({
  id: run.id,
  jobId: run.jobId,
  name: run.name,
  trigger: run.trigger,
  scheduledFor: run.scheduledFor?.toISOString() ?? null,
  attempt: run.attempt,
  status: run.status,
  willRetry: run.willRetry,
  worker: run.worker,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  durationMs: run.durationMs,
  error: run.error,
  summary: run.summary,
});

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

export function jobsRoutes(deps: JobsRoutesDeps): FastifyPluginAsyncZod {
  const known = new Map(deps.definitions.map((d) => [d.name, d]));
  const definitionOf = (name: string) => {
    const definition = known.get(name);
    if (!definition) throw new AppError(404, 'NOT_FOUND', `No job ${name}`);
    return definition;
  };

  return async (app) => {
    app.get(
      '/jobs',
      {
        config: { permission: 'admin' },
        schema: {
          tags: ['jobs'],
          summary: 'The jobs, their schedules (exchange time) and next runs, the last attempt of each, the queue',
          response: { 200: jobsResponseSchema, ...errors },
        },
      },
      async () => {
        const [next, latest, counts] = await Promise.all([
          deps.scheduler.nextRuns(),
          deps.runs.latestByName(),
          deps.queue.counts(),
        ]);
        const last = new Map(latest.map((run) => [run.name, run]));
        return {
          jobs: deps.definitions.map((d) => {
            const lastRun = last.get(d.name);
            return {
              name: d.name,
              title: d.title,
              description: d.description,
              schedule: d.schedule ? describeSchedule(d.schedule) : 'on demand (by hand or on an event)',
              enabled: d.schedule !== null,
              missedRunPolicy: d.missedRunPolicy,
              retryLimit: d.retry.retryLimit,
              nextRunAt: next.get(d.name)?.toISOString() ?? null,
              lastRun: lastRun ? toJobRunView(lastRun) : null,
            };
          }),
          queue: { backend: 'pg-boss' as const, database: deps.database, ...counts },
        };
      },
    );

    app.get(
      '/jobs/runs',
      {
        config: { permission: 'admin' },
        schema: {
          tags: ['jobs'],
          summary: 'Job attempts, newest first; status=dead is the failed list (no retry left)',
          querystring: jobRunsQuerySchema,
          response: { 200: jobRunsResponseSchema, ...errors },
        },
      },
      async (request) => {
        const { name, status, limit } = request.query;
        const runs = await deps.runs.list({ ...(name ? { name } : {}), ...(status ? { status } : {}), limit });
        return { runs: runs.map(toJobRunView) };
      },
    );

    app.post(
      '/jobs/:name/run',
      {
        config: { permission: 'admin' },
        schema: {
          tags: ['jobs'],
          summary: 'Run a job now (queued at once; it shows in the history when a worker takes it)',
          params: jobNameParamsSchema,
          response: { 202: jobEnqueuedResponseSchema, ...errors, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const definition = definitionOf(request.params.name);
        if (definition.name === 'notification.deliver') {
          throw new AppError(400, 'VALIDATION_FAILED', 'notification.deliver runs only for a stored notification');
        }
        const jobId = await deps.enqueue(definition.name, { trigger: 'manual', scheduledFor: null });
        return reply.status(202).send({ jobId, name: definition.name });
      },
    );

    app.post(
      '/jobs/runs/:id/retry',
      {
        config: { permission: 'admin' },
        schema: {
          tags: ['jobs'],
          summary: 'Queue a dead job again (a failed attempt with no retry left), with the same arguments',
          params: jobRunIdParamsSchema,
          response: { 202: jobEnqueuedResponseSchema, ...errors, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const run = await deps.runs.get(request.params.id);
        if (!run) throw new AppError(404, 'NOT_FOUND', `No job run ${request.params.id}`);
        if (run.status !== 'failed' || run.willRetry) {
          throw new AppError(409, 'CONFLICT', 'Only a failed attempt with no retry left can be queued again');
        }
        const definition = definitionOf(run.name);
        const args = originalArgs(run);
        const jobId = await deps.enqueue(definition.name, {
          trigger: 'manual',
          scheduledFor: run.scheduledFor?.toISOString() ?? null,
          ...(args ? { args } : {}),
        });
        return reply.status(202).send({ jobId, name: definition.name });
      },
    );
  };
}

/** A retried job keeps its arguments (a notification id): a failed attempt's summary holds them. */
function originalArgs(run: JobRunRecord): Record<string, unknown> | undefined {
  const args = run.summary?.['args'];
  return args && typeof args === 'object' ? (args as Record<string, unknown>) : undefined;
}
