// Fetchers and query hooks of the strategy engine's API: definitions, instances (CRUD), runs (start, list, detail).
import {
  strategyDefinitionsResponseSchema,
  strategyInstanceSchema,
  strategyInstancesResponseSchema,
  strategyRunDetailSchema,
  strategyRunsResponseSchema,
  type CreateStrategyInstance,
  type StartStrategyRuns,
  type StrategyDefinitionsResponse,
  type StrategyInstancesResponse,
  type StrategyInstanceView,
  type StrategyRunDetail,
  type StrategyRunsResponse,
  type UpdateStrategyInstance,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';

const instancePath = (id: string) => `/api/strategy-instances/${encodeURIComponent(id)}`;

export const fetchStrategyDefinitions = (): Promise<StrategyDefinitionsResponse> =>
  request('/api/strategy-definitions', { schema: strategyDefinitionsResponseSchema });

export function fetchStrategyInstances(accountId?: string): Promise<StrategyInstancesResponse> {
  const query = accountId ? `?accountId=${encodeURIComponent(accountId)}` : '';
  return request(`/api/strategy-instances${query}`, { schema: strategyInstancesResponseSchema });
}

export const createStrategyInstance = (body: CreateStrategyInstance): Promise<StrategyInstanceView> =>
  request('/api/strategy-instances', { method: 'POST', body, schema: strategyInstanceSchema });

export const updateStrategyInstance = (id: string, body: UpdateStrategyInstance): Promise<StrategyInstanceView> =>
  request(instancePath(id), { method: 'PATCH', body, schema: strategyInstanceSchema });

export const deleteStrategyInstance = (id: string): Promise<void> => request(instancePath(id), { method: 'DELETE' });

/** Runs synchronously on the server (a few seconds); answers with the finished runs. */
export const startStrategyRuns = (body: StartStrategyRuns): Promise<StrategyRunsResponse> =>
  request('/api/strategy-runs', { method: 'POST', body, schema: strategyRunsResponseSchema });

export function fetchStrategyRuns(instanceId: string, limit = 10): Promise<StrategyRunsResponse> {
  const query = new URLSearchParams({ instanceId, limit: String(limit) });
  return request(`/api/strategy-runs?${query.toString()}`, { schema: strategyRunsResponseSchema });
}

export const fetchStrategyRun = (id: string): Promise<StrategyRunDetail> =>
  request(`/api/strategy-runs/${encodeURIComponent(id)}`, { schema: strategyRunDetailSchema });

export const DEFINITIONS_KEY = ['strategy-definitions'] as const;
export const INSTANCES_KEY = ['strategy-instances'] as const;
export const RUNS_KEY = ['strategy-runs'] as const;

export const useStrategyDefinitions = () =>
  // Definitions change only with a server release.
  useQuery({ queryKey: DEFINITIONS_KEY, queryFn: fetchStrategyDefinitions, staleTime: Infinity });

export const useStrategyInstances = () =>
  // Scheduled runs change each instance's last run.
  useQuery({ queryKey: INSTANCES_KEY, queryFn: () => fetchStrategyInstances(), refetchInterval: 60_000 });

export const useStrategyRuns = (instanceId: string) =>
  useQuery({ queryKey: [...RUNS_KEY, instanceId], queryFn: () => fetchStrategyRuns(instanceId) });

export const useStrategyRun = (id: string | null) =>
  useQuery({
    queryKey: ['strategy-run', id],
    queryFn: () => fetchStrategyRun(id ?? ''),
    enabled: id !== null,
    staleTime: Infinity,
  });

/** Everything a run or an instance change can alter: instances (last run), runs, and what runs produce. */
export function invalidateStrategyData(queryClient: QueryClient): Promise<void> {
  return Promise.all(
    [INSTANCES_KEY, RUNS_KEY, ['opportunities'], ['recommendations']].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  ).then(() => undefined);
}

export function useStartRuns() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (instanceIds: string[] | undefined) =>
      startStrategyRuns(instanceIds === undefined ? {} : { instanceIds }),
    onSettled: () => invalidateStrategyData(queryClient),
  });
}

export function useCreateInstance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createStrategyInstance,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INSTANCES_KEY }),
  });
}

export function useUpdateInstance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateStrategyInstance }) => updateStrategyInstance(id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INSTANCES_KEY }),
  });
}

export function useDeleteInstance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteStrategyInstance,
    onSuccess: () => invalidateStrategyData(queryClient),
  });
}
