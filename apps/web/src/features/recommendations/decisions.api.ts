// Deciding on a recommendation: the checked preview of the order approving would send, approve (→ an order) and
// reject (with a reason); and one recommendation re-read after a decision, while its order works.
import {
  approveResponseSchema,
  orderPreviewSchema,
  recommendationSchema,
  rejectResponseSchema,
  type ApproveResponse,
  type OrderOverridesInput,
  type OrderPreviewView,
  type RecommendationView,
} from '@optionstrader/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/api-error';
import { request } from '../../api/client';
import { invalidateOrderData, WORKING_REFETCH_MS } from '../orders/orders.api';

const recommendationKey = (id: string) => ['recommendation', id] as const;

const path = (id: string, action?: string) =>
  `/api/recommendations/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export const previewOrder = (
  id: string,
  overrides: OrderOverridesInput,
  signal?: AbortSignal,
): Promise<OrderPreviewView> =>
  request(path(id, 'preview'), { method: 'POST', body: overrides, schema: orderPreviewSchema, signal });

export const approveRecommendation = (id: string, overrides: OrderOverridesInput): Promise<ApproveResponse> =>
  request(path(id, 'approve'), { method: 'POST', body: overrides, schema: approveResponseSchema });

export const rejectRecommendation = (id: string, reason: string): Promise<RecommendationView> =>
  request(path(id, 'reject'), { method: 'POST', body: { reason }, schema: rejectResponseSchema }).then(
    (body) => body.recommendation,
  );

export const fetchRecommendation = (id: string): Promise<RecommendationView> =>
  request(path(id), { schema: recommendationSchema });

/** The preview of one set of overrides; the previous answer stays on screen while the next is checked. */
export const useOrderPreview = (id: string, overrides: OrderOverridesInput | null) =>
  useQuery({
    queryKey: ['order-preview', id, overrides],
    queryFn: ({ signal }) => previewOrder(id, overrides ?? {}, signal),
    enabled: overrides !== null,
    placeholderData: keepPreviousData,
    // Quotes move: a preview is only good for the moment it was asked.
    staleTime: 0,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });

export function useApprove(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (overrides: OrderOverridesInput) => approveRecommendation(id, overrides),
    onSuccess: ({ recommendation }) => {
      queryClient.setQueryData(recommendationKey(id), recommendation);
      return invalidateOrderData(queryClient);
    },
    onError: (error) => {
      // Decided or expired meanwhile: the list is out of date.
      if (isApiError(error) && (error.code === 'NOT_PENDING' || error.code === 'EXPIRED'))
        return queryClient.invalidateQueries({ queryKey: ['recommendations'] });
      return undefined;
    },
  });
}

export function useReject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => rejectRecommendation(id, reason),
    onSuccess: (recommendation) => {
      queryClient.setQueryData(recommendationKey(id), recommendation);
      return queryClient.invalidateQueries({ queryKey: ['recommendations'] });
    },
  });
}

/** Statuses a recommendation leaves on its own as its order fills or ends. */
const FOLLOWS_ORDER: ReadonlySet<RecommendationView['status']> = new Set(['approved', 'submitted']);

/**
 * A recommendation decided on this page, re-read while its status still follows a working order (approved →
 * submitted → filled or cancelled). Not fetched at all for the others.
 */
export const useDecidedRecommendation = (initial: RecommendationView, decided: boolean) =>
  useQuery({
    queryKey: recommendationKey(initial.id),
    queryFn: () => fetchRecommendation(initial.id),
    initialData: initial,
    enabled: decided,
    // The decision's answer is fresh; only the polling below updates it.
    staleTime: Infinity,
    refetchInterval: (q) => (FOLLOWS_ORDER.has(q.state.data?.status ?? 'pending') ? WORKING_REFETCH_MS : false),
  });
