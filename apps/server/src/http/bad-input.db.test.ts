// Bad input gets a clear 4xx with a stable code, and changes nothing.
import { queryRows } from '@optionstrader/db';
import { postgresUnavailable } from '@optionstrader/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../testing/test-app';

async function counts(t: TestApp) {
  return queryRows(
    t.testDb.database.db,
    /* sql */ `select (select count(*) from sessions)::int as sessions, (select count(*) from audit_log)::int as audit, (select count(*) from users)::int as users`,
  );
}

describe.skipIf(postgresUnavailable())('bad input to POST /api/auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ app: { bodyLimitBytes: 1024 } });
  });
  afterAll(async () => t.close());

  const json = { 'content-type': 'application/json' };
  const cases = [
    {
      name: 'malformed JSON',
      headers: json,
      payload: '{"email": "admin@example.com", ',
      status: 400,
      code: 'MALFORMED_JSON',
    },
    { name: 'empty JSON body', headers: json, payload: '', status: 400, code: 'MALFORMED_JSON' },
    {
      name: 'wrong types',
      headers: json,
      payload: JSON.stringify({ email: 42, password: true }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'missing password',
      headers: json,
      payload: JSON.stringify({ email: ADMIN.email }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'not an email',
      headers: json,
      payload: JSON.stringify({ email: 'admin', password: 'x' }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'unknown field',
      headers: json,
      payload: JSON.stringify({ email: ADMIN.email, password: ADMIN.password, isAdmin: true }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'a JSON array', headers: json, payload: '[]', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'oversize body',
      headers: json,
      payload: JSON.stringify({ email: ADMIN.email, password: 'x'.repeat(4096) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'unsupported media type',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=admin%40example.com&password=x',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
  ] as const;

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}, nothing written`, async () => {
      const before = await counts(t);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: c.headers,
        payload: c.payload,
      });
      expect(response.statusCode).toBe(c.status);
      const body = response.json();
      expect(body).toMatchObject({ statusCode: c.status, code: c.code });
      expect(typeof body.message).toBe('string');
      expect(body.message.length).toBeGreaterThan(0);
      expect(response.cookies).toHaveLength(0);
      expect(await counts(t)).toEqual(before);
    });
  }

  it('names the offending field in validation errors', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@example.com', password: 7 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([expect.objectContaining({ path: 'body.password' })]);
  });
});

describe.skipIf(postgresUnavailable())('errors outside the happy path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Routes can only be added before the first request.
    t.app.get('/api/test-crash', { config: { permission: 'user' } }, async () => {
      throw new Error('secret internal detail at /srv/db password=hunter2');
    });
  });
  afterAll(async () => t.close());

  it('an unknown /api route answers 401 without a session and 404 NOT_FOUND with one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/does-not-exist' })).statusCode).toBe(401);
    const { cookie } = await t.login();
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/does-not-exist',
      headers: { cookie: cookie ?? '' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND', statusCode: 404 });
  });

  it('a crash inside a handler is a redacted 500: no message, no stack', async () => {
    const { cookie } = await t.login();
    const response = await t.app.inject({ method: 'GET', url: '/api/test-crash', headers: { cookie: cookie ?? '' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      error: 'Internal Server Error',
      message: 'Internal Server Error',
    });
    expect(response.body).not.toContain('hunter2');
  });
});
