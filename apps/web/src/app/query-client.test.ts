import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../api/api-error';
import { sessionQueryKey } from '../features/auth/session';
import { createQueryClient } from './query-client';

const user = { id: '0b9a6f5e-4a1e-4d0a-9d55-7f5b1c0f2a11', email: 'a@example.com' };

describe('createQueryClient', () => {
  test('a 401 from any query ends the cached session', async () => {
    const client = createQueryClient();
    client.setQueryData(sessionQueryKey, user);
    await client
      .fetchQuery({
        queryKey: ['positions'],
        queryFn: () => Promise.reject(new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')),
        retry: false,
      })
      .catch(() => undefined);
    expect(client.getQueryData(sessionQueryKey)).toBeNull();
  });

  test('other errors leave the session alone and 4xx are not retried', async () => {
    const client = createQueryClient();
    client.setQueryData(sessionQueryKey, user);
    let calls = 0;
    const observer = new QueryObserver(client, {
      queryKey: ['orders'],
      queryFn: () => {
        calls += 1;
        return Promise.reject(new ApiError(403, 'FORBIDDEN', 'No access'));
      },
    });
    const result = await new Promise((resolve) => {
      const unsubscribe = observer.subscribe((state) => {
        if (state.status === 'error') {
          unsubscribe();
          resolve(state.error);
        }
      });
    });
    expect(result).toMatchObject({ code: 'FORBIDDEN' });
    expect(calls).toBe(1);
    expect(client.getQueryData(sessionQueryKey)).toEqual(user);
  });

  test('a failed login (401 from a mutation marked ignoreUnauthenticated) does not touch the session', async () => {
    const client = createQueryClient();
    client.setQueryData(sessionQueryKey, user);
    const mutation = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new ApiError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect')),
      meta: { ignoreUnauthenticated: true },
    });
    await mutation.execute(undefined).catch(() => undefined);
    expect(client.getQueryData(sessionQueryKey)).toEqual(user);

    const other = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new ApiError(401, 'UNAUTHENTICATED', 'Session expired')),
    });
    await other.execute(undefined).catch(() => undefined);
    expect(client.getQueryData(sessionQueryKey)).toBeNull();
  });
});

describe('a 403 re-reads the session', () => {
  test.each(['NO_CLIENT', 'FORBIDDEN'] as const)('%s marks the session stale, without ending it', async (code) => {
    const client = createQueryClient();
    client.setQueryData(sessionQueryKey, user);
    await client
      .fetchQuery({
        queryKey: ['orders'],
        queryFn: () => Promise.reject(new ApiError(403, code, 'No access')),
        retry: false,
      })
      .catch(() => undefined);
    expect(client.getQueryState(sessionQueryKey)?.isInvalidated).toBe(true);
    expect(client.getQueryData(sessionQueryKey)).toEqual(user);
  });

  test('other errors leave the session fresh', async () => {
    const client = createQueryClient();
    client.setQueryData(sessionQueryKey, user);
    await client
      .fetchQuery({
        queryKey: ['orders'],
        queryFn: () => Promise.reject(new ApiError(409, 'CONFLICT', 'Busy')),
        retry: false,
      })
      .catch(() => undefined);
    expect(client.getQueryState(sessionQueryKey)?.isInvalidated).toBe(false);
  });
});
