import { describe, expect, test } from 'vitest';
import { emptyAddMember, parseAddMember } from './member-form';

describe('parseAddMember', () => {
  test('an existing user by email: blank name and password are left out, the email normalised', () => {
    expect(
      parseAddMember({ ...emptyAddMember, email: ' Ann@Example.com ', role: 'trader', displayName: '  ' }),
    ).toEqual({ ok: true, value: { email: 'ann@example.com', role: 'trader' } });
  });

  test('a new user: name and password are sent', () => {
    const parsed = parseAddMember({
      email: 'new@example.com',
      role: 'viewer',
      displayName: 'New Person',
      password: 'long-enough-password',
    });
    expect(parsed).toEqual({
      ok: true,
      value: { email: 'new@example.com', role: 'viewer', displayName: 'New Person', password: 'long-enough-password' },
    });
  });

  test('a bad email and a short password are refused beside their fields', () => {
    const parsed = parseAddMember({ ...emptyAddMember, email: 'not-an-email', password: 'short' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['email', 'password']);
    expect(parsed.errors.password).toBe('Password must be at least 12 characters');
  });
});
