// Fetchers and hooks of the installation admin's page: users, clients, and which client holds each broker account.
import {
  adminClientListSchema,
  adminClientSchema,
  adminUserListSchema,
  adminUserSchema,
  type AdminClient,
  type AdminUser,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { refreshSession } from '../auth/session';

export const ADMIN_USERS_KEY = ['admin', 'users'] as const;
export const ADMIN_CLIENTS_KEY = ['admin', 'clients'] as const;

const id = (value: string) => encodeURIComponent(value);

export const fetchUsers = (): Promise<AdminUser[]> =>
  request('/api/admin/users', { schema: adminUserListSchema }).then((body) => body.items);
export const createUser = (body: CreateUserRequest): Promise<AdminUser> =>
  request('/api/admin/users', { method: 'POST', body, schema: adminUserSchema });
export const updateUser = ({ userId, patch }: { userId: string; patch: UpdateUserRequest }): Promise<AdminUser> =>
  request(`/api/admin/users/${id(userId)}`, { method: 'PATCH', body: patch, schema: adminUserSchema });

export const fetchClients = (): Promise<AdminClient[]> =>
  request('/api/admin/clients', { schema: adminClientListSchema }).then((body) => body.items);
export const createClient = (name: string): Promise<AdminClient> =>
  request('/api/admin/clients', { method: 'POST', body: { name }, schema: adminClientSchema });
export const renameClient = ({ clientId, name }: { clientId: string; name: string }): Promise<AdminClient> =>
  request(`/api/admin/clients/${id(clientId)}`, { method: 'PATCH', body: { name }, schema: adminClientSchema });
export const deleteClient = (clientId: string): Promise<void> =>
  request(`/api/admin/clients/${id(clientId)}`, { method: 'DELETE' });
export const assignAccount = ({ accountId, clientId }: { accountId: string; clientId: string }): Promise<void> =>
  request(`/api/admin/accounts/${id(accountId)}/client`, { method: 'PUT', body: { clientId } });

export const useAdminUsers = () => useQuery({ queryKey: ADMIN_USERS_KEY, queryFn: fetchUsers });
export const useAdminClients = () => useQuery({ queryKey: ADMIN_CLIENTS_KEY, queryFn: fetchClients });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ADMIN_USERS_KEY }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    // The admin may have changed their own admin flag.
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: ADMIN_USERS_KEY }), refreshSession(queryClient)]),
  });
}

/** Clients changed: the admin list, the users' memberships and the header's client list follow. */
function useClientMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['admin'] }), refreshSession(queryClient)]),
  });
}

export const useCreateClient = () => useClientMutation(createClient);
export const useRenameClient = () => useClientMutation(renameClient);
export const useDeleteClient = () => useClientMutation(deleteClient);

export function useAssignAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: assignAccount,
    // The account and everything recorded on it changed client: every page's data may have.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
