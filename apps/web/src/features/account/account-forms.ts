// The account page's forms checked against the API contracts before they are sent.
import {
  createApiTokenRequestSchema,
  newPasswordSchema,
  type CreateApiTokenRequest,
  type TokenScope,
} from '@optionstrader/contracts';
import { issuesByField } from '../../api/form-errors';

type Parsed<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

export interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}
export type PasswordField = keyof PasswordValues;
export const emptyPassword: PasswordValues = { currentPassword: '', newPassword: '', confirm: '' };

export function parsePasswordChange(
  values: PasswordValues,
): Parsed<{ currentPassword: string; newPassword: string }, PasswordField> {
  const errors: Partial<Record<PasswordField, string>> = {};
  if (!values.currentPassword) errors.currentPassword = 'Enter your current password';
  const policy = newPasswordSchema.safeParse(values.newPassword);
  if (!policy.success) errors.newPassword = policy.error.issues[0]?.message ?? 'Not a valid password';
  else if (values.newPassword === values.currentPassword) errors.newPassword = 'Choose a password you do not use now';
  if (values.confirm !== values.newPassword) errors.confirm = 'The two new passwords differ';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { currentPassword: values.currentPassword, newPassword: values.newPassword } };
}

export interface TokenValues {
  name: string;
  scope: TokenScope;
  /** Days until it stops working; '' = until revoked. */
  expiresInDays: number | string;
}
export type TokenField = keyof TokenValues;
export const TOKEN_FIELDS = ['name', 'scope', 'expiresInDays'] as const satisfies TokenField[];
export const emptyToken: TokenValues = { name: '', scope: 'read', expiresInDays: 90 };

export function parseToken(values: TokenValues): Parsed<CreateApiTokenRequest, TokenField> {
  const days = values.expiresInDays === '' ? undefined : Number(values.expiresInDays);
  const parsed = createApiTokenRequestSchema.safeParse({
    name: values.name,
    scope: values.scope,
    ...(days === undefined ? {} : { expiresInDays: days }),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: issuesByField(parsed.error, TOKEN_FIELDS) };
}
