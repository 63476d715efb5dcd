// Fetchers and hooks of the caller's own security settings: password and API tokens.
import {
  apiTokenListSchema,
  createdApiTokenSchema,
  type ApiToken,
  type CreateApiTokenRequest,
  type CreatedApiToken,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changePassword } from '../../api/auth.api';
import { request } from '../../api/client';

export const TOKENS_KEY = ['me', 'tokens'] as const;

export const fetchTokens = (): Promise<ApiToken[]> =>
  request('/api/me/tokens', { schema: apiTokenListSchema }).then((body) => body.items);

export const createToken = (body: CreateApiTokenRequest): Promise<CreatedApiToken> =>
  request('/api/me/tokens', { method: 'POST', body, schema: createdApiTokenSchema });

export const revokeToken = (id: string): Promise<void> =>
  request(`/api/me/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const useTokens = () => useQuery({ queryKey: TOKENS_KEY, queryFn: fetchTokens });

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useChangePassword() {
  // A wrong current password answers 400, not 401: the session stays.
  return useMutation({ mutationFn: changePassword });
}
