// HTTP hardening in one place: security headers on every response, CSRF for cookie mutations, API rate limits,
// and limits on URL length and JSON nesting.
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from './app-error';

declare module 'fastify' {
  interface FastifyInstance {
    /** Origins besides the server's own that may send cookie-authenticated mutations (ALLOWED_ORIGINS). */
    allowedOrigins?: ReadonlySet<string>;
  }
}

export interface HardeningOptions {
  /** ALLOWED_ORIGINS: origins (scheme://host[:port]) besides the server's own, e.g. a separately hosted UI. */
  allowedOrigins?: readonly string[] | undefined;
  /** Requests per minute and client IP to /api (API_RATE_LIMIT_PER_MINUTE). */
  apiRateLimitPerMinute: number;
  /** Requests per minute and user to each of preview/approve/reject and order cancel (APPROVE_RATE_LIMIT_PER_MINUTE). */
  approveRateLimitPerMinute: number;
  /** Longest accepted request target (path + query), in characters. */
  maxUrlLength?: number | undefined;
  /** Deepest accepted JSON body: `{}` is 1, `{"a":[{}]}` is 3. */
  maxJsonDepth?: number | undefined;
}

export const defaultMaxUrlLength = 8192;
export const defaultMaxJsonDepth = 32;

/** The trading decisions limited per user: a stolen session (or a runaway script) cannot fire them in bulk. */
export const tradeRateLimitedRoutes: ReadonlySet<string> = new Set([
  'POST /api/recommendations/:id/preview',
  'POST /api/recommendations/:id/approve',
  'POST /api/recommendations/:id/reject',
  'POST /api/orders/:id/cancel',
]);

const csp = (extra: Record<string, string> = {}) =>
  Object.entries({
    'default-src': "'self'",
    'script-src': "'self'",
    // Mantine writes style attributes and <style> tags at run time.
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data: blob:",
    'font-src': "'self' data:",
    'connect-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'self'",
    'frame-ancestors': "'none'",
    'form-action': "'self'",
    ...extra,
  })
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');

export const contentSecurityPolicy = csp();
// Swagger UI (/docs) runs under the same policy (checked in Chromium): its scripts are files, its styles inline.
export const docsContentSecurityPolicy = csp();

const staticHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
};

const isApiUrl = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
const isDocsUrl = (url: string) => url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?');

function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply) {
  reply.headers(staticHeaders);
  reply.header('content-security-policy', isDocsUrl(request.url) ? docsContentSecurityPolicy : contentSecurityPolicy);
  // Only over https: a browser ignores it on http, and a wrong one on a plain-http install would lock users out.
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  // API answers are per user and change with every trade: never kept by a browser or a proxy.
  if (isApiUrl(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  reply.removeHeader('x-powered-by');
}

/** `scheme://host[:port]` in canonical form (lower case, default port dropped); undefined when it is not one. */
function canonicalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** Canonicalises ALLOWED_ORIGINS entries; throws on one that is not a bare origin (a path, query or user in it). */
export function canonicalOrigins(origins: readonly string[]): Set<string> {
  return new Set(
    origins.map((origin) => {
      const canonical = canonicalOrigin(origin);
      const url = canonical ? new URL(origin) : undefined;
      if (!canonical || !url || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
        throw new Error(`Not an origin (scheme://host[:port]): ${origin}`);
      }
      return canonical;
    }),
  );
}

/** The origins a page of this server can have: the Host header with the request's scheme, or https in front. */
function ownOrigins(request: FastifyRequest): string[] {
  // trustProxy is off, so behind a TLS-terminating proxy the request looks like http while the page is https.
  return [`${request.protocol}://${request.host}`, `https://${request.host}`]
    .map(canonicalOrigin)
    .filter((origin) => origin !== undefined);
}

const csrfRejected = (message: string) => new AppError(403, 'CSRF_REJECTED', message);

/**
 * Refuses a cookie-authenticated mutation sent by another site's page. Browsers always say where a request comes
 * from (Origin, or at least Sec-Fetch-Site); a request with neither is a script, which carries no ambient cookies.
 */
export function checkCsrf(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const canonical = canonicalOrigin(origin);
    if (canonical && (ownOrigins(request).includes(canonical) || request.server.allowedOrigins?.has(canonical))) {
      return;
    }
    throw csrfRejected(`Cross-site request refused: origin ${origin} may not change anything here`);
  }
  const site = request.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return;
  throw csrfRejected('Cross-site request refused: it does not come from this site');
}

/** The deepest object/array nesting in a parsed JSON value, counted without recursion, stopping past `limit`. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(item.value)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth });
    }
  }
  return false;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

async function enforce(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, what: string) {
  const result = await limiter(request);
  if (result.isAllowed || !result.isExceeded) return;
  reply.header('retry-after', result.ttlInSeconds);
  throw new AppError(429, 'RATE_LIMITED', `Too many ${what}; try again in ${result.ttlInSeconds} s`);
}

/**
 * Registers the hardening hooks. Call it after @fastify/rate-limit and before the access-control hooks and the
 * routes: its request checks then run before authentication, and its onRoute hook sees every route.
 */
export function registerHardening(app: FastifyInstance, options: HardeningOptions) {
  if (!app.hasDecorator('createRateLimit')) throw new Error('Register @fastify/rate-limit before registerHardening');
  const maxUrlLength = options.maxUrlLength ?? defaultMaxUrlLength;
  const maxJsonDepth = options.maxJsonDepth ?? defaultMaxJsonDepth;
  app.decorate('allowedOrigins', canonicalOrigins(options.allowedOrigins ?? []));

  // createRateLimit (not the route config) so these counters stay apart from the login limit's per-request flag.
  const apiLimiter = app.createRateLimit({ max: options.apiRateLimitPerMinute, timeWindow: 60_000 });
  const tradeLimiter = app.createRateLimit({
    max: options.approveRateLimitPerMinute,
    timeWindow: 60_000,
    // Per user and per action: previews while editing a ticket do not use up the approve budget.
    keyGenerator: (request) =>
      `${request.method} ${request.routeOptions.url ?? ''} ${request.access?.user.id ?? request.ip}`,
  });

  // First of all hooks: refuse before a session is looked up or a body read.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > maxUrlLength) {
      throw new AppError(414, 'BAD_REQUEST', `The URL is longer than ${maxUrlLength} characters`);
    }
    if (isApiUrl(request.url)) await enforce(apiLimiter, request, reply, 'requests');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(request, reply);
    return payload;
  });

  // Before schema validation (and the ownership check): a validator should not walk an absurdly deep body.
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && jsonDepthExceeds(request.body, maxJsonDepth)) {
      throw new AppError(400, 'BAD_REQUEST', `The JSON body is nested deeper than ${maxJsonDepth} levels`);
    }
    // PostgreSQL text cannot hold NUL; refuse it at the door rather than fail in a query.
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    if (/%00/i.test(query) || (request.body !== undefined && JSON.stringify(request.body).includes('\\u0000'))) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Text may not contain NUL characters');
    }
  });

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((method) => tradeRateLimitedRoutes.has(`${method} ${route.url}`))) return;
    // A route-level hook runs after the instance's, so the caller is known (request.access) by then.
    const limit: onRequestAsyncHookHandler = async (request, reply) =>
      enforce(tradeLimiter, request, reply, 'trading decisions');
    route.onRequest = [...[route.onRequest ?? []].flat(), limit];
  });
}
