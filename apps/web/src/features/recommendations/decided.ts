// Recommendations decided on the page stay in view (with their new status and order) after the list, filtered to
// pending, no longer holds them; they keep their place, since the list is ordered newest first.
import type { OrderView, RecommendationView } from '@optionstrader/contracts';

export interface DecidedEntry {
  recommendation: RecommendationView;
  order: OrderView | null;
}

/** Newest first, then by id: the server's order of the list. */
function newestFirst(a: RecommendationView, b: RecommendationView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The list to show: the server's, plus the decided ones it no longer holds (when they match the account and instance
 * filters), in the server's order.
 */
export function withDecided(
  list: readonly RecommendationView[],
  decided: ReadonlyMap<string, DecidedEntry>,
  filter: { accountId?: string | undefined; instanceId?: string | undefined },
): RecommendationView[] {
  const ids = new Set(list.map((r) => r.id));
  const extra = [...decided.values()]
    .map((d) => d.recommendation)
    .filter(
      (r) =>
        !ids.has(r.id) &&
        (!filter.accountId || r.accountId === filter.accountId) &&
        (!filter.instanceId || r.instanceId === filter.instanceId),
    );
  if (extra.length === 0) return [...list];
  return [...list, ...extra].sort(newestFirst);
}

/** Which order each recommendation became, from a list of orders (the newest wins if one was ever placed twice). */
export function ordersByRecommendation(orders: readonly OrderView[]): Map<string, OrderView> {
  const byId = new Map<string, OrderView>();
  for (const order of orders) {
    if (!order.recommendationId) continue;
    const seen = byId.get(order.recommendationId);
    if (!seen || seen.createdAt < order.createdAt) byId.set(order.recommendationId, order);
  }
  return byId;
}

/** Statuses that come with an order. */
export const HAS_ORDER: ReadonlySet<RecommendationView['status']> = new Set([
  'approved',
  'submitted',
  'filled',
  'cancelled',
]);
