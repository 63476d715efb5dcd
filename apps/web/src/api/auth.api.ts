import { loginResponseSchema, meResponseSchema, type LoginRequest, type Me } from '@optionstrader/contracts';
import { isUnauthenticated } from './api-error';
import { request } from './client';

export async function login(credentials: LoginRequest): Promise<Me> {
  const { user } = await request('/api/auth/login', { method: 'POST', body: credentials, schema: loginResponseSchema });
  return user;
}

export async function logout(): Promise<void> {
  await request('/api/auth/logout', { method: 'POST' });
}

/** The signed-in user, or null when there is no valid session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const { user } = await request('/api/me', { schema: meResponseSchema });
    return user;
  } catch (error) {
    if (isUnauthenticated(error)) return null;
    throw error;
  }
}
