// Fetchers and query hooks of the order flow's read side and the cancel action: orders (list, detail, cancel),
// executions, option events and the trade journal.
import {
  approveResponseSchema,
  executionsResponseSchema,
  journalResponseSchema,
  optionEventsResponseSchema,
  orderDetailSchema,
  ordersResponseSchema,
  type ExecutionsResponse,
  type JournalResponse,
  type OptionEventsResponse,
  type OrderDetailView,
  type OrdersQuery,
  type OrdersResponse,
  type OrderView,
} from '@optionstrader/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';

/** How often working orders are polled: fills and cancels arrive within seconds. */
export const WORKING_REFETCH_MS = 3_000;

export const ORDERS_KEY = ['orders'] as const;
export const orderKey = (id: string) => ['order', id] as const;

/** Absent keys: every status, account and mode. */
export type OrdersFilter = Partial<Pick<OrdersQuery, 'status' | 'accountId' | 'mode' | 'limit'>>;

function query(filter: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const fetchOrders = (filter: OrdersFilter): Promise<OrdersResponse> =>
  request(`/api/orders${query(filter)}`, { schema: ordersResponseSchema });

export const fetchOrder = (id: string): Promise<OrderDetailView> =>
  request(`/api/orders/${encodeURIComponent(id)}`, { schema: orderDetailSchema });

const cancelResponseSchema = approveResponseSchema.pick({ order: true });
export const cancelOrder = (id: string): Promise<OrderView> =>
  request(`/api/orders/${encodeURIComponent(id)}/cancel`, { method: 'POST', schema: cancelResponseSchema }).then(
    (body) => body.order,
  );

export const fetchExecutions = (filter: { accountId?: string; orderId?: string }): Promise<ExecutionsResponse> =>
  request(`/api/executions${query(filter)}`, { schema: executionsResponseSchema });

export const fetchOptionEvents = (filter: { accountId?: string }): Promise<OptionEventsResponse> =>
  request(`/api/option-events${query(filter)}`, { schema: optionEventsResponseSchema });

export const fetchJournal = (filter: { accountId?: string }): Promise<JournalResponse> =>
  request(`/api/journal${query({ ...filter, limit: 1000 })}`, { schema: journalResponseSchema });

const anyWorking = (orders: readonly Pick<OrderView, 'working'>[] | undefined): boolean =>
  orders?.some((o) => o.working) ?? false;

export const useOrders = (filter: OrdersFilter, enabled = true) =>
  useQuery({
    queryKey: [...ORDERS_KEY, filter],
    queryFn: () => fetchOrders(filter),
    placeholderData: keepPreviousData,
    enabled,
    // Polled only while something can still change.
    refetchInterval: (q) => (anyWorking(q.state.data?.orders) ? WORKING_REFETCH_MS : false),
  });

export const useOrder = (id: string | null) =>
  useQuery({
    queryKey: orderKey(id ?? ''),
    queryFn: () => fetchOrder(id ?? ''),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.working ? WORKING_REFETCH_MS : false),
  });

/** Everything a new, changed or cancelled order can alter. */
export function invalidateOrderData(queryClient: QueryClient): Promise<void> {
  return Promise.all(
    [ORDERS_KEY, ['order'], ['executions'], ['option-events'], ['journal'], ['recommendations'], ['positions']].map(
      (queryKey) => queryClient.invalidateQueries({ queryKey }),
    ),
  ).then(() => undefined);
}

export function useCancelOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelOrder,
    onSuccess: (order) => {
      queryClient.setQueryData<OrderDetailView>(orderKey(order.id), (old) => (old ? { ...old, ...order } : old));
    },
    onSettled: () => invalidateOrderData(queryClient),
  });
}
