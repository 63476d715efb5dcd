import Fastify from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './http/error-handler';
import { loggerOptions, redactLine } from './logger';

const SECRET = 'hunter2-very-secret';

/** The real logger writing into memory. */
function capturedLogger(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino(loggerOptions(level, false), stream), output: () => lines.join('') };
}

describe('loggerOptions redaction', () => {
  it('censors secret-named keys at any depth, in arrays and whole objects', () => {
    const { log, output } = capturedLogger();
    log.info(
      {
        user: { email: 'a@b.c', password: SECRET },
        broker: { connection: { settings: { apiKey: SECRET, clientSecret: SECRET } } },
        smtp: { auth: { SMTP_PASSWORD: SECRET } },
        sessions: [{ id: 1, sessionToken: SECRET }],
        credentials: { secret: { nested: SECRET } },
        headers: { Authorization: `Bearer ${SECRET}`, Cookie: `ot_session=${SECRET}`, 'set-cookie': [SECRET] },
      },
      'configured',
    );
    const out = output();
    expect(out).not.toContain(SECRET);
    const line = JSON.parse(out) as Record<string, Record<string, unknown>>;
    expect(line.user).toEqual({ email: 'a@b.c', password: '[redacted]' });
    expect(line.sessions).toEqual([{ id: 1, sessionToken: '[redacted]' }]);
    expect(line.credentials).toEqual({ secret: '[redacted]' });
    expect(line.msg).toBe('configured');
  });

  it('censors secrets nested in a logged error (its own properties and its cause)', () => {
    const { log, output } = capturedLogger();
    const cause = Object.assign(new Error('handshake failed'), { request: { headers: { authorization: SECRET } } });
    const error = Object.assign(new Error('smtp login failed', { cause }), {
      config: { auth: { pass: SECRET, password: SECRET } },
    });
    log.error({ err: error }, 'notification failed');
    const out = output();
    expect(out).toContain('smtp login failed');
    expect(out).toContain('"auth":{"pass":"[redacted]","password":"[redacted]"}');
    expect(out).not.toContain(SECRET);
  });

  it('censors passwords in URLs and secret query parameters', () => {
    const { log, output } = capturedLogger();
    log.warn({ url: `postgres://optionstrader:${SECRET}@db:5432/ot` }, 'database unreachable');
    log.info({ url: `/api/auth/reset?token=${SECRET}&next=/` }, 'reset');
    const out = output();
    expect(out).not.toContain(SECRET);
    expect(out).toContain('postgres://optionstrader:[redacted]@db:5432/ot');
    expect(out).toContain('?token=[redacted]&next=/');
  });

  it('leaves ordinary lines untouched', () => {
    const line = '{"level":30,"msg":"synced","accounts":3,"url":"http://127.0.0.1:8080/api/health"}\n';
    expect(redactLine(line)).toBe(line);
  });

  it('censors request headers, cookies and Set-Cookie in the request logs of a real Fastify app', async () => {
    const { log, output } = capturedLogger();
    const app = Fastify({ loggerInstance: log });
    app.setErrorHandler(errorHandler);
    app.post('/login', async (request, reply) => {
      request.log.info({ headers: request.headers, body: request.body }, 'login attempt');
      return reply.header('set-cookie', `ot_session=${SECRET}; HttpOnly`).send({ ok: true });
    });
    app.get('/boom', async (request) => {
      throw Object.assign(new Error('broker rejected'), {
        details: { apiKey: SECRET, cookie: request.headers.cookie },
      });
    });
    await app.inject({
      method: 'POST',
      url: '/login',
      headers: { authorization: `Bearer ${SECRET}`, cookie: `ot_session=${SECRET}` },
      payload: { email: 'a@b.c', password: SECRET },
    });
    const boom = await app.inject({ method: 'GET', url: '/boom', headers: { cookie: `ot_session=${SECRET}` } });
    await app.close();
    expect(boom.statusCode).toBe(500);
    const out = output();
    expect(out).toContain('login attempt');
    expect(out).toContain('broker rejected');
    expect(out).not.toContain(SECRET);
  });
});
