// The add-member form's values checked against the API contract before they are sent.
import { addMemberRequestSchema, type AddMemberRequest, type ClientRole } from '@optionstrader/contracts';
import { issuesByField } from '../../api/form-errors';

export interface AddMemberValues {
  email: string;
  role: ClientRole;
  displayName: string;
  /** Only for someone without a user yet: creates it with this password. */
  password: string;
}
export type AddMemberField = keyof AddMemberValues;
export const ADD_MEMBER_FIELDS = ['email', 'role', 'displayName', 'password'] as const satisfies AddMemberField[];

export const emptyAddMember: AddMemberValues = { email: '', role: 'viewer', displayName: '', password: '' };

export function parseAddMember(
  values: AddMemberValues,
): { ok: true; value: AddMemberRequest } | { ok: false; errors: Partial<Record<AddMemberField, string>> } {
  const parsed = addMemberRequestSchema.safeParse({
    email: values.email,
    role: values.role,
    // Blank optional fields are left out, not sent as empty strings the server would refuse.
    ...(values.displayName.trim() ? { displayName: values.displayName } : {}),
    ...(values.password ? { password: values.password } : {}),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: issuesByField(parsed.error, ADD_MEMBER_FIELDS) };
}
