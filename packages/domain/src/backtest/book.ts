// The backtest's account: exact cash (Micros), positions with their average price, and the round trips they make.
// Every change of cash or quantity goes through `fill` or `credit`, so the ledger and the trade list cannot disagree.
import type { IsoDate } from '../calendar';
import { type Micros, micros } from '../money';
import { type MarginInstrument, type MarginPosition, moneyFromNumber } from '../risk/margin';
import type { BacktestFill, BacktestTrade } from './types';

export interface Holding {
  key: string;
  symbol: string;
  instrument: MarginInstrument;
  /** Signed: negative is short. */
  quantity: number;
  /** Average opening price per share. */
  avgPrice: number;
  /** Mark per share at the last close; null when unknown. */
  mark: number | null;
  trip: Trip;
}

interface Trip {
  openedOn: IsoDate;
  direction: 'long' | 'short';
  maxQuantity: number;
  /** Cash in at the opening fills (× multiplier): sells positive. */
  premium: number;
  /** Σ sells − Σ buys (× multiplier) over the trip. */
  flows: number;
  commissions: number;
}

export const holdingKey = (symbol: string, instrument: MarginInstrument): string =>
  instrument.kind === 'stock'
    ? `${symbol}|stock`
    : `${symbol}|${instrument.expiry}|${instrument.strike}|${instrument.right}`;

const multiplierOf = (instrument: MarginInstrument): number =>
  instrument.kind === 'option' ? instrument.multiplier : 1;

export type FillReason = BacktestFill['reason'];
export type CloseReason = BacktestTrade['closedBy'];

export class BacktestBook {
  cash: Micros;
  readonly holdings = new Map<string, Holding>();
  readonly fills: BacktestFill[] = [];
  readonly trades: BacktestTrade[] = [];

  constructor(initialCash: Micros) {
    this.cash = initialCash;
  }

  /** Interest, dividends: cash that moves without a trade. */
  credit(amount: number): void {
    this.cash = micros(this.cash + moneyFromNumber(amount));
  }

  /**
   * Buys (quantity > 0) or sells (quantity < 0) `instrument` at `price` per share, paying `commission`. A fill that
   * crosses zero closes the round trip and opens the opposite one with the rest.
   */
  fill(args: {
    date: IsoDate;
    symbol: string;
    instrument: MarginInstrument;
    quantity: number;
    price: number;
    commission: number;
    reason: FillReason;
    closedBy?: CloseReason;
  }): void {
    const { date, symbol, instrument, quantity, price, commission } = args;
    if (quantity === 0) return;
    const mult = multiplierOf(instrument);
    const flow = -quantity * mult * price;
    this.cash = micros(this.cash + moneyFromNumber(flow) - moneyFromNumber(commission));
    this.fills.push({
      date,
      symbol,
      kind: instrument.kind,
      right: instrument.kind === 'option' ? instrument.right : null,
      strike: instrument.kind === 'option' ? instrument.strike : null,
      expiry: instrument.kind === 'option' ? instrument.expiry : null,
      multiplier: mult,
      side: quantity > 0 ? 'BUY' : 'SELL',
      quantity: Math.abs(quantity),
      price,
      commission,
      reason: args.reason,
    });
    const key = holdingKey(symbol, instrument);
    const held = this.holdings.get(key);
    const before = held?.quantity ?? 0;
    const closing =
      before !== 0 && Math.sign(quantity) !== Math.sign(before) ? Math.min(Math.abs(quantity), Math.abs(before)) : 0;
    const opening = Math.abs(quantity) - closing;
    if (held && closing > 0) {
      const share = closing / Math.abs(quantity);
      held.trip.flows += flow * share;
      held.trip.commissions += commission * share;
      held.quantity = before + Math.sign(quantity) * closing;
      if (held.quantity === 0) {
        this.closeTrip(held, date, args.closedBy ?? 'trade');
        this.holdings.delete(key);
      }
    }
    if (opening > 0) {
      const share = opening / Math.abs(quantity);
      const signed = Math.sign(quantity) * opening;
      const existing = this.holdings.get(key);
      if (existing) {
        const total = existing.quantity + signed;
        existing.avgPrice = (existing.avgPrice * Math.abs(existing.quantity) + price * opening) / Math.abs(total);
        existing.quantity = total;
        existing.trip.maxQuantity = Math.max(existing.trip.maxQuantity, Math.abs(total));
        existing.trip.premium += flow * share;
        existing.trip.flows += flow * share;
        existing.trip.commissions += commission * share;
      } else {
        this.holdings.set(key, {
          key,
          symbol,
          instrument,
          quantity: signed,
          avgPrice: price,
          mark: price,
          trip: {
            openedOn: date,
            direction: signed > 0 ? 'long' : 'short',
            maxQuantity: opening,
            premium: flow * share,
            flows: flow * share,
            commissions: commission * share,
          },
        });
      }
    }
  }

  private closeTrip(held: Holding, date: IsoDate, closedBy: CloseReason, markValue = 0): void {
    const { instrument, trip } = held;
    this.trades.push({
      symbol: held.symbol,
      kind: instrument.kind,
      right: instrument.kind === 'option' ? instrument.right : null,
      strike: instrument.kind === 'option' ? instrument.strike : null,
      expiry: instrument.kind === 'option' ? instrument.expiry : null,
      direction: trip.direction,
      quantity: trip.maxQuantity,
      openedOn: trip.openedOn,
      closedOn: date,
      premium: trip.premium,
      pnl: trip.flows + markValue - trip.commissions,
      commissions: trip.commissions,
      closedBy,
    });
  }

  /** Positions still open at the end, as trades closed at their marks (closedBy 'end'). */
  closeOpenAtMarks(date: IsoDate): void {
    for (const held of this.holdings.values()) {
      const value = held.quantity * multiplierOf(held.instrument) * (held.mark ?? 0);
      this.closeTrip(held, date, 'end', value);
    }
  }

  positions(): MarginPosition[] {
    return [...this.holdings.values()].map((h) => ({
      symbol: h.symbol,
      quantity: h.quantity,
      mark: h.mark,
      instrument: h.instrument,
    }));
  }

  /** Cash + Σ marked positions, in dollars; null when a mark is unknown. */
  equity(): number | null {
    let value = Number(this.cash) / 1e6;
    for (const h of this.holdings.values()) {
      if (h.mark === null) return null;
      value += h.quantity * multiplierOf(h.instrument) * h.mark;
    }
    return value;
  }
}
