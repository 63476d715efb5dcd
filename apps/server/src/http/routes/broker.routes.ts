// GET /api/broker: the broker connection — state, setup, recent connection changes and alerts.
import type { AccountsQuery, BrokerStatusTracker } from '@optionstrader/application';
import { brokerStatusSchema, errorBodySchema, type BrokerStatusResponse } from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf } from '../access';

/**
 * `accounts`: the caller's client's accounts. The connection is shared by every client, but the accounts it is set
 * up for are listed only where they are the caller's.
 */
export function brokerRoutes(
  tracker: Pick<BrokerStatusTracker, 'status'> | undefined,
  accounts: Pick<AccountsQuery, 'listClientAccounts'>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/broker',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['broker'],
          summary: 'The broker connection: state, setup, recent connection changes and alerts',
          response: { 200: brokerStatusSchema, 401: errorBodySchema },
        },
      },
      async (request): Promise<BrokerStatusResponse> => {
        if (!tracker) return { kind: null, state: null, since: null, setup: null, events: [], counters: {} };
        const status = tracker.status();
        const mine = new Set(
          (await accounts.listClientAccounts(clientOf(request)))
            .filter((account) => account.broker === status.kind)
            .map((account) => account.accountCode),
        );
        return {
          kind: status.kind,
          state: status.state,
          since: status.since.toISOString(),
          setup: { ...status.setup, accounts: status.setup.accounts.filter((account) => mine.has(account.code)) },
          events: status.events.map((e) => ({ ...e, at: e.at.toISOString() })),
          counters: status.counters,
        };
      },
    );
  };
}
