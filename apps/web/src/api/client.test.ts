import { meResponseSchema, readinessResponseSchema } from '@optionstrader/contracts';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from './api-error';
import { request } from './client';

const me = {
  id: '0b9a6f5e-4a1e-4d0a-9d55-7f5b1c0f2a11',
  email: 'admin@example.com',
  displayName: null,
  isAdmin: true,
  createdAt: '2026-01-02T03:04:05.000Z',
};

function respondWith(status: number, body?: unknown) {
  const fetchMock = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
    Promise.resolve(
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      }),
    ),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('request', () => {
  test('GET parses the body with the schema and sends same-origin credentials', async () => {
    const fetchMock = respondWith(200, { user: me });
    await expect(request('/api/me', { schema: meResponseSchema })).resolves.toEqual({ user: me });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.method).toBe('GET');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBeUndefined();
  });

  test('a mutating request without a body still sends JSON content type and a JSON body', async () => {
    const fetchMock = respondWith(204);
    await expect(request('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
    const init = fetchMock.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(init?.body).toBe('{}');
  });

  test('an API error body becomes an ApiError with its status, code, message and issues', async () => {
    respondWith(400, {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      error: 'Bad Request',
      message: 'body.email: Invalid email',
      issues: [{ path: 'body.email', message: 'Invalid email' }],
    });
    const error = await request('/api/auth/login', { method: 'POST', body: { email: 'x', password: 'y' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'body.email: Invalid email',
      issues: [{ path: 'body.email', message: 'Invalid email' }],
    });
  });

  test('a non-API error page keeps the status and gets a plain message', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(request('/api/me', { schema: meResponseSchema })).rejects.toMatchObject({
      status: 502,
      code: 'BAD_RESPONSE',
      message: 'Request failed (HTTP 502)',
    });
  });

  test('a 2xx body that does not match the contract is rejected, not passed on', async () => {
    respondWith(200, { user: { ...me, id: 'not-a-uuid' } });
    await expect(request('/api/me', { schema: meResponseSchema })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  test('a network failure becomes a NETWORK ApiError', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(request('/api/me', { schema: meResponseSchema })).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK',
    });
  });

  test('acceptStatuses lets a documented non-2xx body through (readyz 503)', async () => {
    const body = { status: 'not_ready', checks: { database: { ok: false, detail: 'connection refused' } } };
    respondWith(503, body);
    await expect(request('/readyz', { schema: readinessResponseSchema, acceptStatuses: [503] })).resolves.toEqual(body);
    respondWith(503, body);
    await expect(request('/readyz', { schema: readinessResponseSchema })).rejects.toMatchObject({ status: 503 });
  });
});
