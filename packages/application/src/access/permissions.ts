// Roles and what they allow, in one table.
import type { ClientRole, Permission, TokenScope } from '@optionstrader/contracts';

const rank: Record<ClientRole, number> = { viewer: 1, trader: 2, owner: 3 };
const needs: Record<'read' | 'trade' | 'manage', number> = { read: 1, trade: 2, manage: 3 };

/** Whether a client role grants a client-scoped permission (`user` and `admin` are not about client roles). */
export function roleAllows(role: ClientRole, permission: Permission): boolean {
  if (permission === 'user') return true;
  if (permission === 'admin') return false;
  return rank[role] >= needs[permission];
}

/** A token never acts above its scope, nor above its user's current role. */
export function tokenRole(userRole: ClientRole, scope: TokenScope): ClientRole {
  const capped: ClientRole = scope === 'trade' ? 'trader' : 'viewer';
  return rank[userRole] <= rank[capped] ? userRole : capped;
}
