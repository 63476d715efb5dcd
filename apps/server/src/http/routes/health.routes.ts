import { healthResponseSchema, readinessResponseSchema, type ReadinessCheck } from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface ReadinessProbe {
  name: string;
  check(): Promise<void>;
}

export function healthRoutes(probes: ReadinessProbe[]): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { public: true },
        schema: { tags: ['health'], summary: 'The process is up', response: { 200: healthResponseSchema } },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        config: { public: true },
        schema: {
          tags: ['health'],
          summary: 'Dependencies (database) are reachable',
          response: { 200: readinessResponseSchema, 503: readinessResponseSchema },
        },
      },
      async (request, reply) => {
        const entries = await Promise.all(
          probes.map(async (probe): Promise<[string, ReadinessCheck]> => {
            const started = performance.now();
            try {
              await probe.check();
              return [probe.name, { ok: true, latencyMs: Math.round(performance.now() - started) }];
            } catch (error) {
              request.log.warn({ err: error, probe: probe.name }, 'readiness check failed');
              return [probe.name, { ok: false, detail: `${probe.name} unreachable` }];
            }
          }),
        );
        const ready = entries.every(([, check]) => check.ok);
        const checks: Record<string, ReadinessCheck> = Object.fromEntries(entries);
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
      },
    );
  };
}
