// GET /api/broker: the broker connection — state, setup, recent connection changes and alerts.
import type { BrokerStatusTracker } from '@optionstrader/application';
import { brokerStatusSchema, errorBodySchema, type BrokerStatusResponse } from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export function brokerRoutes(tracker: Pick<BrokerStatusTracker, 'status'> | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/broker',
      {
        schema: {
          tags: ['broker'],
          summary: 'The broker connection: state, setup, recent connection changes and alerts',
          response: { 200: brokerStatusSchema, 401: errorBodySchema },
        },
      },
      async (): Promise<BrokerStatusResponse> => {
        if (!tracker) return { kind: null, state: null, since: null, setup: null, events: [], counters: {} };
        const status = tracker.status();
        return {
          kind: status.kind,
          state: status.state,
          since: status.since.toISOString(),
          setup: status.setup,
          events: status.events.map((e) => ({ ...e, at: e.at.toISOString() })),
          counters: status.counters,
        };
      },
    );
  };
}
