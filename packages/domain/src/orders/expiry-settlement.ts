// Settlement of options at expiry — one rule for the sim broker and the paper book: an option at least 0.01 in the
// money against the underlier's close (rounded to the cent) is exercised (long) or assigned (short) into stock at the
// strike; any other expires. The option closes at 0, so its premium stays realized P&L instead of moving into the
// stock's cost, and exercise/assignment carries no commission. An option whose close is unknown is left alone: it is
// never settled as if the underlier were at 0.
import type { IsoDate } from '../calendar';
import { parseStrike } from '../instruments';
import { type Micros, formatMoney, micros, parseMoney } from '../money';
import type { OptionRight } from '../pricing/types';
import { roundToCents } from './matching';

export type ExpiryOutcome = 'assignment' | 'exercise' | 'expiration';

const ONE_CENT = 10_000n;

/** What happens to `quantity` contracts (signed) at an expiry close of `close` per share. */
export function expiryOutcome(
  option: { right: OptionRight; strike: Micros; quantity: number },
  close: Micros,
): ExpiryOutcome {
  const itm = option.right === 'call' ? close - option.strike : option.strike - close;
  if (itm < ONE_CENT) return 'expiration';
  return option.quantity > 0 ? 'exercise' : 'assignment';
}

/**
 * Signed shares an exercise or assignment of `quantity` contracts (signed) moves into the account: long calls and
 * short puts receive shares, long puts and short calls deliver them.
 */
export function sharesDelivered(right: OptionRight, quantity: number, multiplier: number): number {
  const units = quantity * multiplier;
  return right === 'call' ? units : -units;
}

/** A position of a paper book, as stored (the application's `PaperPositionRecord` fits). */
export interface SettlementPosition {
  instrumentId: string;
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  kind: 'option' | 'stock';
  right: OptionRight | null;
  /** Per share. */
  strike: number | null;
  expiry: IsoDate | null;
  multiplier: number;
  /** Signed contracts or shares. */
  quantity: number;
  /** Signed money paid for the open quantity (+ long cost, − short credit), commissions included; decimal string. */
  costBasis: string;
}

export interface SettlementEvent {
  kind: ExpiryOutcome;
  instrumentId: string;
  symbol: string;
  /** Signed contracts closed (a short assigned: negative). */
  quantity: number;
  expiry: IsoDate;
  /** The underlier's close the outcome was decided on, rounded to the cent; decimal string. */
  close: string;
  /** The option's P&L realized by closing it at 0: − its cost basis; decimal string. */
  realizedPnl: string;
}

/**
 * A move of one position, in the paper book's delta convention: `quantity` signed units, `cost` the signed money paid
 * (+) or received (−) for them. The option's delta takes it to 0 at price 0, so its cost is 0: the position is
 * removed and its basis is what was realized (`SettlementEvent.realizedPnl`). The stock's delta is bought (or sold)
 * at the strike: cost = strike × shares. Stock the book does not hold yet is named by symbol, for the caller to
 * resolve to an instrument.
 */
export interface SettlementDelta {
  target: { instrumentId: string } | { stockSymbol: string };
  quantity: number;
  /** Decimal string. */
  cost: string;
}

export interface ExpirySettlement {
  events: SettlementEvent[];
  deltas: SettlementDelta[];
  /** Options due whose close (or right/strike) is unknown: not settled, left for a later pass. */
  unknown: { instrumentId: string; symbol: string; expiry: IsoDate }[];
}

/**
 * Settles a book's options with expiry ≤ `date` and a non-zero quantity against `closeOf(symbol, expiry)` (the
 * underlier's close that day; null when unknown). Stock and later expiries are untouched.
 */
export function settleExpiredOptions(
  positions: readonly SettlementPosition[],
  closeOf: (symbol: string, expiry: IsoDate) => number | null,
  date: IsoDate,
): ExpirySettlement {
  const result: ExpirySettlement = { events: [], deltas: [], unknown: [] };
  for (const position of positions) {
    const { expiry, right, strike, quantity } = position;
    if (position.kind !== 'option' || expiry === null || expiry > date || quantity === 0) continue;
    const rawClose = closeOf(position.symbol, expiry);
    if (right === null || strike === null || rawClose === null || !Number.isFinite(rawClose)) {
      result.unknown.push({ instrumentId: position.instrumentId, symbol: position.symbol, expiry });
      continue;
    }
    const close = roundToCents(rawClose);
    const strikeMicros = parseStrike(strike);
    const kind = expiryOutcome({ right, strike: strikeMicros, quantity }, close);
    result.events.push({
      kind,
      instrumentId: position.instrumentId,
      symbol: position.symbol,
      quantity,
      expiry,
      close: formatMoney(close),
      realizedPnl: formatMoney(micros(0n - parseMoney(position.costBasis))),
    });
    result.deltas.push({ target: { instrumentId: position.instrumentId }, quantity: -quantity, cost: '0.00' });
    if (kind === 'expiration') continue;
    const shares = sharesDelivered(right, quantity, position.multiplier);
    const held = positions.find((p) => p.kind === 'stock' && p.symbol === position.symbol);
    result.deltas.push({
      target: held ? { instrumentId: held.instrumentId } : { stockSymbol: position.symbol },
      quantity: shares,
      cost: formatMoney(micros(strikeMicros * BigInt(shares))),
    });
  }
  return result;
}
