import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok') }).describe('Health');

export const readinessCheckSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  detail: z.string().optional(),
});

export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

export const readinessResponseSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), readinessCheckSchema),
  })
  .describe('Readiness');
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
