// The active client's members (owners manage them) and the caller's own API tokens.
import type { AccessResult, AccessService, ApiTokenRecord, MemberRecord } from '@optionstrader/application';
import {
  addMemberRequestSchema,
  apiTokenListSchema,
  changeRoleRequestSchema,
  createApiTokenRequestSchema,
  createdApiTokenSchema,
  errorBodySchema,
  memberListSchema,
  memberSchema,
  type ApiToken,
  type Member,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf, clientOf } from '../access';
import { AppError } from '../app-error';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};
const userParams = z.strictObject({ userId: z.uuid() });
const idParams = z.strictObject({ id: z.uuid() });

/** A refused access use case as the API's error. */
export function orFail<T>(result: AccessResult<T>): T {
  if (result.ok) return result.value;
  throw new AppError(result.status, result.code, result.message, result.issues);
}

const toMember = (m: MemberRecord): Member => ({
  userId: m.userId,
  email: m.email,
  displayName: m.displayName,
  role: m.role,
  addedAt: m.addedAt.toISOString(),
});

const toToken = (t: ApiTokenRecord): ApiToken => ({
  id: t.id,
  name: t.name,
  clientId: t.clientId,
  clientName: t.clientName,
  scope: t.scope,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export function accessRoutes(access: AccessService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/clients/members',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['clients'],
          summary: "The active client's members and their roles",
          response: { 200: memberListSchema, ...errors },
        },
      },
      async (request) => ({ items: (await access.members(clientOf(request))).map(toMember) }),
    );

    app.post(
      '/clients/members',
      {
        config: { permission: 'manage' },
        schema: {
          tags: ['clients'],
          summary: 'Add a user to the active client (a new user when a password is given)',
          body: addMemberRequestSchema,
          response: { 201: memberSchema, ...errors },
        },
      },
      async (request, reply) => {
        const member = orFail(await access.addMember(accessOf(request), clientOf(request), request.body));
        return reply.status(201).send(toMember(member));
      },
    );

    app.put(
      '/clients/members/:userId',
      {
        config: { permission: 'manage' },
        schema: {
          tags: ['clients'],
          summary: "Change a member's role",
          params: userParams,
          body: changeRoleRequestSchema,
          response: { 200: memberSchema, ...errors },
        },
      },
      async (request) =>
        toMember(
          orFail(
            await access.changeRole(accessOf(request), clientOf(request), request.params.userId, request.body.role),
          ),
        ),
    );

    app.delete(
      '/clients/members/:userId',
      {
        config: { permission: 'manage' },
        schema: {
          tags: ['clients'],
          summary: 'Remove a member from the active client',
          params: userParams,
          response: { 204: z.null().describe('No content'), ...errors },
        },
      },
      async (request, reply) => {
        orFail(await access.removeMember(accessOf(request), clientOf(request), request.params.userId));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/tokens',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['auth'],
          summary: "The caller's API tokens",
          response: { 200: apiTokenListSchema, ...errors },
        },
      },
      async (request) => ({ items: (await access.listTokens(accessOf(request).user.id)).map(toToken) }),
    );

    app.post(
      '/me/tokens',
      {
        // `read`: a token is for a client the caller belongs to, and never reaches above their role there.
        config: { permission: 'read' },
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for the active client (shown once)',
          body: createApiTokenRequestSchema,
          response: { 201: createdApiTokenSchema, ...errors },
        },
      },
      async (request, reply) => {
        const caller = accessOf(request);
        if (caller.via !== 'session') throw new AppError(403, 'FORBIDDEN', 'API tokens cannot create API tokens');
        const created = await access.createToken(caller, clientOf(request), request.body);
        return reply.status(201).send({ token: created.token, item: toToken(created.item) });
      },
    );

    app.delete(
      '/me/tokens/:id',
      {
        config: { permission: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke one of your API tokens',
          params: idParams,
          response: { 204: z.null().describe('No content'), ...errors },
        },
      },
      async (request, reply) => {
        orFail(await access.revokeToken(accessOf(request), request.params.id));
        return reply.status(204).send(null);
      },
    );
  };
}
