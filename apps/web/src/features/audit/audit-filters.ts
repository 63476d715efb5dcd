// The audit page's filter form as the /api/audit query string (empty fields left out, local times sent as ISO).

export interface AuditFilterValues {
  /** Exact action, or a prefix ending in "." (e.g. "auth."). */
  action: string;
  entityType: string;
  entityId: string;
  /** The actor's email. */
  actor: string;
  /** `datetime-local` input values (the browser's local time), or ''. */
  from: string;
  to: string;
}
export type AuditFilterField = keyof AuditFilterValues;

export const emptyAuditFilters: AuditFilterValues = {
  action: '',
  entityType: '',
  entityId: '',
  actor: '',
  from: '',
  to: '',
};

export const AUDIT_PAGE_SIZE = 50;

/** The query string for one page (`before`: the previous page's `nextBefore`), or the fields that cannot be sent. */
export function auditQueryString(
  filters: AuditFilterValues,
  before?: number,
): { ok: true; query: string } | { ok: false; errors: Partial<Record<AuditFilterField, string>> } {
  const params = new URLSearchParams();
  const errors: Partial<Record<AuditFilterField, string>> = {};
  for (const field of ['action', 'entityType', 'entityId', 'actor'] as const) {
    const value = filters[field].trim();
    if (value.length > 200) errors[field] = 'At most 200 characters';
    else if (value) params.set(field, value);
  }
  for (const field of ['from', 'to'] as const) {
    if (!filters[field]) continue;
    const time = new Date(filters[field]);
    if (Number.isNaN(time.getTime())) errors[field] = 'Not a date and time';
    else params.set(field, time.toISOString());
  }
  if (filters.from && filters.to && !errors.from && !errors.to && new Date(filters.from) > new Date(filters.to)) {
    errors.to = 'Before “from”';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (before !== undefined) params.set('before', String(before));
  params.set('limit', String(AUDIT_PAGE_SIZE));
  return { ok: true, query: params.toString() };
}
