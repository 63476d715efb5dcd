// Signing in and out, and the caller's own profile: who they are, which client they work in, their password.
import type {
  AccessService,
  AuthService,
  Clock,
  MembershipRecord,
  RequestAccess,
  UserRecord,
} from '@optionstrader/application';
import {
  changePasswordRequestSchema,
  errorBodySchema,
  loginRequestSchema,
  loginResponseSchema,
  selectClientRequestSchema,
  sessionInfoSchema,
  type Client,
  type Me,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access';
import { AppError } from '../app-error';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie, type SessionCookieOptions } from '../session';

export const toMe = (user: UserRecord): Me => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  isAdmin: user.isAdmin,
  createdAt: user.createdAt.toISOString(),
});

const toClient = (m: MembershipRecord, role = m.role): Client => ({
  id: m.clientId,
  name: m.clientName,
  role,
  createdAt: m.createdAt.toISOString(),
});

const sessionInfo = (caller: RequestAccess) => {
  const active = caller.clients.find((c) => c.clientId === caller.clientId);
  return {
    user: toMe(caller.user),
    activeClient: active && caller.role ? toClient(active, caller.role) : null,
    clients: caller.clients.map((c) => toClient(c)),
  };
};

export interface AuthRoutesOptions {
  auth: AuthService;
  clock: Clock;
  access: AccessService;
  cookie: SessionCookieOptions;
  loginRateLimitPerMinute: number;
}

export function authRoutes({
  auth,
  access,
  clock,
  cookie,
  loginRateLimitPerMinute,
}: AuthRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets a new session cookie (any session the browser held ends)',
          body: loginRequestSchema,
          response: {
            200: loginResponseSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            423: errorBodySchema,
            429: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const result = await auth.login({
          ...request.body,
          userAgent: request.headers['user-agent'] ?? null,
          ip: request.ip,
          previousToken: request.cookies[SESSION_COOKIE],
        });
        if (!result.ok) {
          if (result.reason === 'locked') {
            const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - clock.now().getTime()) / 1000));
            void reply.header('retry-after', String(seconds));
            throw new AppError(
              423,
              'ACCOUNT_LOCKED',
              `Too many failed sign-ins; try again after ${result.retryAt.toISOString()}`,
            );
          }
          throw new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect');
        }
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
        if (token) await auth.logout(token, request.access?.user.id ?? null);
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/logout-everywhere',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['auth'],
          summary: "End every one of the caller's sessions, on every device",
          response: { 204: z.null().describe('No content'), 401: errorBodySchema },
        },
      },
      async (request, reply) => {
        await auth.logoutEverywhere(accessOf(request).user.id);
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, their clients and the active one',
          response: { 200: sessionInfoSchema, 401: errorBodySchema },
        },
      },
      async (request) => sessionInfo(accessOf(request)),
    );

    app.put(
      '/me/client',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'Work in another of your clients (this session)',
          body: selectClientRequestSchema,
          response: { 200: sessionInfoSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const caller = accessOf(request);
        const selected = await access.selectClient(caller, request.body.clientId);
        if (!selected.ok) throw new AppError(selected.status, selected.code, selected.message);
        const role = caller.clients.find((c) => c.clientId === request.body.clientId)?.role ?? null;
        return sessionInfo({ ...caller, clientId: request.body.clientId, role });
      },
    );

    app.post(
      '/me/password',
      {
        config: { permission: 'user', rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: "Change the caller's password; their other sessions end",
          body: changePasswordRequestSchema,
          response: {
            204: z.null().describe('No content'),
            400: errorBodySchema,
            401: errorBodySchema,
            403: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const caller = accessOf(request);
        if (caller.via !== 'session') throw new AppError(403, 'FORBIDDEN', 'API tokens cannot change passwords');
        const { currentPassword, newPassword } = request.body;
        const result = await auth.changePassword(caller.user, caller.session?.id ?? null, currentPassword, newPassword);
        if (!result.ok) {
          const path = result.reason === 'invalid_credentials' ? 'body.currentPassword' : 'body.newPassword';
          const code = result.reason === 'invalid_credentials' ? 'INVALID_CREDENTIALS' : 'WEAK_PASSWORD';
          throw new AppError(400, code, result.message, [{ path, message: result.message }]);
        }
        return reply.status(204).send(null);
      },
    );
  };
}
