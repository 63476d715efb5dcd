// Fetchers and query hooks of the watchlists API (named symbol lists a strategy instance can draw its universe from).
import {
  watchlistSchema,
  watchlistsResponseSchema,
  type CreateWatchlist,
  type UpdateWatchlist,
  type WatchlistsResponse,
  type WatchlistView,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';

const watchlistPath = (id: string) => `/api/watchlists/${encodeURIComponent(id)}`;

export const fetchWatchlists = (): Promise<WatchlistsResponse> =>
  request('/api/watchlists', { schema: watchlistsResponseSchema });

export const createWatchlist = (body: CreateWatchlist): Promise<WatchlistView> =>
  request('/api/watchlists', { method: 'POST', body, schema: watchlistSchema });

export const updateWatchlist = (id: string, body: UpdateWatchlist): Promise<WatchlistView> =>
  request(watchlistPath(id), { method: 'PATCH', body, schema: watchlistSchema });

export const deleteWatchlist = (id: string): Promise<void> => request(watchlistPath(id), { method: 'DELETE' });

export const WATCHLISTS_KEY = ['watchlists'] as const;

export const useWatchlists = () => useQuery({ queryKey: WATCHLISTS_KEY, queryFn: fetchWatchlists });

export function useCreateWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWatchlist,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WATCHLISTS_KEY }),
  });
}

export function useUpdateWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateWatchlist }) => updateWatchlist(id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WATCHLISTS_KEY }),
  });
}

export function useDeleteWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWatchlist,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WATCHLISTS_KEY }),
  });
}
