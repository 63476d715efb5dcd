// POST /api/sync runs a broker sync now; GET /api/sync-runs lists the recent ones.
import { rowsWritten, type SyncRunRecord, type SyncService } from '@optionstrader/application';
import {
  errorBodySchema,
  syncRequestSchema,
  syncResponseSchema,
  syncRunsQuerySchema,
  syncRunsResponseSchema,
  type SyncRun,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../app-error';

export const toSyncRun = (run: SyncRunRecord): SyncRun => ({
  id: run.id,
  broker: run.broker,
  accountCode: run.accountCode,
  trigger: run.trigger,
  status: run.status,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  rowsWritten: rowsWritten(run.counts),
  counts: run.counts,
  error: run.error,
});

export interface SyncRoutesOptions {
  sync: Pick<SyncService, 'run' | 'recentRuns'>;
}

export function syncRoutes({ sync }: SyncRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/sync',
      {
        schema: {
          tags: ['sync'],
          summary: 'Sync accounts, positions, orders, executions and quotes from the broker now',
          description:
            'Waits for a sync already running, then runs. A broker failure is not an HTTP error: the run says `failed` and why.',
          // No body at all (null) means every account.
          body: syncRequestSchema.nullish(),
          response: { 200: syncResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const result = await sync.run({ trigger: 'api', accountCode: request.body?.accountCode });
        if (!result.ok) throw new AppError(404, 'NOT_FOUND', result.message);
        return { run: toSyncRun(result.run) };
      },
    );

    app.get(
      '/sync-runs',
      {
        schema: {
          tags: ['sync'],
          summary: 'Recent sync runs, newest first',
          querystring: syncRunsQuerySchema,
          response: { 200: syncRunsResponseSchema, 400: errorBodySchema, 401: errorBodySchema },
        },
      },
      async (request) => ({ runs: (await sync.recentRuns(request.query.limit)).map(toSyncRun) }),
    );
  };
}
