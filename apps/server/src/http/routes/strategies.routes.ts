// The strategy engine over HTTP: definitions, instances (CRUD), runs (start and read), opportunities and
// recommendations. Approval of recommendations belongs to the order manager.
import { runView, type Refusal, type StrategiesService, type StrategyRunner } from '@optionstrader/application';
import {
  createStrategyInstanceSchema,
  errorBodySchema,
  opportunitiesQuerySchema,
  opportunitiesResponseSchema,
  recommendationSchema,
  recommendationsQuerySchema,
  recommendationsResponseSchema,
  startStrategyRunsSchema,
  strategyDefinitionsResponseSchema,
  strategyInstanceSchema,
  strategyInstancesResponseSchema,
  strategyRunDetailSchema,
  strategyRunsQuerySchema,
  strategyRunsResponseSchema,
  updateStrategyInstanceSchema,
  uuidParamsSchema,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../app-error';
import { requireAuth } from '../session';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };

function refusal(result: Refusal): AppError {
  return result.kind === 'not_found'
    ? new AppError(404, 'NOT_FOUND', result.message)
    : new AppError(400, 'VALIDATION_FAILED', result.message, result.issues);
}

export interface StrategyRoutesDeps {
  strategies: StrategiesService;
  /** Starts runs (POST /api/strategy-runs); without a broker every chain is reported missing. */
  runner: StrategyRunner;
}

export function strategiesRoutes(deps: StrategyRoutesDeps): FastifyPluginAsyncZod {
  const { strategies, runner } = deps;
  return async (app) => {
    app.get(
      '/strategy-definitions',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Strategy plugins of this build, each with its newest version, config JSON schema and defaults',
          response: { 200: strategyDefinitionsResponseSchema, 401: errorBodySchema },
        },
      },
      async () => ({ definitions: await strategies.definitions() }),
    );

    app.get(
      '/strategy-instances',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Strategy instances (a strategy configured on an account), each with its last run',
          querystring: z.strictObject({ accountId: z.uuid().optional() }),
          response: { 200: strategyInstancesResponseSchema, ...errors },
        },
      },
      async (request) => ({
        instances: await strategies.instances(
          request.query.accountId === undefined ? {} : { accountId: request.query.accountId },
        ),
      }),
    );

    app.post(
      '/strategy-instances',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Create a strategy instance from a definition',
          description:
            "The config is validated by the plugin's schema; absent fields take their defaults and the stored config " +
            'is the complete one. A new instance is disabled unless `enabled` says otherwise. Audited.',
          body: createStrategyInstanceSchema,
          response: { 201: strategyInstanceSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { user } = requireAuth(request);
        const result = await strategies.createInstance(request.body, user.id);
        if (!result.ok) throw refusal(result);
        return reply.status(201).send(result.value);
      },
    );

    app.get(
      '/strategy-instances/:id',
      {
        schema: {
          tags: ['strategies'],
          summary: 'One strategy instance',
          params: uuidParamsSchema,
          response: { 200: strategyInstanceSchema, ...errors },
        },
      },
      async (request) => {
        const found = await strategies.instance(request.params.id);
        if (!found) throw new AppError(404, 'NOT_FOUND', `No strategy instance ${request.params.id}`);
        return found;
      },
    );

    app.patch(
      '/strategy-instances/:id',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Rename, enable/disable or reconfigure a strategy instance',
          description:
            'A config replaces the whole config (absent fields take their defaults). Auto-trading is not set here: ' +
            'the order manager and the global kill switch govern it. Audited.',
          params: uuidParamsSchema,
          body: updateStrategyInstanceSchema,
          response: { 200: strategyInstanceSchema, ...errors },
        },
      },
      async (request) => {
        const { user } = requireAuth(request);
        const result = await strategies.updateInstance(request.params.id, request.body, user.id);
        if (!result.ok) throw refusal(result);
        return result.value;
      },
    );

    app.delete(
      '/strategy-instances/:id',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Delete a strategy instance (its runs and recommendations stay, detached). Audited.',
          params: uuidParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { user } = requireAuth(request);
        if (!(await strategies.deleteInstance(request.params.id, user.id)))
          throw new AppError(404, 'NOT_FOUND', `No strategy instance ${request.params.id}`);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/strategy-runs',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Run strategy instances now (default: every enabled one) and answer with their runs',
          description:
            'Runs one instance after another; an instance that fails records its error on its run and the others ' +
            'still run. Re-running on the same state does not duplicate pending recommendations.',
          body: startStrategyRunsSchema.optional(),
          response: { 201: strategyRunsResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        requireAuth(request);
        const ids = request.body?.instanceIds;
        if (ids !== undefined) {
          const missing = (await Promise.all(ids.map(async (id) => ((await strategies.instance(id)) ? null : id))))
            .filter((id) => id !== null)
            .join(', ');
          if (missing !== '') throw new AppError(404, 'NOT_FOUND', `No strategy instance ${missing}`);
        }
        const runs = await runner.run(ids === undefined ? {} : { instanceIds: ids });
        return reply.status(201).send({ runs: runs.map(runView) });
      },
    );

    app.get(
      '/strategy-runs',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Strategy runs, newest first',
          querystring: strategyRunsQuerySchema,
          response: { 200: strategyRunsResponseSchema, ...errors },
        },
      },
      async (request) => ({ runs: await strategies.runs(request.query) }),
    );

    app.get(
      '/strategy-runs/:id',
      {
        schema: {
          tags: ['strategies'],
          summary: 'One strategy run with its signals (missing data, skips, assignments, risk blocks, …)',
          params: uuidParamsSchema,
          response: { 200: strategyRunDetailSchema, ...errors },
        },
      },
      async (request) => {
        const run = await strategies.run(request.params.id);
        if (!run) throw new AppError(404, 'NOT_FOUND', `No strategy run ${request.params.id}`);
        return run;
      },
    );

    app.get(
      '/opportunities',
      {
        schema: {
          tags: ['strategies'],
          summary: "Scanned opportunities: by default those of each instance's newest successful run",
          description: 'Sorted by `sort` (nulls last), then rank. Unknown metrics are null, never 0.',
          querystring: opportunitiesQuerySchema,
          response: { 200: opportunitiesResponseSchema, ...errors },
        },
      },
      async (request) => ({ opportunities: await strategies.opportunities(request.query) }),
    );

    app.get(
      '/recommendations',
      {
        schema: {
          tags: ['strategies'],
          summary: 'Recommendations, newest first (default: pending)',
          querystring: recommendationsQuerySchema,
          response: { 200: recommendationsResponseSchema, ...errors },
        },
      },
      async (request) => ({ recommendations: await strategies.recommendations(request.query) }),
    );

    app.get(
      '/recommendations/:id',
      {
        schema: {
          tags: ['strategies'],
          summary: 'One recommendation with its legs, rationale, parameters and pre-trade risk check',
          params: uuidParamsSchema,
          response: { 200: recommendationSchema, ...errors },
        },
      },
      async (request) => {
        const found = await strategies.recommendation(request.params.id);
        if (!found) throw new AppError(404, 'NOT_FOUND', `No recommendation ${request.params.id}`);
        return found;
      },
    );
  };
}
