// Fetchers and query hooks of the backtest API: the datasets a run can use, the runs (list, detail polled while it
// runs), starting one and deleting one.
import {
  backtestCreatedSchema,
  backtestDatasetsResponseSchema,
  backtestDetailSchema,
  backtestListResponseSchema,
  type BacktestCreated,
  type BacktestDatasetsResponse,
  type BacktestDetailView,
  type BacktestListResponse,
  type BacktestRequest,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { isActive } from './backtest-format';

/** A run reports its progress about this often while it is queued or running. */
export const PROGRESS_POLL_MS = 500;
/** The history list refreshes this often while any run in it is still going. */
const LIST_POLL_MS = 2_000;

const backtestPath = (id: string) => `/api/backtests/${encodeURIComponent(id)}`;

export const fetchBacktestDatasets = (): Promise<BacktestDatasetsResponse> =>
  request('/api/backtests/datasets', { schema: backtestDatasetsResponseSchema });

export const fetchBacktests = (): Promise<BacktestListResponse> =>
  request('/api/backtests', { schema: backtestListResponseSchema });

export const fetchBacktest = (id: string): Promise<BacktestDetailView> =>
  request(backtestPath(id), { schema: backtestDetailSchema });

/** Answers 202 at once; the run continues on the server. */
export const startBacktest = (body: BacktestRequest): Promise<BacktestCreated> =>
  request('/api/backtests', { method: 'POST', body, schema: backtestCreatedSchema });

export const deleteBacktest = (id: string): Promise<void> => request(backtestPath(id), { method: 'DELETE' });

/** Stops a queued or running backtest (409 once it has finished). */
export const cancelBacktest = (id: string): Promise<unknown> =>
  request(`${backtestPath(id)}/cancel`, { method: 'POST' });

export const BACKTESTS_KEY = ['backtests'] as const;
export const backtestKey = (id: string) => ['backtest', id] as const;

export const useBacktestDatasets = () =>
  // The data files change only when the server is redeployed.
  useQuery({ queryKey: ['backtest-datasets'], queryFn: fetchBacktestDatasets, staleTime: Infinity });

export const useBacktests = () =>
  useQuery({
    queryKey: BACKTESTS_KEY,
    queryFn: fetchBacktests,
    refetchInterval: (q) => (q.state.data?.backtests.some((b) => isActive(b.status)) ? LIST_POLL_MS : false),
  });

export function useBacktest(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: backtestKey(id ?? ''),
    queryFn: async () => {
      const detail = await fetchBacktest(id ?? '');
      // The list shows the run's status and figures too: refresh it once the run has finished.
      if (!isActive(detail.status)) void queryClient.invalidateQueries({ queryKey: BACKTESTS_KEY });
      return detail;
    },
    enabled: id !== null,
    // A finished run never changes again.
    staleTime: (q) => (q.state.data && !isActive(q.state.data.status) ? Infinity : 0),
    refetchInterval: (q) =>
      q.state.status === 'error' || (q.state.data && !isActive(q.state.data.status)) ? false : PROGRESS_POLL_MS,
  });
}

export function useStartBacktest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startBacktest,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: BACKTESTS_KEY }),
  });
}

export function useCancelBacktest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelBacktest,
    onSettled: (_result, _error, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: backtestKey(id) }),
        queryClient.invalidateQueries({ queryKey: BACKTESTS_KEY }),
      ]),
  });
}

export function useDeleteBacktest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteBacktest,
    onSuccess: (_nothing, id) => {
      queryClient.removeQueries({ queryKey: backtestKey(id) });
      return queryClient.invalidateQueries({ queryKey: BACKTESTS_KEY });
    },
  });
}
