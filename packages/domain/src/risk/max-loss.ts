// Max loss per underlier: how much the positions on one underlier can lose from today's marks to expiry.
//
// The payoff at expiry (options at intrinsic value, stock at S_T) is piecewise linear in the terminal price
// S_T ∈ [0, ∞) with kinks at the strikes, so its minimum is at S_T = 0 or a strike unless the slope for S_T → ∞
// (shares + Σ call contracts × multiplier) is negative, when the loss has no bound (uncovered short calls, short stock):
//   max loss = Σ qty × multiplier × mark (today)  −  min over {0, strikes} of the value at expiry.
// e.g. short 1 put K 95 at 2.00: −200 − (−9,500) = 9,300; bull put spread 95/90 for a 1.20 credit: (5 − 1.20) × 100.
// Mixed expiries (diagonals, poor man's covered calls) are all valued at intrinsic, as if they expired together: the
// longer leg's time value is ignored, which overstates the loss (conservative). Stale marks can make it negative.
import type { MarginMarket, MarginPosition } from './margin';
import { bySymbol, describeInstrument, liveSymbols, money, plural, shares } from './rule-helpers';

export interface MaxLoss {
  symbol: string;
  /** Positive = loss, in account currency; null when the risk is not defined or a mark is unknown. */
  maxLoss: number | null;
  definedRisk: boolean;
  reason: string;
}

const cents = (value: number): number => Math.round(value * 100) / 100;

function valueAtExpiry(group: readonly MarginPosition[], S: number): number {
  let value = 0;
  for (const { quantity, instrument } of group) {
    if (instrument.kind === 'stock') value += quantity * S;
    else {
      const K = instrument.strike;
      value += quantity * instrument.multiplier * Math.max(0, instrument.right === 'call' ? S - K : K - S);
    }
  }
  return value;
}

/** Why the loss has no bound: uncovered short calls and/or short stock. */
function unboundedReason(symbol: string, group: readonly MarginPosition[]): string {
  const stock = group.filter((p) => p.instrument.kind === 'stock').reduce((s, p) => s + p.quantity, 0);
  let callShares = 0;
  let multiplier = 100;
  for (const { quantity, instrument } of group) {
    if (instrument.kind !== 'option' || instrument.right !== 'call') continue;
    callShares += quantity * instrument.multiplier;
    if (quantity < 0) multiplier = instrument.multiplier;
  }
  const parts: string[] = [];
  const uncovered = Math.max(0, -callShares - Math.max(0, stock));
  if (uncovered > 0) {
    const contracts = uncovered / multiplier;
    parts.push(
      Number.isInteger(contracts)
        ? plural(contracts, 'uncovered short call')
        : `short calls on ${shares(uncovered)} uncovered`,
    );
  }
  if (stock < 0) parts.push(`${shares(-stock)} short`);
  return `${parts.join(' and ')}: the loss grows without limit as ${symbol} rises`;
}

/** "KO at or below 90.00" — the terminal prices where the value at expiry is lowest. */
function worstRange(symbol: string, points: number[], values: number[], flatAbove: boolean): string {
  const min = Math.min(...values);
  const at = (i: number) => Math.abs((values[i] ?? Infinity) - min) <= 1e-9 * Math.max(1, Math.abs(min));
  const first = values.findIndex((_, i) => at(i));
  let last = first;
  while (last + 1 < values.length && at(last + 1)) last++;
  const lo = points[first] ?? 0;
  const hi = points[last] ?? 0;
  const open = flatAbove && last === values.length - 1;
  if (open) return lo === 0 ? `any ${symbol} price` : `${symbol} at or above ${money(lo)}`;
  if (lo === hi) return `${symbol} at ${money(lo)}`;
  return lo === 0 ? `${symbol} at or below ${money(hi)}` : `${symbol} between ${money(lo)} and ${money(hi)}`;
}

function maxLossOf(symbol: string, group: MarginPosition[], spot: number | null): MaxLoss {
  const slope = group.reduce(
    (s, { quantity, instrument }) =>
      instrument.kind === 'stock'
        ? s + quantity
        : instrument.right === 'call'
          ? s + quantity * instrument.multiplier
          : s,
    0,
  );
  if (slope < 0) return { symbol, maxLoss: null, definedRisk: false, reason: unboundedReason(symbol, group) };

  const unknown = group.filter((p) => p.mark === null);
  if (unknown.length > 0) {
    const which = unknown.map((p) => describeInstrument(p.symbol, p.instrument)).join(', ');
    return { symbol, maxLoss: null, definedRisk: true, reason: `${which}: mark unknown` };
  }
  const today = group.reduce(
    (s, p) => s + p.quantity * (p.instrument.kind === 'option' ? p.instrument.multiplier : 1) * (p.mark ?? 0),
    0,
  );
  const strikes = group.flatMap((p) => (p.instrument.kind === 'option' ? [p.instrument.strike] : []));
  const points = [...new Set([0, ...strikes])].sort((a, b) => a - b);
  const values = points.map((S) => valueAtExpiry(group, S));
  const worst = Math.min(...values);
  const now = spot === null || !Number.isFinite(spot) ? '' : ` (now ${money(spot)})`;
  return {
    symbol,
    maxLoss: cents(today - worst),
    definedRisk: true,
    reason: `Worst case at expiry: ${worstRange(symbol, points, values, slope === 0)}${now}, worth ${money(cents(worst))} against ${money(cents(today))} at today's marks`,
  };
}

/** Max loss of each underlier with a live position, sorted by symbol (conventions at the top). */
export function maxLossByUnderlier(positions: MarginPosition[], market: MarginMarket): MaxLoss[] {
  const live = positions.filter((p) => p.quantity !== 0);
  return liveSymbols(live).map((symbol) => maxLossOf(symbol, bySymbol(live, symbol), market.spot(symbol)));
}
