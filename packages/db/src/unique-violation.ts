// Recognises PostgreSQL's unique_violation however it arrives: pg and PGlite raise a DatabaseError with
// `code`, and drizzle 0.45 wraps it in a DrizzleQueryError whose `cause` holds the original.

const UNIQUE_VIOLATION = '23505';

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/** True when `error` (or one of its causes) is a unique violation, optionally of the named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (const candidate of causes(error)) {
    if (candidate['code'] === UNIQUE_VIOLATION) {
      return constraint === undefined || candidate['constraint'] === constraint;
    }
  }
  return false;
}
