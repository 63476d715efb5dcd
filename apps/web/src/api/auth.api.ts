import {
  loginResponseSchema,
  sessionInfoSchema,
  type ChangePasswordRequest,
  type LoginRequest,
  type Me,
} from '@optionstrader/contracts';
import { isUnauthenticated } from './api-error';
import { request } from './client';

/** Who is signed in, the clients they may work in (with their role there) and the active one. */
export type SessionInfo = ReturnType<typeof sessionInfoSchema.parse>;

export async function login(credentials: LoginRequest): Promise<Me> {
  const { user } = await request('/api/auth/login', { method: 'POST', body: credentials, schema: loginResponseSchema });
  return user;
}

export async function logout(): Promise<void> {
  await request('/api/auth/logout', { method: 'POST' });
}

/** Ends every session of the user, this one included. */
export async function logoutEverywhere(): Promise<void> {
  await request('/api/auth/logout-everywhere', { method: 'POST' });
}

/** The signed-in user with their clients, or null when there is no valid session. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await request('/api/me', { schema: sessionInfoSchema });
  } catch (error) {
    if (isUnauthenticated(error)) return null;
    throw error;
  }
}

/** Makes another of the user's clients the active one for this session; every other answer changes with it. */
export function selectClient(clientId: string): Promise<SessionInfo> {
  return request('/api/me/client', { method: 'PUT', body: { clientId }, schema: sessionInfoSchema });
}

/** The user's other sessions end; this one stays. */
export async function changePassword(body: ChangePasswordRequest): Promise<void> {
  await request('/api/me/password', { method: 'POST', body });
}
