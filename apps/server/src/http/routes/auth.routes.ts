import type { AuthService, UserRecord } from '@optionstrader/application';
import {
  errorBodySchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  type Me,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../app-error';
import {
  clearSessionCookie,
  requireAuth,
  SESSION_COOKIE,
  setSessionCookie,
  type SessionCookieOptions,
} from '../session';

export const toMe = (user: UserRecord): Me => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  isAdmin: user.isAdmin,
  createdAt: user.createdAt.toISOString(),
});

export interface AuthRoutesOptions {
  auth: AuthService;
  cookie: SessionCookieOptions;
  loginRateLimitPerMinute: number;
}

export function authRoutes({ auth, cookie, loginRateLimitPerMinute }: AuthRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the session cookie',
          body: loginRequestSchema,
          response: { 200: loginResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const result = await auth.login({
          ...request.body,
          userAgent: request.headers['user-agent'] ?? null,
          ip: request.ip,
        });
        if (!result.ok) throw new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect');
        setSessionCookie(request, reply, result.token, result.expiresAt, cookie);
        return { user: toMe(result.user) };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'End the current session',
          response: { 204: z.null().describe('No content') },
        },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await auth.logout(token, request.auth?.user.id ?? null);
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user',
          response: { 200: meResponseSchema, 401: errorBodySchema },
        },
      },
      async (request) => ({ user: toMe(requireAuth(request).user) }),
    );
  };
}
