// Fetcher of the recommendations API: what the strategies propose, with their risk verdict (read-only here;
// approving and rejecting come with the order manager).
import {
  recommendationsResponseSchema,
  type RecommendationsQuery,
  type RecommendationsResponse,
} from '@optionstrader/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';

/** Absent keys take the server's defaults (status: pending). */
export type RecommendationsFilter = Partial<Pick<RecommendationsQuery, 'status' | 'accountId' | 'instanceId'>>;

export function fetchRecommendations(filter: RecommendationsFilter): Promise<RecommendationsResponse> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return request(`/api/recommendations${query ? `?${query}` : ''}`, { schema: recommendationsResponseSchema });
}

export const useRecommendations = (filter: RecommendationsFilter) =>
  useQuery({
    queryKey: ['recommendations', filter],
    queryFn: () => fetchRecommendations(filter),
    placeholderData: keepPreviousData,
    // Scheduled runs add and expire recommendations on the server.
    refetchInterval: 60_000,
  });
