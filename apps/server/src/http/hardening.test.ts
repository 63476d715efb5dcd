import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RequestAccess } from '@optionstrader/application';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBody, errorHandler } from './error-handler';
import {
  checkCsrf,
  contentSecurityPolicy,
  docsContentSecurityPolicy,
  jsonDepthExceeds,
  registerHardening,
  type HardeningOptions,
} from './hardening';
import { registerWebApp } from './web-app';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Only what the hardening reads of the caller; the real one comes from the session hook (session.ts).
const callerFor = (userId: string) => ({ user: { id: userId }, via: 'session' }) as unknown as RequestAccess;

/** A small app wired like buildApp: the real error handler, rate-limit plugin, hardening, then "auth" and routes. */
async function build(options: Partial<HardeningOptions> & { trustProxy?: boolean } = {}) {
  const { trustProxy = false, ...hardening } = options;
  const app = Fastify({ logger: false, trustProxy, routerOptions: { ignoreTrailingSlash: true } });
  const typed = app.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; try again in ${context.after}`), { statusCode: 429 }),
  });
  registerHardening(app, { apiRateLimitPerMinute: 1_000, approveRateLimitPerMinute: 1_000, ...hardening });
  await app.register(swagger, { openapi: { info: { title: 'test', version: '0' } }, transform: jsonSchemaTransform });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Stands in for the session hook: `x-user` signs the request in; cookie mutations get the CSRF check.
  app.decorateRequest('access', null);
  app.addHook('onRequest', async (request) => {
    const user = request.headers['x-user'];
    if (typeof user === 'string') request.access = callerFor(user);
    if (request.access && !SAFE_METHODS.has(request.method)) checkCsrf(request);
  });

  typed.get('/api/ping', async () => ({ ok: true }));
  typed.post('/api/things', { schema: { body: z.looseObject({ name: z.string() }) } }, async () => ({
    ok: true,
  }));
  typed.post('/api/auth/login', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => ({
    ok: true,
  }));
  // Prefixed like the real routes: the per-user limit finds them by their full URL.
  await typed.register(
    async (api) => {
      for (const action of ['preview', 'approve', 'reject']) {
        api.post(`/recommendations/:id/${action}`, async () => ({ ok: true }));
      }
      api.post('/orders/:id/cancel', async () => ({ ok: true }));
    },
    { prefix: '/api' },
  );
  typed.get('/api/boom', async () => {
    throw new Error(`database password rejected in ${path.join(process.cwd(), 'packages/db/src/secret.ts')}`);
  });
  typed.get('/api/cached', async (_request, reply) => reply.header('cache-control', 'private, max-age=5').send({}));

  const servesWebApp = await registerWebApp(app, webDist);
  app.setNotFoundHandler((request, reply) => {
    if (servesWebApp && request.method === 'GET' && !request.url.startsWith('/api')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(errorBody(404, 'NOT_FOUND', `No route ${request.method} ${request.url}`));
  });
  await app.ready();
  return app;
}

let webDist: string;
beforeAll(() => {
  webDist = mkdtempSync(path.join(tmpdir(), 'hardening-web-'));
  mkdirSync(path.join(webDist, 'assets'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(webDist, 'assets', 'index-abc.js'), 'console.log(1)');
});
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

function expectSecurityHeaders(response: LightMyRequestResponse, csp = contentSecurityPolicy) {
  expect(response.headers).toMatchObject({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  expect(response.headers['permissions-policy']).toMatch(/camera=\(\)/);
  expect(response.headers).not.toHaveProperty('x-powered-by');
  expect(response.headers).not.toHaveProperty('strict-transport-security');
}

describe('security headers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build();
  });
  afterAll(() => app.close());

  it('has a CSP strict where it matters: own scripts only, no plugins, no framing, no foreign connections', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy.split('; ').map((directive) => {
        const [name = '', ...sources] = directive.split(' ');
        return [name, sources.join(' ')];
      }),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'frame-ancestors': "'none'",
      'form-action': "'self'",
    });
  });

  it('are on API answers, which are never cached', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ping' });
    expect(response.statusCode).toBe(200);
    expectSecurityHeaders(response);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('leave a cache policy an API route chose itself', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/cached' });
    expect(response.headers['cache-control']).toBe('private, max-age=5');
  });

  it('are on the UI, its assets and client-side routes, which are not marked no-store', async () => {
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<div id="root">');
    expectSecurityHeaders(index);
    expect(index.headers['cache-control']).not.toBe('no-store');
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expectSecurityHeaders(asset);
    expect(asset.headers['cache-control']).not.toBe('no-store');
    const clientRoute = await app.inject({ method: 'GET', url: '/positions' });
    expect(clientRoute.statusCode).toBe(200);
    expectSecurityHeaders(clientRoute);
  });

  it('are on 404s and on errors', async () => {
    const notFound = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(notFound.statusCode).toBe(404);
    expectSecurityHeaders(notFound);
    expect(notFound.headers['cache-control']).toBe('no-store');
    const failed = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(failed.statusCode).toBe(500);
    expectSecurityHeaders(failed);
  });

  it('give /docs its own policy', async () => {
    for (const url of ['/docs', '/docs/static/swagger-initializer.js', '/docs/json']) {
      const docs = await app.inject({ method: 'GET', url });
      expect(docs.statusCode).toBe(200);
      expectSecurityHeaders(docs, docsContentSecurityPolicy);
    }
  });

  it('add HSTS only when the request came over https', async () => {
    const proxied = await build({ trustProxy: true });
    try {
      const https = await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const http = await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'http' } });
      expect(http.headers).not.toHaveProperty('strict-transport-security');
    } finally {
      await proxied.close();
    }
  });
});

describe('CSRF check on cookie-authenticated mutations', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build({ allowedOrigins: ['https://ui.example.com'] });
  });
  afterAll(() => app.close());

  // inject() sends `Host: localhost:80`, so the server's own origin is http://localhost.
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/things', headers: { 'x-user': 'u1', ...headers }, payload: { name: 'a' } });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null (sandboxed frame, data: URL)', { origin: 'null' }],
    ['the same host on another port', { origin: 'http://localhost:8080' }],
    [
      'a foreign Origin even when Sec-Fetch-Site claims same-origin',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site without Origin (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s with 403 CSRF_REJECTED', async (_what, headers) => {
    const response = await post(headers);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_REJECTED', statusCode: 403 });
  });

  it.each([
    ['its own Origin', { origin: 'http://localhost' }],
    ['its own Origin in another case', { origin: 'HTTP://LOCALHOST:80' }],
    [
      'its own host over https (TLS ends at a proxy that keeps the Host header)',
      { host: 'trader.example.com', origin: 'https://trader.example.com', 'sec-fetch-site': 'same-origin' },
    ],
    ['an ALLOWED_ORIGINS origin', { origin: 'https://ui.example.com', 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-origin without Origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site none (typed by the user)', { 'sec-fetch-site': 'none' }],
    ['neither header (a script: no ambient cookies)', {}],
  ])('allows %s', async (_what, headers) => {
    const response = await post(headers);
    expect(response.statusCode).toBe(200);
  });

  it('refuses an ALLOWED_ORIGINS entry that is not a bare origin at start-up', async () => {
    await expect(build({ allowedOrigins: ['https://ui.example.com/app'] })).rejects.toThrow(/Not an origin/);
  });
});

describe('rate limits', () => {
  it('limit /api per client IP, answering 429 RATE_LIMITED through the error handler', async () => {
    const app = await build({ apiRateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: '/api/ping' })).statusCode).toBe(200);
      const limited = await app.inject({ method: 'GET', url: '/api/ping' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expectSecurityHeaders(limited);
      // Another address has its own budget; the UI and its assets are not counted.
      const other = await app.inject({ method: 'GET', url: '/api/ping', remoteAddress: '10.0.0.2' });
      expect(other.statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('limit trading decisions per user and action', async () => {
    const app = await build({ approveRateLimitPerMinute: 2 });
    const as = (user: string, url: string, remoteAddress = '127.0.0.1') =>
      app.inject({ method: 'POST', url, headers: { 'x-user': user }, payload: {}, remoteAddress });
    const approve = '/api/recommendations/00000000-0000-4000-8000-000000000001/approve';
    try {
      expect((await as('alice', approve)).statusCode).toBe(200);
      // The same user from another address shares the budget.
      expect((await as('alice', approve, '10.0.0.9')).statusCode).toBe(200);
      const limited = await as('alice', approve);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await as('bob', approve)).statusCode).toBe(200);
      expect((await as('alice', '/api/recommendations/00000000-0000-4000-8000-000000000001/preview')).statusCode).toBe(
        200,
      );
      for (const url of ['/api/recommendations/x/reject', '/api/orders/x/cancel']) {
        expect((await as('carol', url)).statusCode).toBe(200);
        expect((await as('carol', url)).statusCode).toBe(200);
        expect((await as('carol', url)).statusCode).toBe(429);
      }
      // Other mutations are not trading decisions.
      for (let i = 0; i < 3; i++) expect((await as('alice', '/api/things')).statusCode).not.toBe(429);
    } finally {
      await app.close();
    }
  });

  it('keep a route-level limit (login) working next to the API limit', async () => {
    const app = await build();
    try {
      const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
      expect((await login()).statusCode).toBe(200);
      expect((await login()).statusCode).toBe(200);
      expect((await login()).json()).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await app.close();
    }
  });
});

describe('request limits', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build({ maxUrlLength: 200 });
  });
  afterAll(() => app.close());

  it('answers 414 to a URL longer than the limit, API or not', async () => {
    const ok = await app.inject({ method: 'GET', url: `/api/ping?q=${'x'.repeat(150)}` });
    expect(ok.statusCode).toBe(200);
    for (const url of [`/api/ping?q=${'x'.repeat(200)}`, `/${'x'.repeat(200)}`]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(414);
      expect(response.json()).toMatchObject({ statusCode: 414, code: 'BAD_REQUEST', error: 'URI Too Long' });
      expectSecurityHeaders(response);
    }
  });

  const nested = (depth: number): unknown => {
    let value: unknown = { name: 'leaf' };
    for (let i = 1; i < depth; i++) value = i % 2 ? [value] : { inner: value };
    return value;
  };

  it('measures JSON depth', () => {
    expect(jsonDepthExceeds('text', 0)).toBe(false);
    expect(jsonDepthExceeds({}, 1)).toBe(false);
    expect(jsonDepthExceeds({ a: [{}] }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: [{}] }, 2)).toBe(true);
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
  });

  it('refuses a body nested deeper than 32 levels with 400 BAD_REQUEST before validation', async () => {
    const post = (payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/things',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const atLimit = await post({ name: 'a', extra: nested(31) });
    expect(atLimit.statusCode).toBe(200);
    // Invalid for the schema too (no name): the depth answer comes first.
    const tooDeep = await post({ extra: nested(32) });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json()).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/nested deeper than 32/),
    });
  });

  it('survives a pathologically deep body without a stack overflow', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('errors', () => {
  it('answer 500 INTERNAL with no stack, path or message of the thrown error', async () => {
    const app = await build();
    try {
      const response = await app.inject({ method: 'GET', url: '/api/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        statusCode: 500,
        code: 'INTERNAL',
        error: 'Internal Server Error',
        message: 'Internal Server Error',
      });
      expect(response.body).not.toMatch(/password|secret\.ts|packages\/db|\bat \w|\.ts:\d+/);
      expect(response.body).not.toContain(process.cwd());
    } finally {
      await app.close();
    }
  });
});
