// Who is calling: the session cookie (browsers) or a bearer API token (scripts). The hooks here authenticate every
// /api request, enforce its route's declared permission and ownership (access.ts), and audit every mutation.
import type { AccessService, AuditRepository, AuthService, Clock } from '@optionstrader/application';
import { runInAuditContext, type AuditContext } from '@optionstrader/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkOwnership, checkPermission, requirePermissionDeclarations } from './access';
import { unauthenticated } from './app-error';
import { checkCsrf } from './hardening';

export const SESSION_COOKIE = 'ot_session';

declare module 'fastify' {
  interface FastifyRequest {
    auditContext: AuditContext | null;
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isApiUrl = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

export interface AccessHooksDeps {
  auth: AuthService;
  access: AccessService;
  audit: AuditRepository;
  clock: Clock;
}

export function registerAccessControl(app: FastifyInstance, deps: AccessHooksDeps) {
  const { auth, access, audit, clock } = deps;
  requirePermissionDeclarations(app);
  app.decorateRequest('access', null);
  app.decorateRequest('auditContext', null);

  // Every request runs inside its audit context, so audit entries written anywhere below carry its client and IP.
  app.addHook('onRequest', (request, _reply, done) => {
    const context: AuditContext = { clientId: null, ip: request.ip, recorded: 0 };
    request.auditContext = context;
    runInAuditContext(context, done);
  });

  app.addHook('onRequest', async (request) => {
    const isApi = isApiUrl(request.url);
    const bearer = isApi ? bearerToken(request) : undefined;
    if (bearer) {
      request.access = (await access.forToken(bearer)) ?? null;
      // A bad token is an error even on public routes: a script should learn its token no longer works.
      if (!request.access) throw unauthenticated();
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const found = token ? await auth.authenticate(token) : undefined;
      if (found) request.access = await access.forSession(found.user, found.session);
    }
    if (request.auditContext) request.auditContext.clientId = request.access?.clientId ?? null;
    // Unknown /api paths also answer 401 without a session, so the API's shape is not revealed.
    if (!isApi || request.routeOptions.config?.public) return;
    if (!request.access) throw unauthenticated();
    // Cookies ride along on cross-site requests; bearer tokens do not, so only cookie mutations need the check.
    if (request.access.via === 'session' && !SAFE_METHODS.has(request.method)) checkCsrf(request);
    checkPermission(request);
  });

  // After parsing (ids may be in the body) and before validation: another client's id is "not found" whatever else.
  app.addHook('preValidation', async (request) => {
    if (request.access && request.routeOptions.config?.permission) await checkOwnership(request, access);
  });

  // A mutation whose use case wrote no audit entry of its own still leaves one: who, what, where.
  app.addHook('onResponse', async (request, reply) => {
    const context = request.auditContext;
    const caller = request.access;
    if (!context || !caller || SAFE_METHODS.has(request.method) || context.recorded > 0) return;
    if (!isApiUrl(request.url) || reply.statusCode >= 300) return;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    const params = (request.params ?? {}) as Record<string, unknown>;
    const id = typeof params.id === 'string' ? params.id : typeof params.userId === 'string' ? params.userId : null;
    try {
      await audit.record({
        actorUserId: caller.user.id,
        clientId: context.clientId,
        ip: context.ip,
        action: `api.${request.method.toLowerCase()} ${route.replace(/^\/api/, '')}`,
        entityType: route.replace(/^\/api\//, '').split('/')[0] ?? 'api',
        entityId: id,
        after: { status: reply.statusCode, via: caller.via },
        at: clock.now(),
      });
    } catch (error) {
      request.log.error({ err: error }, 'audit entry failed');
    }
  });
}
