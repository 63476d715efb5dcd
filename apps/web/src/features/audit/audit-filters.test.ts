import { describe, expect, test } from 'vitest';
import { auditQueryString, emptyAuditFilters } from './audit-filters';

describe('auditQueryString', () => {
  test('no filters: only the page size', () => {
    expect(auditQueryString(emptyAuditFilters)).toEqual({ ok: true, query: 'limit=50' });
  });

  test('filled fields are trimmed and sent; local times become ISO instants; the cursor pages back', () => {
    const result = auditQueryString(
      {
        ...emptyAuditFilters,
        action: ' auth. ',
        actor: 'ann@example.com',
        from: '2026-03-01T09:30',
        to: '2026-03-02T00:00',
      },
      1234,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const params = new URLSearchParams(result.query);
    expect(params.get('action')).toBe('auth.');
    expect(params.get('actor')).toBe('ann@example.com');
    // The test suite runs with TZ=UTC, so local time equals UTC here.
    expect(params.get('from')).toBe('2026-03-01T09:30:00.000Z');
    expect(params.get('to')).toBe('2026-03-02T00:00:00.000Z');
    expect(params.get('before')).toBe('1234');
    expect(params.has('entityType')).toBe(false);
  });

  test('a bad time, a reversed range and an overlong filter are refused beside their fields', () => {
    expect(auditQueryString({ ...emptyAuditFilters, from: 'yesterday' })).toEqual({
      ok: false,
      errors: { from: 'Not a date and time' },
    });
    expect(auditQueryString({ ...emptyAuditFilters, from: '2026-03-02T00:00', to: '2026-03-01T00:00' })).toEqual({
      ok: false,
      errors: { to: 'Before “from”' },
    });
    expect(auditQueryString({ ...emptyAuditFilters, entityId: 'x'.repeat(201) })).toMatchObject({ ok: false });
  });
});
