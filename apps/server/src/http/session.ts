// The session cookie, and the hook that makes every /api route except the public ones require it.
import type { AuthService, Authenticated } from '@optionstrader/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unauthenticated } from './app-error';

export const SESSION_COOKIE = 'ot_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health). */
    public?: boolean;
  }
}

export interface SessionCookieOptions {
  secure: 'true' | 'false' | 'auto';
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
  options: SessionCookieOptions,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure === 'auto' ? request.protocol === 'https' : options.secure === 'true',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function registerSessionAuth(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = (await auth.authenticate(token)) ?? null;
    const isApi = request.url === '/api' || request.url.startsWith('/api/') || request.url.startsWith('/api?');
    // Unknown /api paths also answer 401 without a session, so the API's shape is not revealed.
    if (isApi && !request.routeOptions.config?.public && !request.auth) throw unauthenticated();
  });
}

/** The caller's session; only for routes behind the auth hook. */
export function requireAuth(request: FastifyRequest): Authenticated {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}
