// The session as the UI sees it: one cached query holding the signed-in user with their clients (and the active one),
// or null when signed out.
import type { LoginRequest, Me } from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fetchSession, login, logout, logoutEverywhere, selectClient, type SessionInfo } from '../../api/auth.api';

export const sessionQueryKey = ['session'] as const;

export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

/** The session; only for components rendered under RequireAuth. */
export function useSessionInfo(): SessionInfo {
  const { data } = useSession();
  if (!data) throw new Error('useSessionInfo() used outside of RequireAuth');
  return data;
}

/** The signed-in user; only for components rendered under RequireAuth. */
export function useCurrentUser(): Me {
  return useSessionInfo().user;
}

const isSessionQuery = (queryKey: readonly unknown[]) => queryKey[0] === sessionQueryKey[0];

/** Every cached answer except the session: they belonged to another user or another client. */
function dropOtherQueries(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (query) => !isSessionQuery(query.queryKey) });
}

function endSession(queryClient: QueryClient) {
  queryClient.setQueryData(sessionQueryKey, null);
  dropOtherQueries(queryClient);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    // The login answer names the user only; the clients and the active one come with /api/me.
    mutationFn: async (credentials: LoginRequest) => {
      await login(credentials);
      return fetchSession();
    },
    meta: { ignoreUnauthenticated: true },
    onSuccess: (session) => {
      // A previous user's cached data must not leak into this session.
      dropOtherQueries(queryClient);
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: logout, onSuccess: () => endSession(queryClient) });
}

export function useLogoutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: logoutEverywhere, onSuccess: () => endSession(queryClient) });
}

/** Switches the active client; every page then refetches, so nothing of the previous client stays on screen. */
export function useSelectClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: selectClient,
    onSuccess: async (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      // Reset (not just invalidate): stale data of the previous client is cleared, not shown while refetching.
      await queryClient.resetQueries({ predicate: (query) => !isSessionQuery(query.queryKey) });
    },
  });
}

/** Re-reads the session (the user's clients or role may have changed, e.g. after an admin or member change). */
export function refreshSession(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: sessionQueryKey });
}
