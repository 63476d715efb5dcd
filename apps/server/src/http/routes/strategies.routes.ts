// The strategy engine over HTTP: definitions, instances (CRUD), runs (start and read), opportunities and
// recommendations. Approval of recommendations belongs to the order manager. Everything is the active client's: lists
// hold only its rows, and another client's ids answer 404 (the `owns` declarations, checked by the access hooks).
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
import { accessOf, clientOf } from '../access';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

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
        config: { permission: 'read' },
        schema: {
          tags: ['strategies'],
          summary: 'Strategy plugins of this build, each with its newest version, config JSON schema and defaults',
          response: { 200: strategyDefinitionsResponseSchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async () => ({ definitions: await strategies.definitions() }),
    );

    app.get(
      '/strategy-instances',
      {
        config: { permission: 'read', owns: { 'query.accountId': 'account' } },
        schema: {
          tags: ['strategies'],
          summary: 'Strategy instances (a strategy configured on an account), each with its last run',
          querystring: z.strictObject({ accountId: z.uuid().optional() }),
          response: { 200: strategyInstancesResponseSchema, ...errors },
        },
      },
      async (request) => ({
        instances: await strategies.instances(
          clientOf(request),
          request.query.accountId === undefined ? {} : { accountId: request.query.accountId },
        ),
      }),
    );

    app.post(
      '/strategy-instances',
      {
        config: { permission: 'trade', owns: { 'body.accountId': 'account', 'body.portfolioId': 'portfolio' } },
        schema: {
          tags: ['strategies'],
          summary: 'Create a strategy instance from a definition',
          description:
            "The config is validated by the plugin's schema; absent fields take their defaults and the stored config " +
            'is the complete one; `watchlistIds` may name only watchlists of this client. A new instance is ' +
            'disabled unless `enabled` says otherwise. Audited.',
          body: createStrategyInstanceSchema,
          response: { 201: strategyInstanceSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { user } = accessOf(request);
        const result = await strategies.createInstance(request.body, user.id);
        if (!result.ok) throw refusal(result);
        return reply.status(201).send(result.value);
      },
    );

    app.get(
      '/strategy-instances/:id',
      {
        config: { permission: 'read', owns: { 'params.id': 'strategy_instance' } },
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
        config: { permission: 'trade', owns: { 'params.id': 'strategy_instance', 'body.portfolioId': 'portfolio' } },
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
        const { user } = accessOf(request);
        const result = await strategies.updateInstance(request.params.id, request.body, user.id);
        if (!result.ok) throw refusal(result);
        return result.value;
      },
    );

    app.delete(
      '/strategy-instances/:id',
      {
        config: { permission: 'trade', owns: { 'params.id': 'strategy_instance' } },
        schema: {
          tags: ['strategies'],
          summary: 'Delete a strategy instance (its runs and recommendations stay, detached). Audited.',
          params: uuidParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { user } = accessOf(request);
        if (!(await strategies.deleteInstance(request.params.id, user.id)))
          throw new AppError(404, 'NOT_FOUND', `No strategy instance ${request.params.id}`);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/strategy-runs',
      {
        config: { permission: 'trade' },
        schema: {
          tags: ['strategies'],
          summary: "Run this client's strategy instances now (default: every enabled one) and answer with their runs",
          description:
            'Runs one instance after another; an instance that fails records its error on its run and the others ' +
            'still run. Re-running on the same state does not duplicate pending recommendations. Only the ' +
            "active client's instances run; another client's id is a 404.",
          body: startStrategyRunsSchema.optional(),
          response: { 201: strategyRunsResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ids = request.body?.instanceIds;
        // The runner's default is every client's enabled instances: name this client's explicitly instead. (`owns`
        // cannot declare the ids of a list, so they are checked here.)
        const own = await strategies.instances(clientOf(request));
        let instanceIds: string[];
        if (ids === undefined) {
          instanceIds = own.filter((i) => i.enabled).map((i) => i.id);
        } else {
          const owned = new Set(own.map((i) => i.id));
          const missing = ids.filter((id) => !owned.has(id));
          if (missing.length > 0) throw new AppError(404, 'NOT_FOUND', `No strategy instance ${missing.join(', ')}`);
          instanceIds = ids;
        }
        const runs = await runner.run({ instanceIds });
        return reply.status(201).send({ runs: runs.map(runView) });
      },
    );

    app.get(
      '/strategy-runs',
      {
        config: { permission: 'read', owns: { 'query.instanceId': 'strategy_instance' } },
        schema: {
          tags: ['strategies'],
          summary: 'Strategy runs, newest first',
          querystring: strategyRunsQuerySchema,
          response: { 200: strategyRunsResponseSchema, ...errors },
        },
      },
      async (request) => ({ runs: await strategies.runs(clientOf(request), request.query) }),
    );

    app.get(
      '/strategy-runs/:id',
      {
        config: { permission: 'read', owns: { 'params.id': 'strategy_run' } },
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
        config: {
          permission: 'read',
          owns: { 'query.instanceId': 'strategy_instance', 'query.runId': 'strategy_run' },
        },
        schema: {
          tags: ['strategies'],
          summary: "Scanned opportunities: by default those of each instance's newest successful run",
          description: 'Sorted by `sort` (nulls last), then rank. Unknown metrics are null, never 0.',
          querystring: opportunitiesQuerySchema,
          response: { 200: opportunitiesResponseSchema, ...errors },
        },
      },
      async (request) => ({ opportunities: await strategies.opportunities(clientOf(request), request.query) }),
    );

    app.get(
      '/recommendations',
      {
        config: { permission: 'read', owns: { 'query.accountId': 'account', 'query.instanceId': 'strategy_instance' } },
        schema: {
          tags: ['strategies'],
          summary: 'Recommendations, newest first (default: pending)',
          querystring: recommendationsQuerySchema,
          response: { 200: recommendationsResponseSchema, ...errors },
        },
      },
      async (request) => ({ recommendations: await strategies.recommendations(clientOf(request), request.query) }),
    );

    app.get(
      '/recommendations/:id',
      {
        config: { permission: 'read', owns: { 'params.id': 'recommendation' } },
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
