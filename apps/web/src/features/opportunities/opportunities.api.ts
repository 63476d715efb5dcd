// Fetcher of the opportunities API: the ranked candidates of the newest runs (or of one run), sorted server-side.
import {
  opportunitiesResponseSchema,
  type OpportunitiesQuery,
  type OpportunitiesResponse,
} from '@optionstrader/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';

/** What the page asks for; absent keys take the server's defaults (score, descending, newest runs). */
export type OpportunitiesFilter = Partial<
  Pick<OpportunitiesQuery, 'instanceId' | 'runId' | 'symbol' | 'right' | 'sort' | 'order'>
>;

export function fetchOpportunities(filter: OpportunitiesFilter): Promise<OpportunitiesResponse> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return request(`/api/opportunities${query ? `?${query}` : ''}`, { schema: opportunitiesResponseSchema });
}

export const useOpportunities = (filter: OpportunitiesFilter) =>
  useQuery({
    queryKey: ['opportunities', filter],
    queryFn: () => fetchOpportunities(filter),
    // A new sort or filter keeps the old rows on screen until the new ones arrive, instead of a blank table.
    placeholderData: keepPreviousData,
    // Scheduled runs replace the newest opportunities on the server.
    refetchInterval: 60_000,
  });
