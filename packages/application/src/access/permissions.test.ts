import { describe, expect, it } from 'vitest';
import { roleAllows, tokenRole } from './permissions';

describe('roleAllows', () => {
  it('grants each role its own level and the ones below, never admin', () => {
    const table = (['viewer', 'trader', 'owner'] as const).map((role) =>
      (['user', 'read', 'trade', 'manage', 'admin'] as const).map((p) => roleAllows(role, p)),
    );
    expect(table).toEqual([
      [true, true, false, false, false],
      [true, true, true, false, false],
      [true, true, true, true, false],
    ]);
  });
});

describe('tokenRole', () => {
  it('caps a token at its scope and at its user', () => {
    expect(tokenRole('owner', 'trade')).toBe('trader');
    expect(tokenRole('owner', 'read')).toBe('viewer');
    expect(tokenRole('viewer', 'trade')).toBe('viewer');
    expect(tokenRole('trader', 'trade')).toBe('trader');
  });
});
