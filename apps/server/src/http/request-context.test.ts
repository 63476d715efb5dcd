import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RequestAccess } from '@optionstrader/application';
import { loggerOptions } from '../logger';
import { REQUEST_ID_HEADER, registerRequestContext, requestIdOf } from './request-context';

/** The real logger writing JSON lines into memory. */
function capturedLines() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino(loggerOptions('info', false), stream), lines };
}

/** A Fastify app as buildApp sets it up: ids from requestIdOf, a caller found before the request context hook. */
async function appWith(log: FastifyBaseLogger, caller: Partial<RequestAccess> | null) {
  const app = Fastify({ loggerInstance: log, genReqId: requestIdOf });
  app.decorateRequest('access', null);
  app.addHook('onRequest', async (request) => {
    request.access = caller as RequestAccess | null;
  });
  registerRequestContext(app);
  app.get('/api/things', async (request) => {
    request.log.info({ things: 2 }, 'listed things');
    return { ok: true };
  });
  await app.ready();
  return app;
}

describe('request logs', () => {
  it('carry the request id and the signed-in user on every line, and echo the id', async () => {
    const { log, lines } = capturedLines();
    const app = await appWith(log, { user: { id: 'user-1' } as RequestAccess['user'], clientId: 'client-9' });
    const response = await app.inject({
      method: 'GET',
      url: '/api/things',
      headers: { [REQUEST_ID_HEADER]: 'edge-7' },
    });
    await app.close();
    expect(response.headers[REQUEST_ID_HEADER]).toBe('edge-7');
    const ofRequest = lines.filter((line) => line.reqId === 'edge-7');
    expect(ofRequest.map((line) => line.msg)).toEqual(['incoming request', 'listed things', 'request completed']);
    // Authentication runs after the "incoming request" line; the lines after it know the user.
    expect(ofRequest.slice(1).every((line) => line.userId === 'user-1' && line.clientId === 'client-9')).toBe(true);
    expect(ofRequest[2]).toMatchObject({ res: { statusCode: 200 } });
    expect(typeof ofRequest[2]?.responseTime).toBe('number');
  });

  it('give anonymous requests a fresh id and no user', async () => {
    const { log, lines } = capturedLines();
    const app = await appWith(log, null);
    const response = await app.inject({ method: 'GET', url: '/api/things' });
    await app.close();
    const id = response.headers[REQUEST_ID_HEADER];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const completed = lines.find((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ reqId: id });
    expect(completed).not.toHaveProperty('userId');
  });

  it.each([['a value with spaces'], ['quote"and\\backslash'], ['x'.repeat(65)], [''], ['{"level":60}']])(
    'does not take the unsafe incoming id %j',
    (incoming) => {
      const id = requestIdOf({ headers: { [REQUEST_ID_HEADER]: incoming } });
      expect(id).not.toBe(incoming);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('takes a safe one: letters, digits, dot, dash and underscore, up to 64', () => {
    for (const incoming of ['abc', 'A.b-c_d.123', 'x'.repeat(64), '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'])
      expect(requestIdOf({ headers: { [REQUEST_ID_HEADER]: incoming } })).toBe(incoming);
  });
});
