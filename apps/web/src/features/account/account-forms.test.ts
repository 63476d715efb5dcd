import { describe, expect, test } from 'vitest';
import { emptyPassword, emptyToken, parsePasswordChange, parseToken } from './account-forms';

describe('parsePasswordChange', () => {
  const good = {
    currentPassword: 'old-password-123',
    newPassword: 'brand-new-password',
    confirm: 'brand-new-password',
  };

  test('a valid change is sent without the confirmation', () => {
    expect(parsePasswordChange(good)).toEqual({
      ok: true,
      value: { currentPassword: 'old-password-123', newPassword: 'brand-new-password' },
    });
  });

  test('the policy, the confirmation and the current password are checked beside their fields', () => {
    expect(parsePasswordChange(emptyPassword)).toEqual({
      ok: false,
      errors: {
        currentPassword: 'Enter your current password',
        newPassword: 'Password must be at least 12 characters',
      },
    });
    expect(parsePasswordChange({ ...good, confirm: 'brand-new-passwort' })).toEqual({
      ok: false,
      errors: { confirm: 'The two new passwords differ' },
    });
    expect(parsePasswordChange({ ...good, newPassword: good.currentPassword, confirm: good.currentPassword })).toEqual({
      ok: false,
      errors: { newPassword: 'Choose a password you do not use now' },
    });
  });
});

describe('parseToken', () => {
  test('an expiry in days, or none (until revoked)', () => {
    expect(parseToken({ ...emptyToken, name: ' ci ' })).toEqual({
      ok: true,
      value: { name: 'ci', scope: 'read', expiresInDays: 90 },
    });
    expect(parseToken({ name: 'bot', scope: 'trade', expiresInDays: '' })).toEqual({
      ok: true,
      value: { name: 'bot', scope: 'trade' },
    });
  });

  test('a blank name and an expiry out of range are refused', () => {
    const parsed = parseToken({ name: '  ', scope: 'read', expiresInDays: 0 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['expiresInDays', 'name']);
  });
});
