import { describe, expect, test } from 'vitest';
import { needsNoClient, visibleNavItems } from './nav-items';

const labels = (...args: Parameters<typeof visibleNavItems>) => visibleNavItems(...args).map((item) => item.label);

describe('visibleNavItems', () => {
  test('viewers and traders see the client pages and their account, not Members, Audit or Admin', () => {
    for (const role of ['viewer', 'trader'] as const) {
      const seen = labels({ role, isAdmin: false });
      expect(seen).toContain('Dashboard');
      expect(seen).toContain('Account');
      expect(seen).not.toContain('Members');
      expect(seen).not.toContain('Audit log');
      expect(seen).not.toContain('Admin');
      expect(seen).not.toContain('Jobs');
    }
  });

  test('owners also see Members and the audit log; only admins see Admin', () => {
    expect(labels({ role: 'owner', isAdmin: false }).slice(-3)).toEqual(['Members', 'Audit log', 'Account']);
    expect(labels({ role: 'owner', isAdmin: true }).slice(-5)).toEqual([
      'Members',
      'Audit log',
      'Account',
      'Admin',
      'Jobs',
    ]);
  });

  test('a user in no client sees only Account (and Admin when admin)', () => {
    expect(labels({ role: null, isAdmin: false })).toEqual(['Account']);
    expect(labels({ role: null, isAdmin: true })).toEqual(['Account', 'Admin', 'Jobs']);
  });
});

test('needsNoClient: the account and admin pages, not the client pages', () => {
  expect(needsNoClient('/account')).toBe(true);
  expect(needsNoClient('/admin')).toBe(true);
  expect(needsNoClient('/jobs')).toBe(true);
  expect(needsNoClient('/')).toBe(false);
  expect(needsNoClient('/members')).toBe(false);
  expect(needsNoClient('/accounts')).toBe(false);
});
