// GET /api/alerts lists operational alerts; POST /api/alerts/{id}/acknowledge marks one as seen.
import type { AlertRecord, AlertsRepository, Clock } from '@optionstrader/application';
import {
  alertIdParamsSchema,
  alertResponseSchema,
  alertsQuerySchema,
  alertsResponseSchema,
  errorBodySchema,
  type Alert,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../app-error';
import { accessOf, clientOf } from '../access';

export const toAlert = (alert: AlertRecord): Alert => ({
  id: alert.id,
  kind: alert.kind,
  severity: alert.severity,
  message: alert.message,
  payload: alert.payload ?? null,
  createdAt: alert.createdAt.toISOString(),
  acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
  acknowledgedBy: alert.acknowledgedBy,
});

export interface AlertsRoutesOptions {
  alerts: Pick<AlertsRepository, 'listClientAlerts' | 'acknowledge'>;
  clock: Clock;
}

const ACKNOWLEDGED = { open: false, acknowledged: true, all: undefined } as const;

export function alertsRoutes({ alerts, clock }: AlertsRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/alerts',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['alerts'],
          summary: 'Operational alerts (broker sync failures, stale data), newest first',
          querystring: alertsQuerySchema,
          response: { 200: alertsResponseSchema, 400: errorBodySchema, 401: errorBodySchema },
        },
      },
      async (request) => {
        const { status, limit } = request.query;
        const acknowledged = ACKNOWLEDGED[status];
        const list = await alerts.listClientAlerts(
          clientOf(request),
          acknowledged === undefined ? { limit } : { acknowledged, limit },
        );
        return { alerts: list.map(toAlert) };
      },
    );

    app.post(
      '/alerts/:id/acknowledge',
      {
        // Another client's alert: 404 from the access hook; installation-wide ones are everyone's.
        config: { permission: 'trade', owns: { 'params.id': 'alert' } },
        schema: {
          tags: ['alerts'],
          summary: 'Acknowledge an alert',
          description:
            'Idempotent: an alert already acknowledged keeps its first acknowledgement and is returned as is.',
          params: alertIdParamsSchema,
          response: { 200: alertResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const alert = await alerts.acknowledge(request.params.id, user.id, clock.now());
        if (!alert) throw new AppError(404, 'NOT_FOUND', `No alert ${request.params.id}`);
        return { alert: toAlert(alert) };
      },
    );
  };
}
