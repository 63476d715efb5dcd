import { describe, expect, test } from 'vitest';
import { allows, refusal } from './permissions';

describe('allows', () => {
  test.each([
    ['viewer', 'read', true],
    ['viewer', 'trade', false],
    ['viewer', 'manage', false],
    ['trader', 'trade', true],
    ['trader', 'manage', false],
    ['owner', 'manage', true],
    ['owner', 'admin', false],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(allows({ role, isAdmin: false }, permission)).toBe(expected);
  });

  test('without a client only user-level things are allowed; admin rights do not depend on a client', () => {
    expect(allows({ role: null, isAdmin: false }, 'read')).toBe(false);
    expect(allows({ role: null, isAdmin: false }, 'user')).toBe(true);
    expect(allows({ role: null, isAdmin: true }, 'admin')).toBe(true);
    expect(allows({ role: null, isAdmin: true }, 'read')).toBe(false);
  });
});

test('refusal names who is kept out', () => {
  expect(refusal('trade', 'approve recommendations')).toBe('Viewers cannot approve recommendations');
  expect(refusal('manage', 'change members')).toBe('Only owners can change members');
});
