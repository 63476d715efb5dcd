// An audit entry's before/after as rows of a side-by-side table: one row per field, changed ones flagged.

export interface DiffRow {
  field: string;
  /** The value as text; null when the field is absent on that side. */
  before: string | null;
  after: string | null;
  changed: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const absent = (value: unknown) => value === null || value === undefined;

/** Strings as they are (rendered as text, never as markup); everything else as compact JSON. */
export function showValue(value: unknown): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  if (absent(before) && absent(after)) return [];
  if ((isRecord(before) || absent(before)) && (isRecord(after) || absent(after))) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    const fields = [...Object.keys(b), ...Object.keys(a).filter((key) => !(key in b))];
    return fields.map((field) => {
      const was = field in b ? showValue(b[field]) : null;
      const is = field in a ? showValue(a[field]) : null;
      return { field, before: was, after: is, changed: was !== is };
    });
  }
  // A value that is not an object (a list, a number): shown whole.
  const was = absent(before) ? null : showValue(before);
  const is = absent(after) ? null : showValue(after);
  return [{ field: '(value)', before: was, after: is, changed: was !== is }];
}
