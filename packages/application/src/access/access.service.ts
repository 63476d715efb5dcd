// Who the caller is in which client, and the management of clients, memberships and API tokens.
import { type ClientRole, type CreateApiTokenRequest, type AddMemberRequest } from '@optionstrader/contracts';
import type {
  AccessRepository,
  ApiTokenRecord,
  AuditRepository,
  Clock,
  MemberRecord,
  MembershipRecord,
  OwnedEntity,
  SessionRecord,
  TokenGenerator,
  UserRecord,
  UsersRepository,
} from '../ports';
import type { UsersService } from '../auth/users.service';
import { tokenRole } from './permissions';

/** The caller of one request: who, in which client, with which role, and how they authenticated. */
export interface RequestAccess {
  user: UserRecord;
  via: 'session' | 'token';
  session: SessionRecord | null;
  /** The active client; null when the user belongs to none. */
  clientId: string | null;
  role: ClientRole | null;
  /** Every client the user may select, with their role there (admins: all, as owner). */
  clients: MembershipRecord[];
}

export type AccessFailure = {
  ok: false;
  status: 400 | 404 | 409;
  code: 'NOT_FOUND' | 'LAST_OWNER' | 'CONFLICT' | 'VALIDATION_FAILED';
  message: string;
  issues?: { path: string; message: string }[];
};
export type AccessResult<T> = { ok: true; value: T } | AccessFailure;

const notFound = (message: string): AccessFailure => ({ ok: false, status: 404, code: 'NOT_FOUND', message });

/** API tokens start with this, so a leaked one is recognisable (and secret scanners can match it). */
export const API_TOKEN_PREFIX = 'otk_';

export interface AccessServiceDeps {
  access: AccessRepository;
  users: UsersRepository;
  usersService: Pick<UsersService, 'addUser'>;
  audit: AuditRepository;
  tokens: TokenGenerator;
  clock: Clock;
}

export function createAccessService(deps: AccessServiceDeps) {
  const { access, users, usersService, audit, tokens, clock } = deps;

  /** The clients the user may select, with the role they act in there (admins: every client, as owner). */
  async function clientsFor(user: UserRecord): Promise<MembershipRecord[]> {
    const own = await access.membershipsOf(user.id);
    if (!user.isAdmin) return own;
    const since = new Map(own.map((m) => [m.clientId, m.createdAt]));
    return (await access.allClients()).map((c) => ({
      clientId: c.id,
      clientName: c.name,
      role: 'owner' as const,
      createdAt: since.get(c.id) ?? c.createdAt,
    }));
  }

  async function ownerCount(clientId: string): Promise<number> {
    return (await access.members(clientId)).filter((m) => m.role === 'owner').length;
  }

  return {
    clientsFor,

    async forSession(user: UserRecord, session: SessionRecord & { clientId?: string | null }): Promise<RequestAccess> {
      const clients = await clientsFor(user);
      const active = clients.find((c) => c.clientId === session.clientId) ?? clients[0];
      return {
        user,
        via: 'session',
        session,
        clientId: active?.clientId ?? null,
        role: active?.role ?? null,
        clients,
      };
    },

    /** A bearer token's access, or undefined when it is unknown, revoked, expired or its user left the client. */
    async forToken(token: string): Promise<RequestAccess | undefined> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
      const found = await access.useToken(tokens.digest(token), clock.now());
      if (!found) return undefined;
      const membership = (await clientsFor(found.user)).find((c) => c.clientId === found.token.clientId);
      if (!membership) return undefined;
      return {
        user: found.user,
        via: 'token',
        session: null,
        clientId: membership.clientId,
        role: tokenRole(membership.role, found.token.scope),
        clients: [membership],
      };
    },

    ownerOf: (entity: OwnedEntity, id: string) => access.ownerOf(entity, id),

    async selectClient(caller: RequestAccess, clientId: string): Promise<AccessResult<void>> {
      if (!caller.session || !caller.clients.some((c) => c.clientId === clientId)) {
        return notFound(`No client ${clientId}`);
      }
      await access.selectClient(caller.session.id, clientId);
      return { ok: true, value: undefined };
    },

    members: (clientId: string) => access.members(clientId),

    async addMember(
      caller: RequestAccess,
      clientId: string,
      input: AddMemberRequest,
    ): Promise<AccessResult<MemberRecord>> {
      let user = await users.findByEmail(input.email);
      if (!user) {
        if (!input.password) {
          return {
            ok: false,
            status: 400,
            code: 'VALIDATION_FAILED',
            message: `No user with email ${input.email}; give a password to create one`,
            issues: [{ path: 'body.password', message: 'Required to create a new user' }],
          };
        }
        const created = await usersService.addUser(
          { email: input.email, password: input.password, displayName: input.displayName ?? null },
          caller.user.id,
        );
        if (!created.ok) {
          return {
            ok: false,
            status: 400,
            code: 'VALIDATION_FAILED',
            message: created.message,
            issues: [
              { path: created.reason === 'weak_password' ? 'body.password' : 'body.email', message: created.message },
            ],
          };
        }
        user = created.user;
      }
      const { before } = await access.setMembership(user.id, clientId, input.role);
      await audit.record({
        actorUserId: caller.user.id,
        clientId,
        action: before ? 'membership.update' : 'membership.add',
        entityType: 'membership',
        entityId: user.id,
        before: before ? { email: user.email, role: before } : undefined,
        after: { email: user.email, role: input.role },
        at: clock.now(),
      });
      const member = (await access.members(clientId)).find((m) => m.userId === user.id);
      if (!member) throw new Error('The membership just written is missing');
      return { ok: true, value: member };
    },

    async changeRole(
      caller: RequestAccess,
      clientId: string,
      userId: string,
      role: ClientRole,
    ): Promise<AccessResult<MemberRecord>> {
      const current = (await access.members(clientId)).find((m) => m.userId === userId);
      if (!current) return notFound(`No member ${userId}`);
      if (current.role === 'owner' && role !== 'owner' && (await ownerCount(clientId)) <= 1) {
        return { ok: false, status: 409, code: 'LAST_OWNER', message: 'A client keeps at least one owner' };
      }
      await access.setMembership(userId, clientId, role);
      await audit.record({
        actorUserId: caller.user.id,
        clientId,
        action: 'membership.update',
        entityType: 'membership',
        entityId: userId,
        before: { email: current.email, role: current.role },
        after: { email: current.email, role },
        at: clock.now(),
      });
      return { ok: true, value: { ...current, role } };
    },

    async removeMember(caller: RequestAccess, clientId: string, userId: string): Promise<AccessResult<void>> {
      const current = (await access.members(clientId)).find((m) => m.userId === userId);
      if (!current) return notFound(`No member ${userId}`);
      if (current.role === 'owner' && (await ownerCount(clientId)) <= 1) {
        return { ok: false, status: 409, code: 'LAST_OWNER', message: 'A client keeps at least one owner' };
      }
      await access.removeMembership(userId, clientId);
      await audit.record({
        actorUserId: caller.user.id,
        clientId,
        action: 'membership.remove',
        entityType: 'membership',
        entityId: userId,
        before: { email: current.email, role: current.role },
        at: clock.now(),
      });
      return { ok: true, value: undefined };
    },

    async createToken(
      caller: RequestAccess,
      clientId: string,
      input: CreateApiTokenRequest,
    ): Promise<{ token: string; item: ApiTokenRecord }> {
      const now = clock.now();
      const token = `${API_TOKEN_PREFIX}${tokens.newToken()}`;
      const item = await access.createToken({
        userId: caller.user.id,
        clientId,
        name: input.name,
        scope: input.scope,
        tokenHash: tokens.digest(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        createdAt: now,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      });
      await audit.record({
        actorUserId: caller.user.id,
        clientId,
        action: 'api_token.create',
        entityType: 'api_token',
        entityId: item.id,
        after: { name: item.name, scope: item.scope, prefix: item.prefix, expiresAt: item.expiresAt },
        at: now,
      });
      return { token, item };
    },

    listTokens: (userId: string) => access.listTokens(userId),

    async revokeToken(caller: RequestAccess, id: string): Promise<AccessResult<void>> {
      const revoked = await access.revokeToken(caller.user.id, id, clock.now());
      if (!revoked) return notFound(`No API token ${id}`);
      await audit.record({
        actorUserId: caller.user.id,
        clientId: revoked.clientId,
        action: 'api_token.revoke',
        entityType: 'api_token',
        entityId: id,
        before: { name: revoked.name, scope: revoked.scope, prefix: revoked.prefix },
        at: clock.now(),
      });
      return { ok: true, value: undefined };
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
