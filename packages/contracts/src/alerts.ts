// Operational alerts: list them (GET /api/alerts) and acknowledge one (POST /api/alerts/{id}/acknowledge).
import { z } from 'zod';

export const alertSeveritySchema = z.enum(['info', 'warning', 'error', 'critical']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

export const alertSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().describe('Machine-readable kind, e.g. broker_sync_failed, data_stale'),
    severity: alertSeveritySchema,
    message: z.string(),
    payload: z.unknown().describe('Details for the kind (last error, run id, …); null when none'),
    createdAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: z
      .uuid()
      .nullable()
      .describe('The user who acknowledged it; null when open or resolved by the system'),
  })
  .describe('Alert');
export type Alert = z.infer<typeof alertSchema>;

export const alertsQuerySchema = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertsQuery = z.infer<typeof alertsQuerySchema>;

export const alertsResponseSchema = z.object({ alerts: z.array(alertSchema) }).describe('AlertsResponse');
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

export const alertIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

export const alertResponseSchema = z.object({ alert: alertSchema }).describe('AlertResponse');
export type AlertResponse = z.infer<typeof alertResponseSchema>;
