import { describe, expect, test } from 'vitest';
import { auditDiff } from './audit-diff';

describe('auditDiff', () => {
  test('a change: every field of both sides, in order, the changed ones flagged', () => {
    expect(
      auditDiff({ email: 'a@example.com', role: 'viewer' }, { email: 'a@example.com', role: 'owner', n: 2 }),
    ).toEqual([
      { field: 'email', before: 'a@example.com', after: 'a@example.com', changed: false },
      { field: 'role', before: 'viewer', after: 'owner', changed: true },
      { field: 'n', before: null, after: '2', changed: true },
    ]);
  });

  test('a creation or a removal has one side only', () => {
    expect(auditDiff(null, { name: 'x' })).toEqual([{ field: 'name', before: null, after: 'x', changed: true }]);
    expect(auditDiff({ name: 'x' }, undefined)).toEqual([{ field: 'name', before: 'x', after: null, changed: true }]);
    expect(auditDiff(null, null)).toEqual([]);
  });

  test('nested values and non-objects are shown as JSON; markup stays a plain string', () => {
    expect(auditDiff({ limits: { max: 1 } }, { limits: { max: 2 } })).toEqual([
      { field: 'limits', before: '{"max":1}', after: '{"max":2}', changed: true },
    ]);
    expect(auditDiff([1], [1, 2])).toEqual([{ field: '(value)', before: '[1]', after: '[1,2]', changed: true }]);
    expect(auditDiff(null, { name: '<img src=x onerror=alert(1)>' })[0]?.after).toBe('<img src=x onerror=alert(1)>');
  });
});
