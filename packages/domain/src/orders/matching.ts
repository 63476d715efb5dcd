// How a simulated venue fills an order against a quote — the rules shared by the sim broker and the Order Manager's
// paper engine, so a paper fill and a sim fill of the same order at the same quote are the same fill.
//
// - A leg fills at its natural side: BUY at the ask, SELL at the bid, rounded to the cent. A side without a finite
//   quote never fills (unknown is not zero).
// - Single leg: a BUY limit is marketable when ask ≤ limit, a SELL limit when bid ≥ limit. Several legs (net limit,
//   positive = debit): when the natural net (Σ buys at the ask − Σ sells at the bid, × ratios) ≤ limit. Market orders
//   are always marketable.
// - Each check fills at most a displayed size seeded by the caller's text (a deterministic hash, no randomness):
//   5–50 option contracts, 200–5,000 shares; at least 1, at most what remains. The rest keeps working.
// The market-hours check stays with the caller: it owns the clock.
import { type Micros, micros } from '../money';

export interface QuotedLeg {
  side: 'BUY' | 'SELL';
  /** Units of this leg per unit of the order; a positive integer. */
  ratio: number;
  /** Per share; null when unknown. */
  bid: number | null;
  ask: number | null;
}

export interface NaturalPrices {
  /** Per leg, per share, rounded to the cent. */
  legs: Micros[];
  /** Per order unit: Σ buys − Σ sells, × ratios (positive = debit). */
  net: Micros;
}

export interface MatchLeg extends QuotedLeg {
  kind: 'option' | 'stock';
  /** Seeds this leg's displayed size; the same text always shows the same size. */
  seedText: string;
}

export interface MatchInput {
  orderType: 'LMT' | 'MKT';
  /** Per share: a single leg's price (positive) or a combo's signed net; null only for market orders. */
  limit: Micros | null;
  /** Order units still to fill. */
  remaining: number;
  legs: readonly MatchLeg[];
}

export interface Match {
  /** Order units filled by this check: ≥ 1, ≤ remaining. */
  quantity: number;
  /** Per leg, per share: the natural side, rounded to the cent. */
  legPrices: Micros[];
}

/** FNV-1a 32-bit: a small deterministic hash for seeded sizes and ids. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A price per share rounded to the cent, as exact money. */
export const roundToCents = (value: number): Micros => micros(BigInt(Math.round(value * 100)) * 10_000n);

/** Natural fill prices per leg and the net per order unit; null when a needed side is missing or not finite. */
export function naturalPrices(legs: readonly QuotedLeg[]): NaturalPrices | null {
  const prices: Micros[] = [];
  let net = 0n;
  for (const leg of legs) {
    const side = leg.side === 'BUY' ? leg.ask : leg.bid;
    if (side === null || !Number.isFinite(side)) return null;
    const price = roundToCents(side);
    prices.push(price);
    net += (leg.side === 'BUY' ? 1n : -1n) * BigInt(leg.ratio) * price;
  }
  return { legs: prices, net: micros(net) };
}

/** Whether an order's limit reaches the natural prices (see the header). */
export function isMarketable(
  order: { orderType: 'LMT' | 'MKT'; limit: Micros | null; legs: readonly { side: 'BUY' | 'SELL' }[] },
  natural: NaturalPrices,
): boolean {
  if (order.orderType === 'MKT' || order.limit === null) return true;
  const [leg] = order.legs;
  const [price] = natural.legs;
  if (order.legs.length === 1 && leg && price !== undefined) {
    return leg.side === 'BUY' ? price <= order.limit : price >= order.limit;
  }
  return natural.net <= order.limit;
}

/** The size a venue shows for one contract at one check: 5–50 option contracts, 200–5,000 shares (round lots). */
export function displayedSize(seedText: string, kind: 'option' | 'stock'): number {
  const h = hash32(seedText);
  return kind === 'option' ? 5 + (h % 46) : 100 * (2 + (h % 49));
}

/** One matching check of a working order: what fills now and at which prices, or null when nothing does. */
export function matchOrder(input: MatchInput): Match | null {
  if (!Number.isSafeInteger(input.remaining) || input.remaining < 1 || input.legs.length === 0) return null;
  const natural = naturalPrices(input.legs);
  if (!natural || !isMarketable(input, natural)) return null;
  // Every leg must be available in its ratio: the smallest displayed size, in order units, bounds the fill.
  const shown = Math.min(...input.legs.map((leg) => Math.floor(displayedSize(leg.seedText, leg.kind) / leg.ratio)));
  return { quantity: Math.min(input.remaining, Math.max(1, shown)), legPrices: natural.legs };
}
