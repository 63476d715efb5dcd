// The admin page's forms checked against the API contracts before they are sent.
import { createClientRequestSchema, createUserRequestSchema, type CreateUserRequest } from '@optionstrader/contracts';
import { issuesByField } from '../../api/form-errors';

export interface NewUserValues {
  email: string;
  password: string;
  displayName: string;
  isAdmin: boolean;
}
export type NewUserField = keyof NewUserValues;
export const NEW_USER_FIELDS = ['email', 'password', 'displayName', 'isAdmin'] as const satisfies NewUserField[];
export const emptyNewUser: NewUserValues = { email: '', password: '', displayName: '', isAdmin: false };

export function parseNewUser(
  values: NewUserValues,
): { ok: true; value: CreateUserRequest } | { ok: false; errors: Partial<Record<NewUserField, string>> } {
  const parsed = createUserRequestSchema.safeParse({
    email: values.email,
    password: values.password,
    isAdmin: values.isAdmin,
    ...(values.displayName.trim() ? { displayName: values.displayName } : {}),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: issuesByField(parsed.error, NEW_USER_FIELDS) };
}

/** A client's name (new or renamed), trimmed; or why it cannot be one. */
export function parseClientName(name: string): { ok: true; value: string } | { ok: false; error: string } {
  const parsed = createClientRequestSchema.safeParse({ name });
  if (parsed.success) return { ok: true, value: parsed.data.name };
  return { ok: false, error: name.trim() === '' ? 'Enter a name' : 'At most 120 characters' };
}
