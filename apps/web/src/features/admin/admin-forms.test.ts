import { describe, expect, test } from 'vitest';
import { emptyNewUser, parseClientName, parseNewUser } from './admin-forms';

describe('parseNewUser', () => {
  test('a valid user; a blank name is left out', () => {
    expect(parseNewUser({ ...emptyNewUser, email: 'Bo@Example.com', password: 'a-long-password' })).toEqual({
      ok: true,
      value: { email: 'bo@example.com', password: 'a-long-password', isAdmin: false },
    });
  });

  test('a bad email and a weak password are refused beside their fields', () => {
    const parsed = parseNewUser({ ...emptyNewUser, email: 'bo', password: 'short', isAdmin: true });
    expect(parsed).toMatchObject({ ok: false, errors: { password: 'Password must be at least 12 characters' } });
    if (parsed.ok) return;
    expect(parsed.errors.email).toBeDefined();
  });
});

test('parseClientName trims, and refuses blank or overlong names', () => {
  expect(parseClientName('  Smith family ')).toEqual({ ok: true, value: 'Smith family' });
  expect(parseClientName('   ')).toEqual({ ok: false, error: 'Enter a name' });
  expect(parseClientName('x'.repeat(121))).toEqual({ ok: false, error: 'At most 120 characters' });
});
