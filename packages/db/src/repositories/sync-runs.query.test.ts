import { describe, expect, it } from 'vitest';
import { withoutForeignAccounts } from './sync-runs.query';

describe('withoutForeignAccounts', () => {
  const foreign = new Set(['U2', 'U3']);

  it("drops the items about other clients' accounts and says how many", () => {
    expect(withoutForeignAccounts('U1: timeout; U2: no summary; quotes: down', foreign)).toBe(
      'U1: timeout; quotes: down; an account of another client failed',
    );
    expect(withoutForeignAccounts('U2: a; U3: b', foreign)).toBe('2 accounts of other clients failed');
  });

  it('keeps a message that itself contains "; " with the item it belongs to', () => {
    expect(withoutForeignAccounts('U2: refused; retry later; chains: none', foreign)).toBe(
      'chains: none; an account of another client failed',
    );
    expect(withoutForeignAccounts('U1: refused; retry later', foreign)).toBe('U1: refused; retry later');
  });

  it('leaves an error without foreign items, or no error, as it is', () => {
    expect(withoutForeignAccounts('fake broker: accounts failed', foreign)).toBe('fake broker: accounts failed');
    expect(withoutForeignAccounts('U2: x', new Set())).toBe('U2: x');
    expect(withoutForeignAccounts(null, foreign)).toBeNull();
  });
});
