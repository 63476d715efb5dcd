// The installation admin's work: users (create, disable, admin flag, unlock) and clients (create, rename, delete,
// which broker accounts they hold).
import type { CreateUserRequest, UpdateUserRequest } from '@optionstrader/contracts';
import type { UsersService } from '../auth/users.service';
import type {
  AccessRepository,
  AuditRepository,
  ClientOverview,
  Clock,
  MembershipRecord,
  UserRecord,
  UsersRepository,
} from '../ports';
import type { AccessResult } from './access.service';

export interface AdminServiceDeps {
  access: AccessRepository;
  users: UsersRepository;
  usersService: Pick<UsersService, 'addUser'>;
  audit: AuditRepository;
  clock: Clock;
}

export interface AdminUserView {
  user: UserRecord;
  memberships: MembershipRecord[];
}

const userState = (u: UserRecord) => ({ disabled: u.disabled, isAdmin: u.isAdmin, lockedUntil: u.lockedUntil });

export function createAdminService(deps: AdminServiceDeps) {
  const { access, users, usersService, audit, clock } = deps;
  const withMemberships = async (user: UserRecord): Promise<AdminUserView> => ({
    user,
    memberships: await access.membershipsOf(user.id),
  });
  const findOverview = async (id: string) => (await access.listClients()).find((c) => c.id === id);

  return {
    async listUsers(): Promise<AdminUserView[]> {
      return Promise.all((await users.listAll()).map(withMemberships));
    },

    async createUser(actorUserId: string, input: CreateUserRequest): Promise<AccessResult<AdminUserView>> {
      const created = await usersService.addUser(input, actorUserId);
      if (created.ok) return { ok: true, value: await withMemberships(created.user) };
      if (created.reason === 'email_taken')
        return { ok: false, status: 409, code: 'CONFLICT', message: created.message };
      const path = created.reason === 'weak_password' ? 'body.password' : 'body.email';
      return {
        ok: false,
        status: 400,
        code: 'VALIDATION_FAILED',
        message: created.message,
        issues: [{ path, message: created.message }],
      };
    },

    async updateUser(actorUserId: string, id: string, patch: UpdateUserRequest): Promise<AccessResult<AdminUserView>> {
      const before = await users.findById(id);
      if (!before) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No user ${id}` };
      // An admin cannot lock themselves out of administration.
      if (id === actorUserId && (patch.disabled === true || patch.isAdmin === false)) {
        return {
          ok: false,
          status: 409,
          code: 'CONFLICT',
          message: 'You cannot disable yourself or drop your own admin role',
        };
      }
      const updated = await users.update(id, {
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
        ...(patch.isAdmin === undefined ? {} : { isAdmin: patch.isAdmin }),
        ...(patch.unlock ? { failedLoginCount: 0, lockedUntil: null } : {}),
      });
      if (!updated) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No user ${id}` };
      await audit.record({
        actorUserId,
        clientId: null,
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: userState(before),
        after: userState(updated),
        at: clock.now(),
      });
      return { ok: true, value: await withMemberships(updated) };
    },

    listClients: (): Promise<ClientOverview[]> => access.listClients(),

    async createClient(actorUserId: string, name: string): Promise<ClientOverview> {
      const client = await access.createClient(name);
      await audit.record({
        actorUserId,
        clientId: client.id,
        action: 'client.create',
        entityType: 'client',
        entityId: client.id,
        after: { name },
        at: clock.now(),
      });
      return { ...client, members: 0, accounts: [] };
    },

    async renameClient(actorUserId: string, id: string, name: string): Promise<AccessResult<ClientOverview>> {
      const before = await access.findClient(id);
      if (!before || !(await access.renameClient(id, name))) {
        return { ok: false, status: 404, code: 'NOT_FOUND', message: `No client ${id}` };
      }
      await audit.record({
        actorUserId,
        clientId: id,
        action: 'client.rename',
        entityType: 'client',
        entityId: id,
        before: { name: before.name },
        after: { name },
        at: clock.now(),
      });
      const overview = await findOverview(id);
      if (!overview) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No client ${id}` };
      return { ok: true, value: overview };
    },

    async deleteClient(actorUserId: string, id: string): Promise<AccessResult<void>> {
      const before = await access.findClient(id);
      const outcome = await access.deleteClient(id);
      if (outcome === 'not_found' || !before)
        return { ok: false, status: 404, code: 'NOT_FOUND', message: `No client ${id}` };
      if (outcome === 'has_accounts') {
        return {
          ok: false,
          status: 409,
          code: 'CONFLICT',
          message: 'Move its broker accounts to another client first',
        };
      }
      await audit.record({
        actorUserId,
        clientId: null,
        action: 'client.delete',
        entityType: 'client',
        entityId: id,
        before: { name: before.name },
        at: clock.now(),
      });
      return { ok: true, value: undefined };
    },

    async assignAccount(actorUserId: string, accountId: string, clientId: string): Promise<AccessResult<void>> {
      const moved = await access.assignAccount(accountId, clientId);
      if (!moved)
        return { ok: false, status: 404, code: 'NOT_FOUND', message: `No account ${accountId} or client ${clientId}` };
      await audit.record({
        actorUserId,
        clientId,
        action: 'account.assign_client',
        entityType: 'account',
        entityId: accountId,
        before: { clientId: moved.fromClientId },
        after: { clientId },
        at: clock.now(),
      });
      return { ok: true, value: undefined };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
