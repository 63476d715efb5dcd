// What the signed-in user may do in the active client, mirroring the server's table (the server decides; the UI only
// hides or disables what would be refused).
import type { ClientRole, Permission } from '@optionstrader/contracts';

const rank: Record<ClientRole, number> = { viewer: 1, trader: 2, owner: 3 };
const needs: Record<'read' | 'trade' | 'manage', number> = { read: 1, trade: 2, manage: 3 };

export interface Caller {
  /** The role in the active client; null when the user is in no client. */
  role: ClientRole | null;
  isAdmin: boolean;
}

export function allows(caller: Caller, permission: Permission): boolean {
  if (permission === 'user') return true;
  if (permission === 'admin') return caller.isAdmin;
  return caller.role !== null && rank[caller.role] >= needs[permission];
}

export const roleLabels: Record<ClientRole, string> = { owner: 'Owner', trader: 'Trader', viewer: 'Viewer' };

/** The tooltip on a control the role cannot use, e.g. "Viewers cannot approve recommendations". */
export function refusal(permission: Permission, action: string): string {
  if (permission === 'manage') return `Only owners can ${action}`;
  if (permission === 'admin') return `Only admins can ${action}`;
  return `Viewers cannot ${action}`;
}
