// Watchlists: named lists of underliers that strategy instances add to their universe (config `watchlistIds`). Each
// is a client's: lists and creation are the active client's, another client's ids answer 404.
import type { StrategiesService } from '@optionstrader/application';
import {
  createWatchlistSchema,
  errorBodySchema,
  updateWatchlistSchema,
  uuidParamsSchema,
  watchlistSchema,
  watchlistsResponseSchema,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientOf } from '../access';
import { AppError } from '../app-error';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const owned = { 'params.id': 'watchlist' } as const;
const noWatchlist = (id: string) => new AppError(404, 'NOT_FOUND', `No watchlist ${id}`);

export function watchlistsRoutes(watchlists: StrategiesService['watchlists']): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/watchlists',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['watchlists'],
          summary: "The client's watchlists, by name",
          response: { 200: watchlistsResponseSchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => ({ watchlists: await watchlists.list(clientOf(request)) }),
    );

    app.post(
      '/watchlists',
      {
        config: { permission: 'trade' },
        schema: {
          tags: ['watchlists'],
          summary: 'Create a watchlist of the client (symbols upper-cased and de-duplicated)',
          body: createWatchlistSchema,
          response: { 201: watchlistSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await watchlists.create(clientOf(request), request.body)),
    );

    app.get(
      '/watchlists/:id',
      {
        config: { permission: 'read', owns: owned },
        schema: {
          tags: ['watchlists'],
          summary: 'One watchlist',
          params: uuidParamsSchema,
          response: { 200: watchlistSchema, ...errors },
        },
      },
      async (request) => {
        const found = await watchlists.get(request.params.id);
        if (!found) throw noWatchlist(request.params.id);
        return found;
      },
    );

    app.patch(
      '/watchlists/:id',
      {
        config: { permission: 'trade', owns: owned },
        schema: {
          tags: ['watchlists'],
          summary: 'Rename a watchlist or replace its symbols',
          params: uuidParamsSchema,
          body: updateWatchlistSchema,
          response: { 200: watchlistSchema, ...errors },
        },
      },
      async (request) => {
        const updated = await watchlists.update(request.params.id, request.body);
        if (!updated) throw noWatchlist(request.params.id);
        return updated;
      },
    );

    app.delete(
      '/watchlists/:id',
      {
        config: { permission: 'trade', owns: owned },
        schema: {
          tags: ['watchlists'],
          summary: 'Delete a watchlist (instances that named it simply stop getting its symbols)',
          params: uuidParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        if (!(await watchlists.delete(request.params.id))) throw noWatchlist(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
