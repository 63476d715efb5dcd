// Words of the recommendations screen: action and status labels, a leg in one line, the limit price with its
// net bid/ask, and how long until a recommendation expires. Unknown values show as "—", never 0.
import type { OrderView, RecommendationLegView, RecommendationView } from '@optionstrader/contracts';
import { formatAge, formatExpiry, formatFixed, UNKNOWN } from '../dashboard/read-format';

type Action = RecommendationView['action'];
type Status = RecommendationView['status'];

export const ACTION_LABEL: Record<Action, string> = {
  sell_put: 'Sell put',
  sell_call: 'Sell call',
  roll_put: 'Roll put',
  roll_call: 'Roll call',
  close: 'Close',
  buy_leaps: 'Buy LEAPS',
  buy_to_close: 'Buy to close',
  buy_stock: 'Buy stock',
  sell_stock: 'Sell stock',
  buy_put: 'Buy put',
  buy_call: 'Buy call',
};

export const STATUS_COLOR: Record<Status, string> = {
  pending: 'blue',
  approved: 'teal',
  rejected: 'gray',
  expired: 'gray',
  superseded: 'gray',
  submitted: 'indigo',
  filled: 'teal',
  cancelled: 'gray',
};

/** "KO Jun 20, 2026 60.00 put" or "KO shares" (a recommendation's leg or an order's). */
export function legInstrument(leg: RecommendationLegView | OrderView['legs'][number]): string {
  if (leg.kind === 'stock') return `${leg.symbol} shares`;
  const expiry = leg.expiry ? formatExpiry(leg.expiry) : UNKNOWN;
  return `${leg.symbol} ${expiry} ${formatFixed(leg.strike, 2)} ${leg.right ?? ''}`.trim();
}

/** Units of a leg for the whole order: quantity × ratio (contracts, or shares for stock). */
export const legUnits = (leg: Pick<RecommendationLegView, 'ratio'>, quantity: number): number => leg.ratio * quantity;

/**
 * The limit as the order carries it: one leg, its price per share; several legs, the net per share with its sense
 * ("0.45 credit" for −0.45, "1.10 debit" for +1.10).
 */
export function limitPriceText(order: { limitPrice: string | null; legs: readonly unknown[] }): string {
  return netPriceText(order.limitPrice === null ? null : Number(order.limitPrice), order.legs.length);
}

/** A price per share as an order of `legCount` legs carries it: one leg as it is, a combo's net with its sense. */
export function netPriceText(value: number | null, legCount: number): string {
  if (value === null || !Number.isFinite(value)) return UNKNOWN;
  if (legCount <= 1) return formatFixed(value, 2);
  if (value === 0) return `${formatFixed(0, 2)} even`;
  return `${formatFixed(Math.abs(value), 2)} ${value < 0 ? 'credit' : 'debit'}`;
}

/** The net bid/ask the limit sits between: "bid 1.20 · ask 1.30" (each "—" when unknown). */
export function spreadText(spread: RecommendationView['spread']): string {
  return `bid ${formatFixed(spread.bid, 2)} · ask ${formatFixed(spread.ask, 2)}`;
}

/** "in 3 h" until a future instant, "expired 5 min ago" past it; "—" without one. */
export function expiresText(iso: string | null, now: number): string {
  if (!iso) return UNKNOWN;
  const at = new Date(iso).getTime();
  if (at <= now) return `expired ${formatAge(iso, now)} ago`;
  // The age of "now" as seen from the expiry is the time left.
  return `in ${formatAge(new Date(now).toISOString(), at)}`;
}

/** A params value for display: numbers and strings as they are, anything else as JSON. */
export function paramText(value: unknown): string {
  if (value === null || value === undefined) return UNKNOWN;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
