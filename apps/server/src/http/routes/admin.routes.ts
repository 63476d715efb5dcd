// The installation admin's routes: users and clients, and which client holds each broker account.
import type { AdminService, AdminUserView, ClientOverview } from '@optionstrader/application';
import {
  adminClientListSchema,
  adminClientSchema,
  adminUserListSchema,
  adminUserSchema,
  assignAccountRequestSchema,
  createClientRequestSchema,
  createUserRequestSchema,
  errorBodySchema,
  renameClientRequestSchema,
  updateUserRequestSchema,
  type AdminClient,
  type AdminUser,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access';
import { orFail } from './access.routes';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};
const idParams = z.strictObject({ id: z.uuid() });
const admin = { permission: 'admin' } as const;

const toAdminUser = ({ user, memberships }: AdminUserView): AdminUser => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  isAdmin: user.isAdmin,
  disabled: user.disabled,
  lockedUntil: user.lockedUntil?.toISOString() ?? null,
  memberships: memberships.map((m) => ({ clientId: m.clientId, clientName: m.clientName, role: m.role })),
  createdAt: user.createdAt.toISOString(),
});

const toAdminClient = (c: ClientOverview): AdminClient => ({
  id: c.id,
  name: c.name,
  members: c.members,
  accounts: c.accounts,
  createdAt: c.createdAt.toISOString(),
});

export function adminRoutes(service: AdminService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/users',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Every user of the installation',
          response: { 200: adminUserListSchema, ...errors },
        },
      },
      async () => ({ items: (await service.listUsers()).map(toAdminUser) }),
    );

    app.post(
      '/admin/users',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Create a user',
          body: createUserRequestSchema,
          response: { 201: adminUserSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(toAdminUser(orFail(await service.createUser(accessOf(request).user.id, request.body)))),
    );

    app.patch(
      '/admin/users/:id',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Disable or enable a user, grant or drop admin, unlock after failed sign-ins',
          params: idParams,
          body: updateUserRequestSchema,
          response: { 200: adminUserSchema, ...errors },
        },
      },
      async (request) =>
        toAdminUser(orFail(await service.updateUser(accessOf(request).user.id, request.params.id, request.body))),
    );

    app.get(
      '/admin/clients',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Every client, its member count and broker accounts',
          response: { 200: adminClientListSchema, ...errors },
        },
      },
      async () => ({ items: (await service.listClients()).map(toAdminClient) }),
    );

    app.post(
      '/admin/clients',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Create a client',
          body: createClientRequestSchema,
          response: { 201: adminClientSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(toAdminClient(await service.createClient(accessOf(request).user.id, request.body.name))),
    );

    app.patch(
      '/admin/clients/:id',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Rename a client',
          params: idParams,
          body: renameClientRequestSchema,
          response: { 200: adminClientSchema, ...errors },
        },
      },
      async (request) =>
        toAdminClient(
          orFail(await service.renameClient(accessOf(request).user.id, request.params.id, request.body.name)),
        ),
    );

    app.delete(
      '/admin/clients/:id',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Delete a client that holds no broker accounts',
          params: idParams,
          response: { 204: z.null().describe('No content'), ...errors },
        },
      },
      async (request, reply) => {
        orFail(await service.deleteClient(accessOf(request).user.id, request.params.id));
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/admin/accounts/:id/client',
      {
        config: admin,
        schema: {
          tags: ['admin'],
          summary: 'Move a broker account (with its history) to another client',
          params: idParams,
          body: assignAccountRequestSchema,
          response: { 204: z.null().describe('No content'), ...errors },
        },
      },
      async (request, reply) => {
        orFail(await service.assignAccount(accessOf(request).user.id, request.params.id, request.body.clientId));
        return reply.status(204).send(null);
      },
    );
  };
}
