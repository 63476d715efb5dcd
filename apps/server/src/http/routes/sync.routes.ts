// POST /api/sync runs a broker sync now; GET /api/sync-runs lists the recent ones as the caller's client sees them.
import { rowsWritten, type ReadQueries, type SyncRunRecord, type SyncService } from '@optionstrader/application';
import {
  errorBodySchema,
  syncRequestSchema,
  syncResponseSchema,
  syncRunsQuerySchema,
  syncRunsResponseSchema,
  type SyncRun,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf } from '../access';
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
  sync: Pick<SyncService, 'run'>;
  /** The caller's accounts (an account-filtered sync must name one) and the runs as a client sees them. */
  queries: Pick<ReadQueries, 'accounts' | 'syncRuns'>;
}

export function syncRoutes({ sync, queries }: SyncRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/sync',
      {
        // One sync covers the whole broker (every client's accounts): a trader of any client may start it.
        config: { permission: 'trade' },
        schema: {
          tags: ['sync'],
          summary: 'Sync accounts, positions, orders, executions and quotes from the broker now',
          description:
            'Waits for a sync already running, then runs. A broker failure is not an HTTP error: the run says `failed` and why. ' +
            "`accountCode` must be one of the active client's accounts; failures of other clients' accounts are not detailed.",
          // No body at all (null) means every account.
          body: syncRequestSchema.nullish(),
          response: { 200: syncResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const clientId = clientOf(request);
        const accountCode = request.body?.accountCode;
        if (accountCode !== undefined) {
          const mine = await queries.accounts.listClientAccounts(clientId);
          if (!mine.some((account) => account.accountCode === accountCode))
            throw new AppError(404, 'NOT_FOUND', `No broker account ${accountCode}`);
        }
        const result = await sync.run({ trigger: 'api', accountCode });
        if (!result.ok) throw new AppError(404, 'NOT_FOUND', result.message);
        // As the list shows it: a full run's errors about other clients' accounts are left out.
        const run = await queries.syncRuns.get(clientId, result.run.id);
        if (!run) throw new Error(`Sync run ${result.run.id} is not visible to the client that started it`);
        return { run: toSyncRun(run) };
      },
    );

    app.get(
      '/sync-runs',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['sync'],
          summary: "Recent sync runs, newest first: full syncs and syncs of the active client's accounts",
          querystring: syncRunsQuerySchema,
          response: { 200: syncRunsResponseSchema, 400: errorBodySchema, 401: errorBodySchema },
        },
      },
      async (request) => ({
        runs: (await queries.syncRuns.recent(clientOf(request), request.query.limit)).map(toSyncRun),
      }),
    );
  };
}
