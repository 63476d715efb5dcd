// Backtests over HTTP: the datasets a run can select, start one (it runs in the background: 202, then poll), list,
// read one with its curve, years and trades, delete one. Each backtest is the client's it was started in: lists are the
// active client's, another client's ids answer 404.
import type { BacktestService } from '@optionstrader/application';
import {
  backtestCreatedSchema,
  backtestDatasetsResponseSchema,
  backtestDetailSchema,
  backtestListResponseSchema,
  backtestRequestSchema,
  backtestSummarySchema,
  errorBodySchema,
  uuidParamsSchema,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../app-error';
import { accessOf, clientOf } from '../access';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};
const owned = { 'params.id': 'backtest' } as const;

export function backtestsRoutes(backtests: BacktestService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/backtests/datasets',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['backtests'],
          summary: 'Historical data a backtest can select: underliers, implied-vol indexes, option quotes',
          response: { 200: backtestDatasetsResponseSchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async () => ({ datasets: await backtests.datasets() }),
    );

    app.post(
      '/backtests',
      {
        config: { permission: 'trade' },
        schema: {
          tags: ['backtests'],
          summary: 'Start a backtest of the client; it runs in the background (poll GET /api/backtests/{id})',
          description:
            'The same strategy plugin, risk rules and commissions as live trading over the selected history. The ' +
            'request is checked and its data loaded before anything is stored: a bad field is a 400 naming it, an ' +
            'unknown strategy or dataset a 404. The same request (and seed) always gives the same result.',
          body: backtestRequestSchema,
          response: { 202: backtestCreatedSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { user } = accessOf(request);
        const outcome = await backtests.start(clientOf(request), request.body, user.id);
        if (!outcome.ok)
          throw outcome.kind === 'not_found'
            ? new AppError(404, 'NOT_FOUND', outcome.message)
            : new AppError(400, 'VALIDATION_FAILED', outcome.message, outcome.issues);
        return reply.status(202).send({ id: outcome.value.id, status: 'queued' });
      },
    );

    app.get(
      '/backtests',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['backtests'],
          summary: "The client's backtests, newest first, with their statistics",
          querystring: z.strictObject({}),
          response: { 200: backtestListResponseSchema, ...errors },
        },
      },
      async (request) => ({ backtests: await backtests.list(clientOf(request)) }),
    );

    app.get(
      '/backtests/:id',
      {
        config: { permission: 'read', owns: owned },
        schema: {
          tags: ['backtests'],
          summary: 'One backtest: progress, statistics, equity curve with the benchmark, per-year table, trades',
          params: uuidParamsSchema,
          response: { 200: backtestDetailSchema, ...errors },
        },
      },
      async (request) => {
        const detail = await backtests.get(request.params.id);
        if (!detail) throw new AppError(404, 'NOT_FOUND', `No backtest ${request.params.id}`);
        return detail;
      },
    );

    app.post(
      '/backtests/:id/cancel',
      {
        config: { permission: 'trade', owns: owned },
        schema: {
          tags: ['backtests'],
          summary: 'Cancel a queued or running backtest; it stops at its next slice and keeps no results',
          params: uuidParamsSchema,
          response: { 200: backtestSummarySchema, ...errors },
        },
      },
      async (request) => {
        const outcome = await backtests.cancel(request.params.id);
        if (outcome === undefined) throw new AppError(404, 'NOT_FOUND', `No backtest ${request.params.id}`);
        if (outcome === 'finished')
          throw new AppError(409, 'CONFLICT', `Backtest ${request.params.id} has already finished`);
        const detail = await backtests.get(request.params.id);
        if (!detail) throw new AppError(404, 'NOT_FOUND', `No backtest ${request.params.id}`);
        // The summary's fields only (the response schema leaves the rest out).
        return detail;
      },
    );

    app.delete(
      '/backtests/:id',
      {
        config: { permission: 'trade', owns: owned },
        schema: {
          tags: ['backtests'],
          summary: 'Delete a backtest and its results',
          params: uuidParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        if (!(await backtests.remove(request.params.id)))
          throw new AppError(404, 'NOT_FOUND', `No backtest ${request.params.id}`);
        return reply.status(204).send(null);
      },
    );
  };
}
