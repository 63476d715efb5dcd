// The installation's recent errors (GET /api/errors), for the admin's Logs page.
import type { ErrorsQuery } from '@optionstrader/application';
import { errorBodySchema, errorsQuerySchema, errorsResponseSchema } from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export function errorsRoutes(errors: ErrorsQuery): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/errors',
      {
        // Installation-wide (every client's runs and syncs): the installation admin's view.
        config: { permission: 'admin' },
        schema: {
          tags: ['operations'],
          summary: 'Recent errors of strategy runs, sync runs and job runs, newest first',
          querystring: errorsQuerySchema,
          response: { 200: errorsResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => {
        const rows = await errors.recent(request.query.limit);
        return {
          errors: rows.map((row) => ({
            source: row.source,
            at: row.at.toISOString(),
            message: row.message,
            referenceId: row.referenceId,
            context: { instanceName: row.instanceName, accountCode: row.accountCode, jobName: row.jobName },
          })),
        };
      },
    );
  };
}
