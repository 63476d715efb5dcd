// The server's 400 issues (`body.email: Invalid email`) as messages beside the form's fields.
import { isApiError } from './api-error';

/**
 * Messages per field for the issues whose path is `body.<field>`, for the fields a form has; `rest` holds the error's
 * message when no issue lands on one of them (so something is always shown).
 */
export function fieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; rest: string | null } {
  if (!error) return { fields: {}, rest: null };
  const found: Partial<Record<F, string>> = {};
  if (isApiError(error)) {
    for (const issue of error.issues) {
      const field = fields.find((f) => issue.path === `body.${f}` || issue.path.startsWith(`body.${f}.`));
      if (field && found[field] === undefined) found[field] = issue.message;
    }
  }
  const message = error instanceof Error ? error.message : 'The request failed';
  return { fields: found, rest: Object.keys(found).length > 0 ? null : message };
}

interface ParseIssues {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/** A schema's refusal of form values as one message per top-level field (the first issue of each). */
export function issuesByField<F extends string>(error: ParseIssues, fields: readonly F[]): Partial<Record<F, string>> {
  const found: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const field = fields.find((f) => f === issue.path[0]);
    if (field && found[field] === undefined) found[field] = issue.message;
  }
  return found;
}
