// The alerts query and the acknowledge mutation, shared by the dashboard panel and Logs & Alerts (one cache key, so
// acknowledging on either page updates both).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIVE_REFETCH_MS } from '../dashboard/read-format';
import { acknowledgeAlert, fetchAlerts } from './logs.api';

export const ALERTS_KEY = ['alerts'] as const;

export const useAlerts = () =>
  useQuery({ queryKey: ALERTS_KEY, queryFn: fetchAlerts, refetchInterval: LIVE_REFETCH_MS });

export function useAcknowledgeAlert(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => acknowledgeAlert(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ALERTS_KEY }),
  });
}
