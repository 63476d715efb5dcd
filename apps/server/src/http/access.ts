// Access control in one place: every /api route declares the permission it needs (and which ids in the request must
// belong to the caller's active client); the hooks here enforce both for every request.
import { roleAllows, type AccessService, type OwnedEntity, type RequestAccess } from '@optionstrader/application';
import type { Permission } from '@optionstrader/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unauthenticated } from './app-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (login, health). */
    public?: boolean;
    /** What the caller needs; required on every /api route that is not `public`. */
    permission?: Permission;
    /**
     * Request values that name a client's object, e.g. `{ 'params.id': 'recommendation', 'body.accountId':
     * 'account' }`. One that is not the active client's answers 404, as if it did not exist.
     */
    owns?: Partial<Record<`${'params' | 'query' | 'body'}.${string}`, OwnedEntity>>;
  }
  interface FastifyRequest {
    access: RequestAccess | null;
  }
}

export const forbidden = (message: string) => new AppError(403, 'FORBIDDEN', message);

const roleNeeded: Record<Permission, string> = {
  user: 'a signed-in user',
  read: 'a member of this client',
  trade: 'the trader or owner role in this client',
  manage: 'the owner role in this client',
  admin: 'an installation admin',
};

/** The caller's access; only for routes behind the access hooks (not `public`). */
export function accessOf(request: FastifyRequest): RequestAccess {
  if (!request.access) throw unauthenticated();
  return request.access;
}

/** The active client of a client-scoped route (`read`, `trade` or `manage`), guaranteed by the hook. */
export function clientOf(request: FastifyRequest): string {
  const { clientId } = accessOf(request);
  if (!clientId) throw new AppError(403, 'NO_CLIENT', 'You are not a member of any client yet; ask an admin');
  return clientId;
}

/** Refuses, at start-up, an /api route that forgot to say who may call it. */
export function requirePermissionDeclarations(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const config = route.config;
    if (!config?.public && !config?.permission) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no permission`);
    }
  });
}

/** Checks the declared permission against the caller's role (after authentication has set `request.access`). */
export function checkPermission(request: FastifyRequest) {
  const permission = request.routeOptions.config?.permission;
  if (!permission) return;
  const access = accessOf(request);
  if (permission === 'user') return;
  if (permission === 'admin') {
    if (!access.user.isAdmin || access.via === 'token') throw forbidden(`This needs ${roleNeeded.admin}`);
    return;
  }
  if (!access.clientId || !access.role) {
    throw new AppError(403, 'NO_CLIENT', 'You are not a member of any client yet; ask an admin');
  }
  if (!roleAllows(access.role, permission)) throw forbidden(`This needs ${roleNeeded[permission]}`);
}

function valueAt(request: FastifyRequest, path: string): unknown {
  const [where, ...keys] = path.split('.');
  let value: unknown = where === 'params' ? request.params : where === 'query' ? request.query : request.body;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** 404 for any declared id that is not the active client's: other clients' objects do not exist for this caller. */
export async function checkOwnership(request: FastifyRequest, access: AccessService) {
  const owns = request.routeOptions.config?.owns;
  if (!owns) return;
  const clientId = clientOf(request);
  for (const [path, entity] of Object.entries(owns)) {
    const value = valueAt(request, path);
    if (!entity) continue;
    // Absent or not a string: the schema decides (400) or the filter is simply not used.
    if (typeof value !== 'string') continue;
    const owner = await access.ownerOf(entity, value);
    // `null`: an installation-wide object (e.g. a connectivity alert) every client sees.
    if (owner === undefined || (owner !== null && owner !== clientId)) {
      throw new AppError(404, 'NOT_FOUND', `No ${entity.replaceAll('_', ' ')} ${value}`);
    }
  }
}
