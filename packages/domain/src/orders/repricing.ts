// The repricing ladder: the limit prices an unfilled order walks through, from the mid toward the natural price.
//
// Price convention (here only): every price is a MAGNITUDE per share, and `side` says which way is better.
//   credit — you receive the price (selling an option, a credit spread, a roll for a credit): HIGHER is better.
//            The natural is the price you can sell at now (the bid, or the combo's net bid), at or below the mid.
//   debit  — you pay the price (buying to close, a debit roll): LOWER is better. The natural is the ask (net ask),
//            at or above the mid.
// A multi-leg order's signed net price (strategies/types.ts: positive = debit, negative = credit) maps as
// −0.85 → { side: 'credit', price 0.85 } and +0.85 → { side: 'debit', price 0.85 }. A combo's natural can lie on the
// other side of zero (a credit spread whose net bid is a 0.03 debit): pass it as a negative magnitude (−0.03); the
// ladder still never goes below one tick, so a credit never turns into a debit.
//
// The ladder:
//   price 0  = the mid rounded to the tick in the trader's favour (credit: up, debit: down);
//   price k  = the mid moved k × stepFraction of the way to the natural (capped at the natural), rounded the same way;
//   each price is clamped at the worst acceptable price — the natural, the trader's `limit` (credit: minimum credit,
//   debit: maximum debit) and, for a credit, one tick — and the ladder ends when it reaches it or after `maxSteps`
//   steps. Steps that round to a price already tried are skipped, so the ladder is strictly monotonic (each attempt
//   really concedes something) and may be shorter than maxSteps + 1.
//   mid == natural gives a one-price ladder; a limit better than the rounded mid gives an empty one (no price from the
//   mid toward the natural is acceptable).
// Prices are rounded with ticks.ts's `roundToTick` (integer micro-units) and compared as integer cents, so 0.1 + 0.2 is
// 30 cents, not a hair above it that would round up to the next tick. Ticks must be whole cents (0.01, 0.05, 0.10);
// the caller picks it (`orderTick`: 0.01 for a combo; a single option's tick can change at 3.00 — pass the tick of
// the prices the ladder spans).
import type { PriceSide } from './price-band';
import { roundToTick } from './ticks';

/** Credit: you receive (higher is better for you); debit: you pay (lower is better). */
export type RepriceSide = PriceSide;

export interface RepriceLadderInput {
  side: RepriceSide;
  /** Per share, magnitude; null when there is no two-sided market. */
  mid: number | null;
  /** Per share, magnitude (may be negative for a combo whose natural is on the other side of zero); null = unknown. */
  natural: number | null;
  /** Fraction of the mid→natural distance each step concedes, in (0, 1]. */
  stepFraction: number;
  /** Steps after the first price (the ladder has at most maxSteps + 1 prices). */
  maxSteps: number;
  /** The worst price the trader accepts (credit: the least credit, debit: the most debit); absent or null = none. */
  limit?: number | null;
  /** Minimum price increment, a whole number of cents (0.01, 0.05, 0.10). */
  tick: number;
}

/** What ended the ladder: the price bound it reached, or the number of steps. */
export type LadderStop = 'natural' | 'limit' | 'one_tick' | 'max_steps';

export type RepriceLadderResult =
  | { ok: true; prices: number[]; stop: LadderStop }
  | { ok: false; reason: 'unknown_mid' | 'unknown_natural' | 'mid_not_positive' | 'natural_better_than_mid' };

function requireFinite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} is not a finite number: ${value}`);
  return value;
}

/**
 * The prices to try in order (see the module note). Unknown mid or natural, a non-positive mid and a natural better
 * than the mid (a crossed or stale market) are results, not errors; malformed parameters throw.
 */
export function repriceLadder(input: RepriceLadderInput): RepriceLadderResult {
  const { side, mid, natural, stepFraction, maxSteps, limit = null } = input;
  // roundToTick rejects a tick that is not a whole number of cents.
  const tickCents = Math.round(roundToTick(input.tick, input.tick, 'up') * 100);
  if (!(stepFraction > 0 && stepFraction <= 1)) throw new RangeError(`stepFraction must be in (0, 1]: ${stepFraction}`);
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 0)
    throw new RangeError(`maxSteps must be an integer ≥ 0: ${maxSteps}`);
  if (mid === null) return { ok: false, reason: 'unknown_mid' };
  if (natural === null) return { ok: false, reason: 'unknown_natural' };
  requireFinite(mid, 'mid');
  requireFinite(natural, 'natural');
  if (limit !== null) requireFinite(limit, 'limit');
  if (mid <= 0) return { ok: false, reason: 'mid_not_positive' };

  // "Goodness" in integer cents: the price for a credit, minus the price for a debit, so higher is always better and
  // rounding up in goodness (the price up for a credit, down for a debit) is always in the trader's favour.
  const sign = side === 'credit' ? 1 : -1;
  const favour = side === 'credit' ? 'up' : 'down';
  const good = (price: number): number => sign * Math.round(roundToTick(price, input.tick, favour) * 100);
  if (sign * natural > sign * mid) return { ok: false, reason: 'natural_better_than_mid' };

  const naturalBound = good(natural);
  const limitBound = limit === null ? -Infinity : good(limit);
  // A credit stays at least one tick; a debit only moves away from zero, so it cannot flip.
  const tickBound = side === 'credit' ? tickCents : -Infinity;
  const bound = Math.max(naturalBound, limitBound, tickBound);
  const boundStop: LadderStop = bound === naturalBound ? 'natural' : bound === limitBound ? 'limit' : 'one_tick';

  // A debit that rounds down to nothing is paid at one tick (zero is no price); a credit rounds up, never to zero.
  const start = side === 'debit' ? Math.min(good(mid), -tickCents) : good(mid);
  if (start < bound) return { ok: true, prices: [], stop: boundStop };

  const ladder = [start];
  let last = start;
  for (let step = 1; step <= maxSteps && last > bound; step++) {
    const target = mid + Math.min(1, step * stepFraction) * (natural - mid);
    const next = Math.max(bound, good(target));
    if (next < last) {
      ladder.push(next);
      last = next;
    }
  }
  return {
    ok: true,
    prices: ladder.map((cents) => (sign * cents) / 100),
    stop: last === bound ? boundStop : 'max_steps',
  };
}

function requireAttempt(attempt: number): void {
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be an integer ≥ 0: ${attempt}`);
}

/**
 * The price to move to from the one now working: `attempt` is the index in the ladder of the working price (0 = the
 * first, at the mid). Null when the ladder is exhausted (the order stays at its last price or is cancelled — the
 * caller's policy).
 */
export function nextPrice(ladder: readonly number[], attempt: number): number | null {
  requireAttempt(attempt);
  return ladder[attempt + 1] ?? null;
}

export interface RepriceDueInput {
  /** When the order was first placed (at ladder price 0). */
  placedAtMs: number;
  nowMs: number;
  /** Time each price is given to fill. */
  delayMs: number;
  /** Index in the ladder of the price now working. */
  attempt: number;
}

/**
 * Whether the working price has had its time: the move to price `attempt + 1` is due at placedAt + (attempt + 1) ×
 * delay. Measured from the first placement, so a late timer or a slow modification does not push later steps back.
 */
export function repriceDue(input: RepriceDueInput): { due: boolean; dueAtMs: number } {
  const { placedAtMs, nowMs, delayMs, attempt } = input;
  requireFinite(placedAtMs, 'placedAtMs');
  requireFinite(nowMs, 'nowMs');
  if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new RangeError(`delayMs must be ≥ 0: ${delayMs}`);
  requireAttempt(attempt);
  const dueAtMs = placedAtMs + (attempt + 1) * delayMs;
  return { due: nowMs >= dueAtMs, dueAtMs };
}
