// GET /metrics (Prometheus text format) and the HTTP latency histogram. Public unless METRICS_TOKEN is set: then a
// scraper sends `Authorization: Bearer <token>` (the exposition holds per-account margin usage).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics';
import { AppError } from './app-error';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time: compares digests, so neither content nor length leaks through timing. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

export function registerMetricsEndpoint(app: FastifyInstance, metrics: Metrics, token: string | undefined) {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern keeps the label set bounded; anything unrouted (404s, probes) shares one value.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttpRequest(request.method, route, reply.statusCode, reply.elapsedTime);
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !tokenMatches(request.headers.authorization, token)) {
      throw new AppError(401, 'UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    const { body, contentType } = await metrics.scrape();
    return reply.type(contentType).send(body);
  });
}
