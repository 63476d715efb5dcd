// Assignments, exercises and expirations read off a broker's book: the broker reports positions, not these events, so
// they are inferred from two consecutive syncs of one account. An option held before that is gone (or smaller) after,
// with no fill of it in between, was settled:
// - expiry ≤ today: assigned or exercised when the underlier's stock moved by the shares that implies (short put
//   assigned: +; short call assigned: −; long call exercised: +; long put exercised: −), otherwise it expired;
// - expiry > today: an early assignment when the stock moved accordingly, otherwise it is left unexplained.
// Several options of one underlier may settle at once; the stock's move is matched against every combination, and
// when several fit, the one leaving the fewest unexplained wins, then the one that agrees with moneyness (of two puts
// of one expiry, the higher strike is assigned first), then the one settling the fewest expiring options.
// When the stock itself traded in between, its move says nothing about settlements: those options are unexplained.
import type { IsoDate } from '../calendar';
import { parseInstrumentKey } from '../instruments';
import type { OptionRight } from '../pricing/types';
import type { OptionEventKind } from '../strategies/types';
import { sharesDelivered } from './expiry-settlement';

export interface HeldPosition {
  key: string;
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  kind: 'option' | 'stock';
  right: OptionRight | null;
  strike: number | null;
  expiry: IsoDate | null;
  multiplier: number;
  /** Signed contracts or shares. */
  quantity: number;
}

export interface DetectionInput {
  /** The account's positions at the earlier sync. */
  before: readonly HeldPosition[];
  /** The same account's positions at the later sync. */
  after: readonly HeldPosition[];
  /** Instrument keys with fills between the two syncs. */
  tradedKeys: Iterable<string>;
  /** The New York date of the later sync. */
  today: IsoDate;
}

export interface DetectedOptionEvent {
  kind: OptionEventKind;
  key: string;
  symbol: string;
  right: OptionRight;
  strike: number;
  expiry: IsoDate;
  /** Signed contracts closed (a short assigned: negative). */
  quantity: number;
  /** Signed shares of the underlier the event moved (0 for an expiration). */
  shares: number;
}

export type UnexplainedReason =
  /** No combination of settlements matches the stock's move (only options not yet at expiry end up here). */
  | 'no_matching_stock_move'
  /** The underlier's stock traded between the syncs, so its move cannot be attributed. */
  | 'stock_traded'
  /** The option went from long to short (or back) without a fill. */
  | 'sign_flipped'
  /** The position lacks right, strike or expiry. */
  | 'incomplete_contract'
  /** Too many options of one underlier changed at once to try every combination. */
  | 'ambiguous';

export interface UnexplainedChange {
  key: string;
  symbol: string;
  /** Signed contracts that disappeared. */
  quantity: number;
  reason: UnexplainedReason;
}

export interface DetectionResult {
  events: DetectedOptionEvent[];
  unexplained: UnexplainedChange[];
}

/** Above this many changed options of one underlier, combinations are not enumerated (2^n). */
const MAX_CANDIDATES = 12;

interface Candidate {
  position: HeldPosition & { right: OptionRight; strike: number; expiry: IsoDate };
  closed: number;
  shares: number;
  expired: boolean;
}

const byKey = (positions: readonly HeldPosition[]): Map<string, HeldPosition> => {
  const map = new Map<string, HeldPosition>();
  for (const p of positions) {
    const seen = map.get(p.key);
    map.set(p.key, seen ? { ...seen, quantity: seen.quantity + p.quantity } : p);
  }
  return map;
};

const stockQuantity = (positions: Map<string, HeldPosition>, symbol: string): number =>
  [...positions.values()]
    .filter((p) => p.kind === 'stock' && p.symbol === symbol)
    .reduce((sum, p) => sum + p.quantity, 0);

const stockSymbolOfKey = (key: string): string | null => {
  try {
    const id = parseInstrumentKey(key);
    return id.secType === 'STK' ? id.symbol : null;
  } catch {
    return null;
  }
};

export function detectOptionEvents(input: DetectionInput): DetectionResult {
  const before = byKey(input.before);
  const after = byKey(input.after);
  const traded = new Set(input.tradedKeys);
  // Stock of an underlier counts as traded when a fill names it (a held row's key, or any STK key of that symbol).
  const stockSymbols = new Map(
    [...before.values(), ...after.values()].filter((p) => p.kind === 'stock').map((p) => [p.key, p.symbol]),
  );
  const tradedStock = new Set(
    [...traded].map((key) => stockSymbols.get(key) ?? stockSymbolOfKey(key)).filter((s): s is string => s !== null),
  );
  const result: DetectionResult = { events: [], unexplained: [] };
  const unexplained = (position: HeldPosition, quantity: number, reason: UnexplainedReason) =>
    result.unexplained.push({ key: position.key, symbol: position.symbol, quantity, reason });

  const candidates = new Map<string, Candidate[]>();
  for (const position of before.values()) {
    if (position.kind !== 'option' || position.quantity === 0 || traded.has(position.key)) continue;
    const held = after.get(position.key)?.quantity ?? 0;
    if (held !== 0 && Math.sign(held) !== Math.sign(position.quantity)) {
      unexplained(position, position.quantity, 'sign_flipped');
      continue;
    }
    if (Math.abs(held) >= Math.abs(position.quantity)) continue;
    const closed = position.quantity - held;
    const { right, strike, expiry } = position;
    if (right === null || strike === null || expiry === null) {
      unexplained(position, closed, 'incomplete_contract');
      continue;
    }
    const list = candidates.get(position.symbol) ?? [];
    list.push({
      position: { ...position, right, strike, expiry },
      closed,
      shares: sharesDelivered(right, closed, position.multiplier),
      expired: expiry <= input.today,
    });
    candidates.set(position.symbol, list);
  }

  for (const [symbol, list] of candidates) {
    if (tradedStock.has(symbol) || list.length > MAX_CANDIDATES) {
      const reason = tradedStock.has(symbol) ? 'stock_traded' : 'ambiguous';
      for (const c of list) unexplained(c.position, c.closed, reason);
      continue;
    }
    const moved = stockQuantity(after, symbol) - stockQuantity(before, symbol);
    const settled = bestCombination(list, moved);
    list.forEach((c, i) => {
      const intoStock = settled[i] === true;
      if (!intoStock && !c.expired) {
        unexplained(c.position, c.closed, 'no_matching_stock_move');
        return;
      }
      const kind: OptionEventKind = !intoStock
        ? 'expiration'
        : !c.expired
          ? 'early_assignment'
          : c.closed > 0
            ? 'exercise'
            : 'assignment';
      const { key, right, strike, expiry } = c.position;
      result.events.push({
        kind,
        key,
        symbol,
        right,
        strike,
        expiry,
        quantity: c.closed,
        shares: intoStock ? c.shares : 0,
      });
    });
  }
  return result;
}

/** Pairs of expiring options (same right and expiry) where the shallower one settled and the deeper one did not. */
function inconsistentPairs(list: readonly Candidate[], inStock: (i: number) => boolean): number {
  let count = 0;
  list.forEach((a, i) => {
    list.forEach((b, j) => {
      const { position: pa } = a;
      const { position: pb } = b;
      if (!a.expired || !b.expired || pa.right !== pb.right || pa.expiry !== pb.expiry) return;
      // At one close, a put with a higher strike (a call with a lower one) is at least as deep in the money.
      const deeper = pa.right === 'put' ? pb.strike > pa.strike : pb.strike < pa.strike;
      if (deeper && inStock(i) && !inStock(j)) count += 1;
    });
  });
  return count;
}

/**
 * Which candidates settled into stock: a combination whose shares sum to the stock's move, leaving the fewest
 * options before expiry unexplained, then agreeing with moneyness (a deeper option of the same expiry settles first),
 * then settling the fewest expiring ones. None when nothing fits.
 */
function bestCombination(list: readonly Candidate[], moved: number): boolean[] {
  let best: { mask: number; score: number[] } | null = null;
  for (let mask = 0; mask < 1 << list.length; mask++) {
    const inStock = (i: number) => (mask & (1 << i)) !== 0;
    const shares = list.reduce((sum, c, i) => sum + (inStock(i) ? c.shares : 0), 0);
    if (shares !== moved) continue;
    const score = [
      list.filter((c, i) => !inStock(i) && !c.expired).length,
      inconsistentPairs(list, inStock),
      list.filter((c, i) => inStock(i) && c.expired).length,
    ];
    if (!best || isLower(score, best.score)) best = { mask, score };
  }
  const mask = best?.mask ?? 0;
  return list.map((_, i) => (mask & (1 << i)) !== 0);
}

const isLower = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
};
