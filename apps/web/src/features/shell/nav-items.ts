// The app's sections, in navbar order. Routes and the navbar both read this list.
export interface NavItem {
  path: string;
  label: string;
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
];

export function isNavItemActive(item: NavItem, pathname: string): boolean {
  return item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
}
