// Fetchers and hooks of the active client's members: list (any member), add, change role, remove (owners).
import {
  memberListSchema,
  memberSchema,
  type AddMemberRequest,
  type ClientRole,
  type Member,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { refreshSession } from '../auth/session';

export const MEMBERS_KEY = ['members'] as const;

const memberPath = (userId: string) => `/api/clients/members/${encodeURIComponent(userId)}`;

export const fetchMembers = (): Promise<Member[]> =>
  request('/api/clients/members', { schema: memberListSchema }).then((body) => body.items);

export const addMember = (body: AddMemberRequest): Promise<Member> =>
  request('/api/clients/members', { method: 'POST', body, schema: memberSchema });

export const changeRole = ({ userId, role }: { userId: string; role: ClientRole }): Promise<Member> =>
  request(memberPath(userId), { method: 'PUT', body: { role }, schema: memberSchema });

export const removeMember = (userId: string): Promise<void> => request(memberPath(userId), { method: 'DELETE' });

export const useMembers = () => useQuery({ queryKey: MEMBERS_KEY, queryFn: fetchMembers });

/** The list, and the session: an owner who changes their own role (or leaves) sees other controls. */
const afterChange = (queryClient: QueryClient) =>
  Promise.all([queryClient.invalidateQueries({ queryKey: MEMBERS_KEY }), refreshSession(queryClient)]);

export function useAddMember() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addMember, onSuccess: () => afterChange(queryClient) });
}

export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: changeRole, onSuccess: () => afterChange(queryClient) });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removeMember, onSuccess: () => afterChange(queryClient) });
}
