// Broker sync: run one now (POST /api/sync) and list recent runs (GET /api/sync-runs).
import { z } from 'zod';

export const syncRequestSchema = z
  .strictObject({
    accountCode: z.string().trim().min(1).max(64).optional().describe('Sync only this broker account'),
  })
  .describe('SyncRequest');
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export const entityCountsSchema = z.object({
  seen: z.number().int().describe('Items the broker reported'),
  inserted: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int().describe('Seen and already stored as reported: nothing written'),
});

export const syncCountsSchema = z.object({
  accounts: entityCountsSchema,
  snapshots: entityCountsSchema,
  instruments: entityCountsSchema,
  contracts: entityCountsSchema,
  positions: entityCountsSchema,
  orders: entityCountsSchema,
  executions: entityCountsSchema,
  quotes: entityCountsSchema,
});

export const syncRunSchema = z
  .object({
    id: z.uuid(),
    broker: z.enum(['sim', 'ibkr']),
    accountCode: z.string().nullable(),
    trigger: z.enum(['startup', 'schedule', 'cli', 'api']),
    status: z.enum(['running', 'succeeded', 'failed']),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    rowsWritten: z.number().int().describe('Rows inserted, updated or deleted; 0 when nothing was new'),
    counts: syncCountsSchema,
    error: z.string().nullable(),
  })
  .describe('SyncRun');
export type SyncRun = z.infer<typeof syncRunSchema>;

export const syncResponseSchema = z.object({ run: syncRunSchema }).describe('SyncResponse');
export type SyncResponse = z.infer<typeof syncResponseSchema>;

export const syncRunsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const syncRunsResponseSchema = z.object({ runs: z.array(syncRunSchema) }).describe('SyncRunsResponse');
export type SyncRunsResponse = z.infer<typeof syncRunsResponseSchema>;
