// The app's sections, in navbar order, with what each needs. Routes and the navbar both read this list.
import type { Permission } from '@optionstrader/contracts';
import { allows, type Caller } from '../access/permissions';

export interface NavItem {
  path: string;
  label: string;
  /** Who sees the entry; default `read` (any member of the active client). */
  permission?: Permission;
}

export const navItems: readonly NavItem[] = [
  { path: '/', label: 'Dashboard' },
  { path: '/positions', label: 'Positions' },
  { path: '/portfolios', label: 'Portfolios' },
  { path: '/chain', label: 'Option chain' },
  { path: '/strategies', label: 'Strategies' },
  { path: '/opportunities', label: 'Opportunities' },
  { path: '/recommendations', label: 'Recommendations' },
  { path: '/orders', label: 'Orders' },
  { path: '/risk', label: 'Risk' },
  { path: '/calculator', label: 'Calculator' },
  { path: '/backtests', label: 'Backtests' },
  { path: '/logs', label: 'Logs & Alerts' },
  { path: '/settings', label: 'Settings' },
  { path: '/members', label: 'Members', permission: 'manage' },
  { path: '/audit', label: 'Audit log', permission: 'manage' },
  { path: '/account', label: 'Account', permission: 'user' },
  { path: '/admin', label: 'Admin', permission: 'admin' },
  { path: '/jobs', label: 'Jobs', permission: 'admin' },
];

/** The entries the caller may open: a user in no client sees only those that need none. */
export function visibleNavItems(caller: Caller, items: readonly NavItem[] = navItems): NavItem[] {
  return items.filter((item) => allows(caller, item.permission ?? 'read'));
}

/** Pages that work without an active client (the rest show "not a member of any client"). */
export function needsNoClient(pathname: string, items: readonly NavItem[] = navItems): boolean {
  return items.some(
    (item) => (item.permission === 'user' || item.permission === 'admin') && isNavItemActive(item, pathname),
  );
}

export function isNavItemActive(item: NavItem, pathname: string): boolean {
  return item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
}
