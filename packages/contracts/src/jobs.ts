// Scheduled and queued jobs (installation-level, admins only): the definitions with their next run, a job run now by
// hand, the history of attempts and the failed list (jobs that used up their retries).
import { z } from 'zod';

export const jobTriggerSchema = z
  .enum(['schedule', 'catch_up', 'manual', 'event'])
  .describe('schedule: its time came; catch_up: a run missed while nothing was running; manual: Run now; event');
export type JobTrigger = z.infer<typeof jobTriggerSchema>;

export const missedRunPolicySchema = z
  .enum(['run_once', 'skip'])
  .describe('After downtime: run_once runs the latest missed occurrence once; skip waits for the next one');
export type MissedRunPolicy = z.infer<typeof missedRunPolicySchema>;

export const jobRunStatusSchema = z.enum(['running', 'succeeded', 'failed']);
export type JobRunStatus = z.infer<typeof jobRunStatusSchema>;

export const jobRunSchema = z
  .object({
    id: z.uuid(),
    jobId: z.string().describe('The queue job: the attempts of one job share it'),
    name: z.string(),
    trigger: jobTriggerSchema,
    scheduledFor: z.iso.datetime().nullable(),
    attempt: z.number().int().min(1),
    status: jobRunStatusSchema,
    willRetry: z.boolean().describe('A failed attempt that the queue will try again (with backoff)'),
    worker: z.string().describe('The process that ran it (host:pid)'),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()).nullable().describe('What the job did (counts, ids)'),
  })
  .describe('JobRun');
export type JobRunView = z.infer<typeof jobRunSchema>;

export const jobDefinitionSchema = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    schedule: z.string().describe('When it runs, in words (exchange time, America/New_York)'),
    enabled: z.boolean().describe('False when the configuration turned its schedule off (it can still run by hand)'),
    missedRunPolicy: missedRunPolicySchema,
    retryLimit: z.number().int().min(0),
    nextRunAt: z.iso.datetime().nullable(),
    lastRun: jobRunSchema.nullable(),
  })
  .describe('JobDefinition');
export type JobDefinitionView = z.infer<typeof jobDefinitionSchema>;

export const jobsResponseSchema = z
  .object({
    jobs: z.array(jobDefinitionSchema),
    queue: z.object({
      backend: z.literal('pg-boss'),
      database: z.enum(['pglite', 'postgres']),
      queued: z.number().int().describe('Jobs waiting or retrying in the queue'),
      active: z.number().int().describe('Jobs being worked on now'),
    }),
  })
  .describe('JobsResponse');
export type JobsResponse = z.infer<typeof jobsResponseSchema>;

export const jobNameParamsSchema = z.strictObject({ name: z.string().min(1).max(64) });
export const jobRunIdParamsSchema = z.strictObject({ id: z.uuid() });

export const jobRunsQuerySchema = z.strictObject({
  name: z.string().min(1).max(64).optional(),
  status: z.enum(['running', 'succeeded', 'failed', 'dead']).optional().describe('dead: failed with no retry left'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type JobRunsQuery = z.infer<typeof jobRunsQuerySchema>;

export const jobRunsResponseSchema = z.object({ runs: z.array(jobRunSchema) }).describe('JobRunsResponse');
export type JobRunsResponse = z.infer<typeof jobRunsResponseSchema>;

export const jobEnqueuedResponseSchema = z
  .object({ jobId: z.string(), name: z.string() })
  .describe('JobEnqueued: the job is queued; its run appears in the history');
export type JobEnqueuedResponse = z.infer<typeof jobEnqueuedResponseSchema>;
