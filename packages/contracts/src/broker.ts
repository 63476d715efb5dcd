// The broker connection as the operator sees it (GET /api/broker).
import { z } from 'zod';

const connectionState = z.enum(['disconnected', 'connecting', 'ready', 'degraded']);

export const brokerStatusSchema = z
  .object({
    kind: z.enum(['sim', 'ibkr']).nullable().describe('null: no broker configured (BROKER=none)'),
    state: connectionState.nullable(),
    since: z.iso.datetime().nullable().describe('When the connection entered its current state'),
    setup: z
      .object({
        endpoint: z.string().nullable().describe('host:port of TWS / IB Gateway; null for the simulated broker'),
        clientId: z.number().int().nullable(),
        marketDataType: z.string().nullable(),
        readOnly: z.boolean(),
        liveTradingEnabled: z.boolean().describe('Orders to live (non-paper) accounts are allowed'),
        accounts: z.array(
          z.object({
            code: z.string(),
            type: z.enum(['margin_pm', 'margin_regt', 'cash', 'tfsa', 'rrsp']).nullable(),
            label: z.string().nullable(),
          }),
        ),
      })
      .nullable(),
    events: z
      .array(
        z.object({
          at: z.iso.datetime(),
          kind: z.enum(['connection', 'alert']),
          state: connectionState.nullable(),
          severity: z.enum(['info', 'warning', 'error', 'critical']).nullable(),
          message: z.string(),
        }),
      )
      .describe('Recent connection changes and broker alerts, newest first'),
    counters: z
      .record(z.string(), z.number())
      .describe('Adapter counters, e.g. IBKR messages sent and peak per second'),
  })
  .describe('BrokerStatus');
export type BrokerStatusResponse = z.infer<typeof brokerStatusSchema>;
