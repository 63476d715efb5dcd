// Words and numbers of the order screens: status labels and colors, the status filter, an order's legs in one line,
// prices in the + debit / − credit convention, fills, the link to one order, and the trade journal's exact totals.
import type { JournalResponse, OrderView } from '@optionstrader/contracts';
import { addMoney, formatMoney, parseMoney } from '@optionstrader/domain';
import { formatQuantity, UNKNOWN } from '../dashboard/read-format';
import { legInstrument, netPriceText } from '../recommendations/recommendation-format';

type OrderStatus = OrderView['status'];

export const ORDER_STATUS_COLOR: Record<OrderStatus, string> = {
  created: 'gray',
  submitted: 'indigo',
  partially_filled: 'cyan',
  filled: 'teal',
  cancel_requested: 'orange',
  cancelled: 'gray',
  rejected: 'red',
  inactive: 'gray',
  expired: 'gray',
};

export const orderStatusLabel = (status: OrderStatus): string => status.replace(/_/g, ' ');

/** The Orders page's status filter: "working" (the default) and "all" are not statuses of their own. */
export const ORDER_FILTERS = [
  { value: 'working', label: 'Working' },
  { value: 'all', label: 'All' },
  { value: 'filled', label: 'Filled' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'rejected', label: 'Rejected' },
] as const;
export type OrderFilter = (typeof ORDER_FILTERS)[number]['value'];

export function parseOrderFilter(value: string | null): OrderFilter {
  return ORDER_FILTERS.find((f) => f.value === value)?.value ?? 'working';
}

/** The API's status parameter: "all" is no parameter. */
export const statusQuery = (filter: OrderFilter): OrderView['status'] | 'working' | undefined =>
  filter === 'all' ? undefined : filter;

/** Where one order is shown: the Orders page, every status, that order opened. */
export const orderLink = (id: string): string => `/orders?status=all&order=${encodeURIComponent(id)}`;

/** One leg: its instrument; a combo: each leg with its side and ratio, "SELL 1 KO … put / BUY 1 KO … put". */
export function orderLegsText(order: Pick<OrderView, 'legs'>): string {
  if (order.legs.length === 1 && order.legs[0]) return legInstrument(order.legs[0]);
  return order.legs.map((leg) => `${leg.side} ${formatQuantity(String(leg.ratio))} ${legInstrument(leg)}`).join(' / ');
}

/** An order's price (limit, average fill) as it carries it: per share; a combo's net as credit/debit. */
export const orderPriceText = (order: Pick<OrderView, 'legs'>, price: string | null): string =>
  netPriceText(price === null ? null : Number(price), order.legs.length);

export const fillText = (order: Pick<OrderView, 'filledQuantity' | 'quantity'>): string =>
  `${formatQuantity(String(order.filledQuantity))}/${formatQuantity(String(order.quantity))}`;

type Trade = JournalResponse['trades'][number];

export const CLOSED_BY_LABEL: Record<Trade['closedBy'], string> = {
  trade: 'closing trade',
  expiration: 'expiration',
  assignment: 'assignment',
  exercise: 'exercise',
};

/** "3 d", "0.5 d". */
export function daysHeldText(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return UNKNOWN;
  return `${days.toLocaleString('en-US', { maximumFractionDigits: 1 })} d`;
}

export interface JournalTotals {
  trades: number;
  /** Exact decimal strings. */
  premium: string;
  commissions: string;
  realizedPnl: string;
}

/** Sums of the journal's money columns, exact (decimal strings in, decimal strings out). */
export function journalTotals(trades: readonly Trade[]): JournalTotals {
  const sum = (pick: (t: Trade) => string) => formatMoney(addMoney(...trades.map((t) => parseMoney(pick(t)))));
  return {
    trades: trades.length,
    premium: sum((t) => t.premium),
    commissions: sum((t) => t.commissions),
    realizedPnl: sum((t) => t.realizedPnl),
  };
}
