// The order flow over HTTP: preview / approve / reject a recommendation, orders (list, detail, cancel), executions,
// option events, the trade journal, the trading settings with the kill switch, and each account's order mode. Lists are
// the active client's; another client's ids answer 404 (the `owns` declarations). The trading settings are the
// installation's: any member reads them, only an installation admin changes them.
import {
  accountTradingView,
  executionView,
  journalTradeView,
  optionEventView,
  orderView,
  type OrderManager,
  type OrderRefusal,
  type OrdersRepository,
  type StrategiesService,
} from '@optionstrader/application';
import {
  accountTradingSchema,
  accountsTradingResponseSchema,
  approveResponseSchema,
  errorBodySchema,
  executionsQuerySchema,
  executionsResponseSchema,
  journalQuerySchema,
  journalResponseSchema,
  optionEventsQuerySchema,
  optionEventsResponseSchema,
  orderDetailSchema,
  orderModeBodySchema,
  orderOverridesSchema,
  orderPreviewSchema,
  ordersQuerySchema,
  ordersResponseSchema,
  rejectBodySchema,
  rejectResponseSchema,
  tradingSettingsPatchSchema,
  tradingSettingsResponseSchema,
  tradingSettingsSchema,
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
  422: errorBodySchema,
  503: errorBodySchema,
};

const fail = (refusal: OrderRefusal): AppError =>
  new AppError(refusal.status, refusal.code, refusal.message, refusal.issues);

export interface OrderRoutesDeps {
  orders: OrderManager;
  repository: OrdersRepository;
  strategies: StrategiesService;
}

export function ordersRoutes(deps: OrderRoutesDeps): FastifyPluginAsyncZod {
  const { orders, repository, strategies } = deps;
  const recommendationOf = async (id: string) => {
    const found = await strategies.recommendation(id);
    if (!found) throw new AppError(404, 'NOT_FOUND', `No recommendation ${id}`);
    return found;
  };

  return async (app) => {
    app.post(
      '/recommendations/:id/preview',
      {
        config: { permission: 'trade', owns: { 'params.id': 'recommendation' } },
        schema: {
          tags: ['orders'],
          summary: 'What approving with these overrides would send, checked (price band, risk, mode); writes nothing',
          params: uuidParamsSchema,
          body: orderOverridesSchema,
          response: { 200: orderPreviewSchema, ...errors },
        },
      },
      async (request) => {
        const result = await orders.preview(request.params.id, request.body);
        if (!result.ok) throw fail(result.refusal);
        const { refusal, ...rest } = result.value;
        return { ...rest, refusal: refusal && { code: refusal.code, message: refusal.message } };
      },
    );

    app.post(
      '/recommendations/:id/approve',
      {
        config: { permission: 'trade', owns: { 'params.id': 'recommendation' } },
        schema: {
          tags: ['orders'],
          summary:
            'Approve a pending recommendation: exactly one order (paper or live per the account), idempotent and ' +
            'race-safe; 409 when it is not pending or expired, 422 when the overrides break the band, risk or limits',
          params: uuidParamsSchema,
          body: orderOverridesSchema.optional(),
          response: { 201: approveResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { user } = accessOf(request);
        const result = await orders.approve(request.params.id, request.body ?? {}, {
          userId: user.id,
          automated: false,
        });
        if (!result.ok) throw fail(result.refusal);
        const recommendation = await recommendationOf(request.params.id);
        return reply.status(201).send({ order: orderView(result.value.order), recommendation });
      },
    );

    app.post(
      '/recommendations/:id/reject',
      {
        config: { permission: 'trade', owns: { 'params.id': 'recommendation' } },
        schema: {
          tags: ['orders'],
          summary: 'Reject a pending recommendation with a reason (audited); 409 when it is not pending',
          params: uuidParamsSchema,
          body: rejectBodySchema,
          response: { 200: rejectResponseSchema, ...errors },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const result = await orders.reject(request.params.id, request.body.reason, user.id);
        if (!result.ok) throw fail(result.refusal);
        return { recommendation: await recommendationOf(request.params.id) };
      },
    );

    app.get(
      '/orders',
      {
        config: { permission: 'read', owns: { 'query.accountId': 'account' } },
        schema: {
          tags: ['orders'],
          summary: 'Orders, newest first; status=working for the ones a fill or cancel may still reach',
          querystring: ordersQuerySchema,
          response: { 200: ordersResponseSchema, ...errors },
        },
      },
      async (request) => ({
        orders: (await repository.listClientOrders(clientOf(request), request.query)).map(orderView),
      }),
    );

    app.get(
      '/orders/:id',
      {
        config: { permission: 'read', owns: { 'params.id': 'order' } },
        schema: {
          tags: ['orders'],
          summary: 'One order with its executions',
          params: uuidParamsSchema,
          response: { 200: orderDetailSchema, ...errors },
        },
      },
      async (request) => {
        const order = await repository.get(request.params.id);
        if (!order) throw new AppError(404, 'NOT_FOUND', `No order ${request.params.id}`);
        const executions = await repository.listClientExecutions(clientOf(request), {
          orderId: order.id,
          limit: 1000,
        });
        return { ...orderView(order), executions: executions.map(executionView) };
      },
    );

    app.post(
      '/orders/:id/cancel',
      {
        config: { permission: 'trade', owns: { 'params.id': 'order' } },
        schema: {
          tags: ['orders'],
          summary: 'Cancel a working order (live: the broker confirms later, the status shows cancel_requested)',
          params: uuidParamsSchema,
          body: z.strictObject({ reason: z.string().trim().max(500).optional() }).optional(),
          response: { 200: z.object({ order: ordersResponseSchema.shape.orders.element }), ...errors },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const reason = request.body?.reason || 'Cancelled by the user';
        const result = await orders.cancel(request.params.id, user.id, reason);
        if (!result.ok) throw fail(result.refusal);
        return { order: orderView(result.value) };
      },
    );

    app.get(
      '/executions',
      {
        config: { permission: 'read', owns: { 'query.accountId': 'account', 'query.orderId': 'order' } },
        schema: {
          tags: ['orders'],
          summary: 'Fills, newest first (paper and broker), deduplicated by exec id',
          querystring: executionsQuerySchema,
          response: { 200: executionsResponseSchema, ...errors },
        },
      },
      async (request) => ({
        executions: (await repository.listClientExecutions(clientOf(request), request.query)).map(executionView),
      }),
    );

    app.get(
      '/option-events',
      {
        config: { permission: 'read', owns: { 'query.accountId': 'account' } },
        schema: {
          tags: ['orders'],
          summary: 'Assignments, exercises and expirations, newest first',
          querystring: optionEventsQuerySchema,
          response: { 200: optionEventsResponseSchema, ...errors },
        },
      },
      async (request) => ({
        events: (await repository.listOptionEvents(clientOf(request), request.query)).map(optionEventView),
      }),
    );

    app.get(
      '/journal',
      {
        config: { permission: 'read', owns: { 'query.accountId': 'account' } },
        schema: {
          tags: ['orders'],
          summary: 'Closed trades: premium, commissions, realized P&L and days held, newest close first',
          querystring: journalQuerySchema,
          response: { 200: journalResponseSchema, ...errors },
        },
      },
      async (request) => ({ trades: (await orders.journal(clientOf(request), request.query)).map(journalTradeView) }),
    );

    app.get(
      '/settings/trading',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['orders'],
          summary: 'The kill switch (autotrade), reduce-only, automation limits and the order price policy',
          response: { 200: tradingSettingsSchema, ...errors },
        },
      },
      async () => orders.tradingSettings(),
    );

    app.put(
      '/settings/trading',
      {
        // The kill switch and the limits are the whole installation's, not one client's.
        config: { permission: 'admin' },
        schema: {
          tags: ['orders'],
          summary:
            'Change the trading settings (installation admins; audited). Turning autotrade on needs confirm="ENABLE AUTOTRADE"; turning ' +
            'it off stops automated orders at once and, with cancelWorking, cancels working automated orders',
          body: tradingSettingsPatchSchema,
          response: { 200: tradingSettingsResponseSchema, ...errors },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const { confirm, ...patch } = request.body;
        if (patch.autotradeEnabled === true && confirm !== 'ENABLE AUTOTRADE') {
          throw new AppError(422, 'CONFIRMATION_REQUIRED', 'Type ENABLE AUTOTRADE to turn auto-trading on', [
            { path: 'body.confirm', message: 'Type ENABLE AUTOTRADE' },
          ]);
        }
        return orders.updateTradingSettings(patch, user.id);
      },
    );

    app.get(
      '/accounts/trading',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['orders'],
          summary:
            "Each of the client's accounts with its order mode (paper: simulated fills; live: sent to the broker)",
          response: { 200: accountsTradingResponseSchema, ...errors },
        },
      },
      async (request) => ({ accounts: (await repository.accountsTrading(clientOf(request))).map(accountTradingView) }),
    );

    app.put(
      '/accounts/:id/order-mode',
      {
        config: { permission: 'manage', owns: { 'params.id': 'account' } },
        schema: {
          tags: ['orders'],
          summary: 'Switch an account between paper and live orders; live needs the account code typed as confirm',
          params: uuidParamsSchema,
          body: orderModeBodySchema,
          response: { 200: accountTradingSchema, ...errors },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const result = await orders.setOrderMode(request.params.id, request.body.mode, request.body.confirm, user.id);
        if (!result.ok) throw fail(result.refusal);
        return accountTradingView(result.value);
      },
    );
  };
}
