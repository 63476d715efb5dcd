// One QueryClient for the app. Any query or mutation that gets a 401 ends the session in the cache,
// which makes RequireAuth redirect to /login; a 403 re-reads the session, since the user's role or clients changed.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isUnauthenticated } from '../api/api-error';
import { sessionQueryKey } from '../features/auth/session';

export function createQueryClient(): QueryClient {
  const onError = (error: unknown): void => {
    if (isUnauthenticated(error)) queryClient.setQueryData(sessionQueryKey, null);
    // Removed from the client, or demoted, in another tab or by an owner: the shell and its controls follow.
    else if (isApiError(error) && error.status === 403 && (error.code === 'NO_CLIENT' || error.code === 'FORBIDDEN')) {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({
      // A failed login is a 401 too, but there is no session to end.
      onError: (error, _vars, _ctx, mutation) => {
        if (mutation.options.meta?.['ignoreUnauthenticated'] !== true) onError(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        // Client errors will not fix themselves; retry only network and server failures.
        retry: (failureCount, error) =>
          failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
  return queryClient;
}
