// Who may do what: clients, memberships with roles, the installation's users, API tokens.
import { z } from 'zod';
import { emailSchema, meSchema, newPasswordSchema } from './auth';

export const clientRoles = ['owner', 'trader', 'viewer'] as const;
export const clientRoleSchema = z.enum(clientRoles).describe('ClientRole');
export type ClientRole = z.infer<typeof clientRoleSchema>;

/**
 * What a route needs. `user`: any signed-in user (their own profile, password, tokens). `read`/`trade`/`manage`:
 * viewer/trader/owner of the active client. `admin`: the installation's admin.
 */
export const permissions = ['user', 'read', 'trade', 'manage', 'admin'] as const;
export type Permission = (typeof permissions)[number];

/** API tokens act for their user in one client, never above `trade`. */
export const tokenScopes = ['read', 'trade'] as const;
export const tokenScopeSchema = z.enum(tokenScopes).describe('TokenScope');
export type TokenScope = z.infer<typeof tokenScopeSchema>;

const name = z.string().trim().min(1).max(120);

export const clientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The caller's role here; admins act as owner in every client. */
    role: clientRoleSchema,
    createdAt: z.iso.datetime(),
  })
  .describe('Client');
export type Client = z.infer<typeof clientSchema>;

export const clientListSchema = z
  .object({ activeClientId: z.uuid().nullable(), items: z.array(clientSchema) })
  .describe('ClientList');
export type ClientList = z.infer<typeof clientListSchema>;

export const selectClientRequestSchema = z.strictObject({ clientId: z.uuid() }).describe('SelectClientRequest');

export const memberSchema = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    role: clientRoleSchema,
    addedAt: z.iso.datetime(),
  })
  .describe('Member');
export type Member = z.infer<typeof memberSchema>;
export const memberListSchema = z.object({ items: z.array(memberSchema) }).describe('MemberList');

/** Adds an existing user by email, or creates one (then `password` is required). */
export const addMemberRequestSchema = z
  .strictObject({
    email: emailSchema,
    role: clientRoleSchema,
    displayName: name.optional(),
    password: newPasswordSchema.optional(),
  })
  .describe('AddMemberRequest');
export type AddMemberRequest = z.infer<typeof addMemberRequestSchema>;

export const changeRoleRequestSchema = z.strictObject({ role: clientRoleSchema }).describe('ChangeRoleRequest');

export const adminUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    isAdmin: z.boolean(),
    disabled: z.boolean(),
    lockedUntil: z.iso.datetime().nullable(),
    memberships: z.array(z.object({ clientId: z.uuid(), clientName: z.string(), role: clientRoleSchema })),
    createdAt: z.iso.datetime(),
  })
  .describe('AdminUser');
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.object({ items: z.array(adminUserSchema) }).describe('AdminUserList');

export const createUserRequestSchema = z
  .strictObject({
    email: emailSchema,
    password: newPasswordSchema,
    displayName: name.optional(),
    isAdmin: z.boolean().default(false),
  })
  .describe('CreateUserRequest');
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .strictObject({
    disabled: z.boolean().optional(),
    isAdmin: z.boolean().optional(),
    unlock: z.literal(true).optional(),
  })
  .describe('UpdateUserRequest');
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const adminClientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    members: z.number().int(),
    accounts: z.array(z.object({ id: z.uuid(), accountCode: z.string(), label: z.string().nullable() })),
    createdAt: z.iso.datetime(),
  })
  .describe('AdminClient');
export type AdminClient = z.infer<typeof adminClientSchema>;
export const adminClientListSchema = z.object({ items: z.array(adminClientSchema) }).describe('AdminClientList');

export const createClientRequestSchema = z.strictObject({ name }).describe('CreateClientRequest');
export const renameClientRequestSchema = z.strictObject({ name }).describe('RenameClientRequest');
/** Moves a broker account (and everything recorded on it) to another client. */
export const assignAccountRequestSchema = z.strictObject({ clientId: z.uuid() }).describe('AssignAccountRequest');

export const changePasswordRequestSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordSchema })
  .describe('ChangePasswordRequest');
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    clientId: z.uuid(),
    clientName: z.string(),
    scope: tokenScopeSchema,
    /** The first characters of the token, so a user can tell tokens apart; the rest is never shown again. */
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .describe('ApiToken');
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) }).describe('ApiTokenList');

export const createApiTokenRequestSchema = z
  .strictObject({
    name,
    scope: tokenScopeSchema,
    /** Days until it stops working; absent = until revoked. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .describe('CreateApiTokenRequest');
export type CreateApiTokenRequest = z.infer<typeof createApiTokenRequestSchema>;

export const createdApiTokenSchema = z
  .object({
    token: z.string().describe('Shown once: send it as `Authorization: Bearer <token>`'),
    item: apiTokenSchema,
  })
  .describe('CreatedApiToken');
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const sessionInfoSchema = z
  .object({ user: meSchema, activeClient: clientSchema.nullable(), clients: z.array(clientSchema) })
  .describe('SessionInfo');
