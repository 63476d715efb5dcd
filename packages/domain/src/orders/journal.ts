// The trade journal: closed round trips built from fills and option events, per account and instrument.
//
// Fills and events are walked in time order (a fill before an event at the same instant). A trip opens when the
// position leaves 0 and closes when it is back at 0; a fill that crosses zero closes one trip and opens the next with
// the rest (its commission split pro rata). An assignment, exercise or expiration closes the contracts it names at
// price 0, so the option's premium is the trip's P&L and the stock's trade stands on its own. Money is exact (Micros).
// A trip still open is not in the journal; an event for a flat position changes nothing.
import { formatMoney, micros, multiplyMoney, parseMoney } from '../money';
import type { JournalEvent, JournalFill, JournalMode, JournalTrade } from './journal-types';

const DAY_MS = 86_400_000;

interface Trip {
  opening: JournalFill;
  mode: JournalMode;
  openedAt: Date;
  maxQuantity: number;
  /** Money of the opening fills: + received selling, − paid buying. */
  premium: bigint;
  buys: bigint;
  sells: bigint;
  commissions: bigint;
}

type Step = { at: number; index: number } & ({ fill: JournalFill } | { event: JournalEvent });

const closedByOf = (kind: JournalEvent['kind']): JournalTrade['closedBy'] =>
  kind === 'early_assignment' ? 'assignment' : kind;

const money = (amount: bigint): string => formatMoney(micros(amount));

function tradeOf(trip: Trip, closedAt: Date, closedBy: JournalTrade['closedBy']): JournalTrade {
  const { opening } = trip;
  return {
    accountId: opening.accountId,
    accountCode: opening.accountCode,
    instrumentId: opening.instrumentId,
    key: opening.key,
    symbol: opening.symbol,
    kind: opening.kind,
    direction: opening.side === 'sell' ? 'short' : 'long',
    quantity: trip.maxQuantity,
    openedAt: trip.openedAt,
    closedAt,
    daysHeld: Math.floor((closedAt.getTime() - trip.openedAt.getTime()) / DAY_MS),
    premium: money(trip.premium),
    commissions: money(trip.commissions),
    realizedPnl: money(trip.sells - trip.buys - trip.commissions),
    closedBy,
    mode: trip.mode,
  };
}

/** The round trips of one account's instrument, in the order they closed. */
function tripsOf(steps: readonly Step[]): JournalTrade[] {
  const trades: JournalTrade[] = [];
  let position = 0;
  let trip: Trip | null = null;
  for (const step of steps) {
    if ('event' in step) {
      if (!trip || position === 0) continue;
      const named = Math.abs(step.event.quantity);
      const closing = named === 0 ? Math.abs(position) : Math.min(named, Math.abs(position));
      position -= Math.sign(position) * closing;
      if (position === 0) {
        trades.push(tradeOf(trip, step.event.occurredAt, closedByOf(step.event.kind)));
        trip = null;
      }
      continue;
    }
    const { fill } = step;
    const sign = fill.side === 'buy' ? 1 : -1;
    const price = parseMoney(fill.price);
    const commission = fill.commission === null ? 0n : parseMoney(fill.commission);
    const book = (target: Trip, units: number, fee: bigint, opening: boolean) => {
      const amount: bigint = multiplyMoney(price, units * fill.multiplier);
      if (sign > 0) target.buys += amount;
      else target.sells += amount;
      if (opening) target.premium += sign > 0 ? 0n - amount : amount;
      target.commissions += fee;
    };
    let rest = fill.quantity;
    let restFee = commission;
    if (trip && position !== 0 && Math.sign(position) !== sign) {
      const closing = Math.min(rest, Math.abs(position));
      const fee = (commission * BigInt(closing)) / BigInt(fill.quantity);
      book(trip, closing, fee, false);
      position += sign * closing;
      rest -= closing;
      restFee -= fee;
      if (position === 0) {
        trades.push(tradeOf(trip, fill.executedAt, 'trade'));
        trip = null;
      }
    }
    if (rest <= 0) continue;
    trip ??= {
      opening: fill,
      mode: fill.mode,
      openedAt: fill.executedAt,
      maxQuantity: 0,
      premium: 0n,
      buys: 0n,
      sells: 0n,
      commissions: 0n,
    };
    book(trip, rest, restFee, true);
    position += sign * rest;
    trip.maxQuantity = Math.max(trip.maxQuantity, Math.abs(position));
  }
  return trades;
}

/** Closed round trips of every account and instrument, newest close first. */
export function buildJournal(fills: readonly JournalFill[], events: readonly JournalEvent[]): JournalTrade[] {
  const groups = new Map<string, Step[]>();
  const add = (accountId: string, instrumentId: string, step: Step) => {
    const key = `${accountId}\u0000${instrumentId}`;
    const list = groups.get(key) ?? [];
    list.push(step);
    groups.set(key, list);
  };
  fills.forEach((fill, index) => {
    if (!Number.isSafeInteger(fill.quantity) || fill.quantity <= 0) {
      throw new RangeError(`Fill quantity must be a positive integer: ${fill.quantity}`);
    }
    add(fill.accountId, fill.instrumentId, { at: fill.executedAt.getTime(), index, fill });
  });
  events.forEach((event, index) =>
    add(event.accountId, event.instrumentId, { at: event.occurredAt.getTime(), index: fills.length + index, event }),
  );
  const trades = [...groups.values()].flatMap((steps) =>
    tripsOf(steps.sort((a, b) => a.at - b.at || a.index - b.index)),
  );
  return trades.sort(
    (a, b) =>
      b.closedAt.getTime() - a.closedAt.getTime() ||
      b.openedAt.getTime() - a.openedAt.getTime() ||
      a.accountId.localeCompare(b.accountId) ||
      a.instrumentId.localeCompare(b.instrumentId),
  );
}
