// The installation's recent errors (admins): strategy runs that recorded errors, sync runs that ended with one, and
// failed job attempts, newest first.
import { z } from 'zod';

export const errorSourceSchema = z
  .enum(['strategy_run', 'sync_run', 'job_run'])
  .describe('Where the error was recorded: strategy_runs.errors, sync_runs.error, job_runs.error');
export type ErrorSource = z.infer<typeof errorSourceSchema>;

export const errorItemSchema = z
  .object({
    source: errorSourceSchema,
    at: z.iso.datetime(),
    message: z.string(),
    referenceId: z.string().describe('The id of the strategy run, sync run or job run'),
    context: z.object({
      instanceName: z.string().nullable().describe('The strategy instance (strategy runs)'),
      accountCode: z.string().nullable().describe('The broker account (strategy runs, account syncs)'),
      jobName: z.string().nullable().describe('The job (job runs)'),
    }),
  })
  .describe('ErrorItem');
export type ErrorItemView = z.infer<typeof errorItemSchema>;

export const errorsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ErrorsQueryParams = z.infer<typeof errorsQuerySchema>;

export const errorsResponseSchema = z.object({ errors: z.array(errorItemSchema) }).describe('ErrorsResponse');
export type ErrorsResponse = z.infer<typeof errorsResponseSchema>;
