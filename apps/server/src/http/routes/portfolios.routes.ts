// Read API of portfolios (sleeves inside broker accounts).
import { errorBodySchema, portfoliosResponseSchema } from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf } from '../access';
import type { ReadRoutesDeps } from './accounts.routes';

export function portfoliosRoutes({ queries }: ReadRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/portfolios',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['portfolios'],
          summary: 'Portfolios (sleeves) with their account and counts of positions and strategies',
          response: { 200: portfoliosResponseSchema, 401: errorBodySchema },
        },
      },
      async (request) => {
        const portfolios = await queries.portfolios.list(clientOf(request));
        return {
          portfolios: portfolios.map((portfolio) => ({ ...portfolio, createdAt: portfolio.createdAt.toISOString() })),
        };
      },
    );
  };
}
